// The README's apt-get line for the test suite names exactly the Debian packages .ci/run installs,
// so the two cannot drift apart when a package is added to one of them.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/scratch-project';

const read = (name: string) => readFileSync(path.join(repoRoot, name), 'utf8');

describe('README and .ci/run', () => {
  it('name the same Debian packages', () => {
    const ci = /^packages=\(([^)]*)\)$/m.exec(read('.ci/run'))?.[1]?.split(/\s+/).filter(Boolean);
    const readme = /^sudo apt-get install ([^\n]*)$/m.exec(read('README.md'))?.[1]?.split(/\s+/);
    expect(ci?.length).toBeGreaterThan(0);
    expect(readme).toEqual(ci);
  });
});
