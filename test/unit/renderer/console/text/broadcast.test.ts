// Broadcast targeting: chosen connected consoles get the keys; the others are skipped and named.
import { describe, expect, it } from 'vitest';
import {
  broadcastTargets,
  pruneChoice,
  toggleAll,
  toggleChoice,
} from '../../../../../src-renderer/console/text/broadcast';
import type { BroadcastTab } from '../../../../../src-renderer/console/text/broadcast';

const tabs: BroadcastTab[] = [
  { id: 'a', title: 'web-01', phase: 'connected' },
  { id: 'b', title: 'web-02', phase: 'reconnecting' },
  { id: 'c', title: 'db-01', phase: 'connected' },
  { id: 'd', title: 'win-01', phase: 'stopped' },
];

describe('broadcastTargets', () => {
  it('sends to the chosen connected consoles, in tab order, and names the skipped ones', () => {
    const result = broadcastTargets(tabs, new Set(['d', 'c', 'a', 'b']));
    expect(result.targets).toEqual(['a', 'c']);
    expect(result.skipped).toEqual([
      { id: 'b', title: 'web-02', phase: 'reconnecting' },
      { id: 'd', title: 'win-01', phase: 'stopped' },
    ]);
    expect(result.summary).toBe('Sent to 2 consoles; skipped web-02 (reconnecting), win-01 (stopped).');
  });

  it('with nothing chosen, types into the active console only, if it is connected', () => {
    expect(broadcastTargets(tabs, new Set(), 'c')).toEqual({ targets: ['c'], skipped: [], summary: '' });
    expect(broadcastTargets(tabs, new Set(), 'b').targets).toEqual([]);
    expect(broadcastTargets(tabs, new Set()).targets).toEqual([]);
  });

  it('ignores chosen ids whose tab is gone, and says so when every choice is connected', () => {
    const result = broadcastTargets(tabs, new Set(['a', 'zzz']));
    expect(result).toEqual({ targets: ['a'], skipped: [], summary: 'Sent to 1 console.' });
  });
});

describe('choosing consoles', () => {
  it('toggles one tab, selects all, clears all, and forgets closed tabs', () => {
    let chosen = toggleChoice(new Set(), 'a');
    expect([...chosen]).toEqual(['a']);
    chosen = toggleChoice(chosen, 'a');
    expect(chosen.size).toBe(0);
    chosen = toggleAll(new Set(['a']), tabs);
    expect([...chosen]).toEqual(['a', 'b', 'c', 'd']);
    expect(toggleAll(chosen, tabs).size).toBe(0);
    expect([...pruneChoice(new Set(['a', 'x']), tabs)]).toEqual(['a']);
  });
});
