import { describe, expect, it } from 'vitest';
import { tabSummary } from '../../../src-renderer/workspace/tab-summary';
import type { ReconnectPhase } from '../../../src-renderer/console/reconnect-types';

describe('tabSummary', () => {
  it('counts the consoles by the state an operator cares about, in a fixed order', () => {
    const phases: ReconnectPhase[] = [...Array<ReconnectPhase>(9).fill('connected'), 'gone', 'stopped'];
    expect(tabSummary(phases)).toBe('9 connected · 1 stopped · 1 failed');
    expect(
      tabSummary(['reconnecting', 'waiting-instance', 'auth-problem', 'failed', 'cancelled', 'offline']),
    ).toBe('2 connecting · 1 not connected · 1 offline · 2 failed');
    expect(tabSummary([])).toBe('');
  });
});
