import { describe, expect, it } from 'vitest';
import { consoleHash, parseRoute } from '../../../../src-renderer/workspace/route';
import { paletteRoute } from '../../../../src-main/shell/palette-window';

describe('hash routes', () => {
  it('reads a detached console route and writes it back the same', () => {
    const ref = { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' };
    expect(consoleHash(ref)).toBe('#/console/demo/ap-guangzhou/ins-demo0001');
    expect(parseRoute(consoleHash(ref))).toEqual({ kind: 'console', ref });
  });

  it('falls back to the workspace for anything else, including malformed parts', () => {
    for (const hash of [
      '',
      '#/',
      '#/console/demo/ap-guangzhou',
      '#/console/Demo/ap-guangzhou/ins-demo0001',
      '#/console/demo/guangzhou/ins-demo0001',
      '#/console/demo/ap-guangzhou/i-12345678',
      '#/console/demo/ap-guangzhou/ins-demo0001/extra',
      '#/console/demo/ap-guangzhou/ins-demo0001?x=1',
    ]) {
      expect(parseRoute(hash), hash).toEqual({ kind: 'workspace' });
    }
  });

  it("reads the quick-connect window's route as main writes it; a malformed profile is dropped", () => {
    expect(parseRoute(paletteRoute())).toEqual({ kind: 'palette' });
    expect(parseRoute(paletteRoute('work-2'))).toEqual({ kind: 'palette', profileId: 'work-2' });
    expect(parseRoute('#/palette/Work%20account')).toEqual({ kind: 'palette' });
    expect(parseRoute('#/palette/demo/extra')).toEqual({ kind: 'workspace' });
  });
});
