// The soak (test/e2e/soak/soak-run.ts) in its two sizes: about two minutes inside `npm test`, and
// 500 forced drops with `npm run soak` (scripts/long-run.mjs). Both assert the same audit.
import { writeFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiOverLimits } from './soak/soak-audit';
import { isLongRun } from '../support/long-run';
import { formatSoak, runSoak, SOAK_INSTANCES, type SoakOptions } from './soak/soak-run';

const FULL = isLongRun('soak');
const OPTIONS: SoakOptions = FULL
  ? {
      drops: 500,
      blackHoles: 12,
      refusedUpgrades: 20,
      apiErrorRate: 0.05,
      latencySpikes: 8,
      reboot: true,
      seed: 16,
    }
  : {
      drops: 60,
      blackHoles: 4,
      refusedUpgrades: 4,
      apiErrorRate: 0.05,
      latencySpikes: 2,
      reboot: true,
      seed: 16,
    };

describe(`soak: ${OPTIONS.drops} forced drops over ${SOAK_INSTANCES.length} consoles`, () => {
  it(
    'restores every outage, never reuses a token, stays within the connect and API limits, and honours Disconnect',
    async () => {
      const report = await runSoak({ ...OPTIONS, progress: (line) => process.stderr.write(`${line}\n`) });
      const lines = formatSoak(report);
      console.log(lines.join('\n'));
      mkdirSync('test-results', { recursive: true });
      writeFileSync(
        `test-results/soak-${FULL ? 'full' : 'short'}.json`,
        JSON.stringify({ options: OPTIONS, lines, ...report }, null, 2),
      );

      expect(report.counts.drop + report.counts['refused-drop']).toBe(OPTIONS.drops);
      expect(report.faults.filter((f) => !f.restored)).toEqual([]);
      expect(report.tokens.reusedOrStale).toBe(0);
      expect(report.tokens.olderThanAppLimit).toBe(0);
      expect(report.tokens.outcomes['rate-limited'] ?? 0).toBe(0);
      // Every refused upgrade was a real 503 the console had to get past.
      expect(report.tokens.outcomes['refused'] ?? 0).toBe(OPTIONS.refusedUpgrades);
      for (const id of SOAK_INSTANCES) {
        expect(report.tokens.connectsPerRollingMinute[id], id).toBeLessThanOrEqual(30);
        expect(report.api.vncUrlsPerRollingMinute[id], id).toBeLessThanOrEqual(30);
      }
      expect(apiOverLimits(report.api)).toEqual([]);
      expect(report.api.outcomes['RequestLimitExceeded'] ?? 0).toBe(0);
      expect(report.injectedApiErrors).toBeGreaterThan(0);
      expect(report.latencySpikes).toBe(OPTIONS.latencySpikes);
      expect(report.disconnect).toMatchObject({ urlRequestsAfter: 0, tokensAfter: 0 });
      expect(report.pageErrors).toEqual([]);
    },
    FULL ? 40 * 60_000 : 170_000,
  );
});
