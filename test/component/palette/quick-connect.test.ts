import { describe, expect, it, vi } from 'vitest';
import type { InstanceSummary, ProfileSummary } from '../../../src-main/contract';
import { QuickConnectState } from '../../../src-renderer/palette/quick-connect.svelte';

const profile = (id: string, name: string): ProfileSummary => ({
  id,
  name,
  kind: 'keys',
  site: 'intl',
  defaultRegion: 'ap-guangzhou',
});
const instance = (instanceId: string, name: string): InstanceSummary => ({
  instanceId,
  name,
  state: 'RUNNING',
  region: 'ap-guangzhou',
  zone: 'ap-guangzhou-3',
  osName: 'Linux',
  type: 'S5.SMALL2',
  privateIps: ['10.0.0.1'],
  publicIps: [],
  tags: [],
});

describe('QuickConnectState', () => {
  it('lists every profile, keeps a failing profile on its previous rows, and says so', async () => {
    let workFails = false;
    const source = {
      profiles: vi.fn(async () => [profile('work', 'Work'), profile('home', 'Home')]),
      instances: vi.fn(async (id: string) => {
        if (id === 'work' && workFails) throw new Error('network down');
        return [instance(id === 'work' ? 'ins-work0001' : 'ins-home0001', `${id}-01`)];
      }),
      find: vi.fn(),
    };
    const state = new QuickConnectState(source);
    // Two openings at once share one refresh.
    await Promise.all([state.refresh(), state.refresh()]);
    expect(source.profiles).toHaveBeenCalledTimes(1);
    expect(state.entries.map((e) => [e.profileName, e.instanceId])).toEqual([
      ['Work', 'ins-work0001'],
      ['Home', 'ins-home0001'],
    ]);
    workFails = true;
    await state.refresh();
    expect(state.entries.map((e) => e.instanceId)).toEqual(['ins-work0001', 'ins-home0001']);
    expect(state.message).toBe('Could not refresh Work: showing what was listed before.');
    expect(state.refreshing).toBe(false);
  });

  it('looks an unknown ID up in one profile, and shows why when it is not there', async () => {
    const ref = { profileId: 'work', region: 'ap-seoul', instanceId: 'ins-abcd1234' };
    const find = vi
      .fn()
      .mockResolvedValueOnce(ref)
      .mockRejectedValueOnce(new Error('No instance ins-zzzzzzzz in any region of the profile "Work".'));
    const state = new QuickConnectState({ profiles: async () => [], instances: async () => [], find });
    expect(await state.lookup('ins-abcd1234', 'work')).toEqual(ref);
    expect(find).toHaveBeenCalledWith('work', 'ins-abcd1234');
    expect(await state.lookup('ins-zzzzzzzz', 'work')).toBeNull();
    expect(state.message).toContain('No instance ins-zzzzzzzz');
  });
});
