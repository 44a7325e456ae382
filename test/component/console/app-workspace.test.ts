// The main window's workspace: first run offers the demo cloud, the inventory lists its instances
// as main streams them, Open console makes tabs beside the Instances tab, Detach hands the console
// to main; the hash route shows one console.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../../../src-renderer/App.svelte';
import * as later from '../../../src-renderer/shell/later-views';
import { TOOLS_AT_LATEST_MS } from '../../../src-renderer/console/console-pacing.svelte';
import type {
  CvmBridge,
  InventoryInstance,
  InventoryListingEvent,
  ProfileSummary,
} from '../../../src-main/contract';
import { installLayout, type Layout } from '../inventory/virtual-layout';

// noVNC is never loaded in jsdom: consoles stay at "Preparing" here (the e2e tests connect for real).
const loadRfb = vi.hoisted(() => vi.fn(() => new Promise(() => {})));
vi.mock('../../../src-renderer/console/novnc', () => ({ loadRfb }));

const instance = (id: string, name: string, state: string): InventoryInstance => ({
  instanceId: id,
  name,
  state,
  region: 'ap-guangzhou',
  zone: 'ap-guangzhou-3',
  osName: 'Linux',
  type: 'S5.MEDIUM4',
  privateIps: ['10.0.0.1'],
  publicIps: [],
  tags: [{ key: 'env', value: 'prod' }],
  chargeType: 'POSTPAID_BY_HOUR',
});

const DEMO: ProfileSummary = {
  id: 'demo',
  name: 'Demo cloud',
  kind: 'demo',
  site: 'china',
  defaultRegion: 'ap-guangzhou',
} as ProfileSummary;

const FLEET = [
  instance('ins-aaaaaaaa', 'zeta', 'STOPPED'),
  instance('ins-demo0001', 'web-prod-01', 'RUNNING'),
  instance('ins-demo0002', 'api-staging-01', 'RUNNING'),
];

const WORK: ProfileSummary = { ...DEMO, id: 'work', name: 'Work', kind: 'keys' };

function installBridge(profiles: ProfileSummary[] = [DEMO]) {
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Set<(e: InventoryListingEvent) => void>();
  const ok =
    <T>(channel: string, value: T | ((input: unknown) => T)) =>
    async (input: unknown) => {
      calls.push({ channel, input });
      const answer = typeof value === 'function' ? (value as (input: unknown) => T)(input) : value;
      return { ok: true as const, value: answer };
    };
  // Main answers inventory:list at once and streams the listing as events afterwards.
  const stream = (input: unknown): { listingId: string } => {
    const { listingId, profileId } = input as { listingId: string; profileId: string };
    const tag = { listingId, profileId };
    setTimeout(() => {
      const emit = (e: InventoryListingEvent) => listeners.forEach((l) => l(e));
      emit({
        ...tag,
        type: 'regions',
        regions: [{ region: 'ap-guangzhou', name: 'South China (Guangzhou)' }],
      });
      emit({ ...tag, type: 'rows', region: 'ap-guangzhou', instances: FLEET });
      emit({ ...tag, type: 'region', region: 'ap-guangzhou', ok: true, count: FLEET.length });
      emit({ ...tag, type: 'done' });
    });
    return { listingId };
  };
  window.cvm = {
    app: {
      info: ok('app:info', {
        name: 'CVM Console',
        version: '1.2.3',
        platform: 'linux',
        arch: 'x64',
        electron: null,
        keychain: { available: true, backend: 'Secret Service' },
      }),
    },
    profiles: {
      list: ok('profiles:list', profiles),
      details: ok('profiles:details', { profiles: [], notices: [] }),
    },
    instances: {
      get: ok('instances:get', FLEET[1]),
    },
    inventory: {
      list: ok('inventory:list', stream),
      cached: ok('inventory:cached', { cached: null, total: 0 }),
      marks: ok('inventory:marks', {}),
      mark: ok('inventory:mark', { favourites: [], recents: [] }),
    },
    windows: { openConsole: ok('windows:openConsole', { opened: true }) },
    events: {
      onResume: () => () => {},
      onConnect: () => () => {},
      onListing: (l: (e: InventoryListingEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
      onInstances: () => () => {},
    },
  } as unknown as CvmBridge;
  return calls;
}

let layout: Layout;
beforeEach(() => {
  layout = installLayout(300);
});
afterEach(() => {
  cleanup();
  layout.restore();
  delete window.cvm;
  localStorage.clear();
  location.hash = '';
});

const rows = () => screen.queryAllByTestId('inventory-row');
const shownIds = () => rows().map((r) => r.getAttribute('data-instance'));
const row = (id: string) => rows().find((r) => r.getAttribute('data-instance') === id)!;

/** Puts the inventory's cursor on the instance and presses Open console. */
async function openFromInventory(id: string): Promise<void> {
  await fireEvent.click(row(id));
  await fireEvent.click(screen.getByTestId('action-open'));
}

describe('the workspace', () => {
  // The views the first screen does not show are chunks the app loads when first needed; here each
  // such import is a first compile of its modules (seconds on a loaded machine), which is the test
  // bed's cost, not the app's: they are compiled once before the tests.
  beforeAll(async () => void (await Promise.all(Object.values(later).map((load) => load()))), 60_000);
  it('offers the demo cloud on first run, lists its instances, and opens consoles as tabs', async () => {
    const calls = installBridge();
    render(App);
    expect(screen.queryByTestId('inventory')).toBeNull();
    await fireEvent.click(await screen.findByTestId('try-demo'));
    await waitFor(() => expect(rows()).toHaveLength(3));
    // Having chosen the cloud, the next step is finding an instance: the search box has the focus.
    expect(document.activeElement).toBe(screen.getByTestId('inventory-search'));
    expect(calls).toContainEqual({
      channel: 'inventory:list',
      input: { profileId: 'demo', listingId: expect.any(String) },
    });
    // Sorted by name; the state badge and the region's name from DescribeRegions.
    expect(shownIds()).toEqual(['ins-demo0002', 'ins-demo0001', 'ins-aaaaaaaa']);
    expect(row('ins-aaaaaaaa').textContent).toContain('stopped');
    expect(screen.getByTestId('inventory-count').textContent).toBe('3 of 3 · 1 of 1 regions');

    await openFromInventory('ins-demo0001');
    await openFromInventory('ins-demo0002');
    // noVNC never loads here: each tab is drawn at its pacing's deadline (100 ms after the click).
    await waitFor(() => expect(screen.getAllByTestId('console-tab')).toHaveLength(2));
    // In the order of the clicks, the one clicked last in front; the inventory is hidden, not gone.
    expect(screen.getAllByTestId('console-tab').map((t) => t.getAttribute('data-instance'))).toEqual([
      'ins-demo0001',
      'ins-demo0002',
    ]);
    // A console's view is a chunk of its own, fetched once the list has rows: here it may come just after.
    await waitFor(() => expect(screen.getAllByTestId('console-view')).toHaveLength(2));
    expect(screen.getByRole('tab', { selected: true }).textContent).toContain('api-staging-01');
    // The status bar counts the consoles by state (noVNC never loads here: neither connects).
    expect(screen.getByTestId('tab-summary').textContent).toBe('2 not connected');
    expect(document.getElementById('panel-inventory')!.getAttribute('aria-hidden')).toBe('true');
    // Opening a console is remembered as recent, once its first connect is through: here its buttons
    // are drawn TOOLS_AT_LATEST_MS after the tab (the wait leaves a loaded machine some slack).
    await waitFor(
      () =>
        expect(calls).toContainEqual({
          channel: 'inventory:mark',
          input: { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001', opened: true },
        }),
      { timeout: TOOLS_AT_LATEST_MS * 20 },
    );

    // The Instances tab brings the inventory back as it was (the cursor still on the last row).
    await fireEvent.click(screen.getByTestId('tab-inventory'));
    expect(screen.getByRole('tab', { selected: true }).textContent).toContain('Instances');
    expect(document.getElementById('panel-inventory')!.getAttribute('aria-hidden')).toBe('false');
    expect(row('ins-demo0002').classList.contains('cursor')).toBe(true);

    // Detach the first: main opens a window for it, the tab closes.
    const first = screen.getAllByTestId('console-tab')[0]!;
    await fireEvent.click(within(first).getByTestId('tab-detach'));
    await waitFor(() => expect(screen.getAllByTestId('console-tab')).toHaveLength(1));
    expect(calls).toContainEqual({
      channel: 'windows:openConsole',
      input: {
        ref: { profileId: 'demo', region: 'ap-guangzhou', instanceId: 'ins-demo0001' },
        title: 'web-prod-01',
      },
    });
  });

  it("fetches noVNC for the first console after the first rows' paint, not in the update that draws them", async () => {
    installBridge();
    loadRfb.mockClear();
    render(App);
    let callsWhenDrawn = -1;
    const observer = new MutationObserver(() => {
      if (callsWhenDrawn < 0 && rows().length > 0) callsWhenDrawn = loadRfb.mock.calls.length;
    });
    observer.observe(document.body, { childList: true, subtree: true });
    await fireEvent.click(await screen.findByTestId('try-demo'));
    await waitFor(() => expect(rows()).toHaveLength(3));
    observer.disconnect();
    expect(callsWhenDrawn).toBe(0);
    // Then, once the page has painted, it is fetched (once).
    await waitFor(() => expect(loadRfb).toHaveBeenCalledTimes(1));
  });

  it('remembers the choice: the next run lists the demo cloud straight away', async () => {
    installBridge();
    localStorage.setItem('cvm.workspace.profile', 'demo');
    render(App);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.queryByTestId('try-demo')).toBeNull();
  });

  it('All profiles shows every profile’s instances together, each row naming its profile', async () => {
    const calls = installBridge([DEMO, WORK]);
    localStorage.setItem('cvm.workspace.profile', 'demo');
    render(App);
    await waitFor(() => expect(rows()).toHaveLength(3));
    const select = screen.getByTestId('profile-select') as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: '*' } });
    await waitFor(() => expect(rows()).toHaveLength(6));
    const profileOf = (r: HTMLElement) => r.querySelector('.c-profile')!.textContent!.trim();
    expect(rows().map(profileOf).sort()).toEqual([
      'Demo cloud',
      'Demo cloud',
      'Demo cloud',
      'Work',
      'Work',
      'Work',
    ]);
    // The chips name the profiles as the rows do, and filter by their ids.
    const chips = screen.getAllByTestId('chip-profile');
    expect(chips.map((c) => c.textContent!.trim())).toEqual(['Demo cloud', 'Work']);
    expect(chips.map((c) => c.getAttribute('data-value'))).toEqual(['demo', 'work']);
    expect(
      calls
        .filter((c) => c.channel === 'inventory:list')
        .map((c) => (c.input as { profileId: string }).profileId),
    ).toEqual(['demo', 'work']);
    // Remembered: the next run shows all profiles again.
    expect(localStorage.getItem('cvm.workspace.profile')).toBe('*');

    // Choosing one profile shows only its rows.
    await fireEvent.change(select, { target: { value: 'work' } });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows().map(profileOf)).toEqual(['Work', 'Work', 'Work']);
    expect(screen.getByTestId('inventory-count').textContent).toBe('3 of 3 · 1 of 1 regions');
  });

  it('About and settings take the inventory’s place and give it back as it was', async () => {
    installBridge();
    localStorage.setItem('cvm.workspace.profile', 'demo');
    render(App);
    await waitFor(() => expect(rows()).toHaveLength(3));
    await fireEvent.input(screen.getByTestId('inventory-search'), { target: { value: 'zeta' } });
    expect(screen.queryByTestId('app-info')).toBeNull();
    await fireEvent.click(screen.getByTestId('about-toggle'));
    expect(screen.getByTestId('app-info')).toBeTruthy();
    expect(screen.getByTestId('inventory').closest('[hidden]')).not.toBeNull();
    await fireEvent.click(screen.getByTestId('about-toggle'));
    expect(screen.queryByTestId('app-info')).toBeNull();
    expect(screen.getByTestId('inventory').closest('[hidden]')).toBeNull();
    expect((screen.getByTestId('inventory-search') as HTMLInputElement).value).toBe('zeta');
    expect(shownIds()).toEqual(['ins-aaaaaaaa']);
  });

  /** The bridge with the profiles held back until `read()`, and `cached` as main's cache of each profile. */
  function heldProfiles(profiles: ProfileSummary[], cached: Record<string, typeof FLEET>) {
    const calls = installBridge(profiles);
    let read = (): void => {};
    const readNow = new Promise<void>((resolve) => (read = resolve));
    const bridge = window.cvm as unknown as {
      profiles: Record<string, (input: unknown) => Promise<unknown>>;
      inventory: Record<string, (input: unknown) => Promise<unknown>>;
    };
    for (const method of ['list', 'details'] as const) {
      const answer = bridge.profiles[method]!;
      bridge.profiles[method] = async (input) => (await readNow, answer(input));
    }
    bridge.inventory['cached'] = async (input) => {
      calls.push({ channel: 'inventory:cached', input });
      const { profileId } = input as { profileId: string };
      const instances = cached[profileId];
      const regions = [
        { region: 'ap-guangzhou', name: 'Guangzhou', listedAt: 1, count: instances?.length ?? 0 },
      ];
      return {
        ok: true,
        value: instances
          ? { cached: { profileId, savedAt: 1, regions, instances }, total: instances.length }
          : { cached: null, total: 0 },
      };
    };
    const listed = () => calls.filter((c) => c.channel === 'inventory:list').map((c) => c.input);
    return { read, listed };
  }

  it('a remembered profile’s cached rows show before the profiles are read; it is listed once they are', async () => {
    const held = heldProfiles([DEMO], { demo: FLEET });
    localStorage.setItem('cvm.workspace.profile', 'demo');
    // Every node the window ever shows, also those removed again before anyone looked.
    const built = new Set<string>();
    const note = (node: Node): void => {
      if (!(node instanceof Element)) return;
      for (const el of [node, ...node.querySelectorAll('[data-testid]')])
        if (el.getAttribute('data-testid')) built.add(el.getAttribute('data-testid')!);
    };
    const observer = new MutationObserver((records) =>
      records.forEach((r) => [...r.addedNodes, ...r.removedNodes].forEach(note)),
    );
    observer.observe(document.body, { childList: true, subtree: true });
    render(App);
    // The cache's first screen is the window's first content: no offer, no settings page built first.
    await waitFor(() => expect(rows()).toHaveLength(3));
    observer.disconnect();
    expect(built.has('instance-offer')).toBe(false);
    expect(built.has('app-info')).toBe(false);
    // Not listed while the profile is not known to exist.
    await new Promise((r) => setTimeout(r, 300));
    expect(held.listed()).toEqual([]);
    held.read();
    await waitFor(() => expect(held.listed()).toHaveLength(1));
    expect(held.listed()[0]).toMatchObject({ profileId: 'demo' });
    await waitFor(() =>
      expect(screen.getByTestId('inventory-count').textContent).toBe('3 of 3 · 1 of 1 regions'),
    );
  });

  it('a remembered profile that no longer exists: its cached rows go, the offer shows, nothing is listed', async () => {
    const held = heldProfiles([DEMO], { gone: FLEET });
    localStorage.setItem('cvm.workspace.profile', 'gone');
    render(App);
    await waitFor(() => expect(rows()).toHaveLength(3));
    held.read();
    expect(await screen.findByTestId('try-demo')).toBeTruthy();
    expect(rows()).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(held.listed()).toEqual([]);
  });

  it('ignores a remembered profile that is not a profile id', async () => {
    const calls = installBridge();
    localStorage.setItem('cvm.workspace.profile', '../../etc');
    render(App);
    // The offer appears once the profiles are listed, and nothing was opened under the bad id.
    expect(await screen.findByTestId('try-demo')).toBeTruthy();
    expect(calls.filter((c) => c.channel.startsWith('inventory:'))).toEqual([]);
  });

  it('Enter on a row opens its console; typing goes to the search', async () => {
    installBridge();
    render(App);
    await fireEvent.click(await screen.findByTestId('try-demo'));
    await waitFor(() => expect(rows()).toHaveLength(3));
    await fireEvent.input(screen.getByTestId('inventory-search'), { target: { value: 'ins-aaa env:prod' } });
    expect(shownIds()).toEqual(['ins-aaaaaaaa']);
    await fireEvent.input(screen.getByTestId('inventory-search'), { target: { value: 'staging' } });
    expect(shownIds()).toEqual(['ins-demo0002']);
    await fireEvent.keyDown(screen.getByTestId('inventory-search'), { key: 'ArrowDown' });
    await fireEvent.keyDown(screen.getByTestId('inventory-table'), { key: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('console-tab')).toHaveLength(1));
    expect(screen.getByRole('tab', { selected: true }).textContent).toContain('api-staging-01');
  });

  it('shows just one console for the detached-window route', async () => {
    const calls = installBridge();
    location.hash = '#/console/demo/ap-guangzhou/ins-demo0001';
    render(App);
    // Opened through the window's own workspace: drawn at its pacing's deadline.
    await waitFor(() => expect(screen.getAllByTestId('console-view')).toHaveLength(1));
    expect(screen.queryByTestId('inventory')).toBeNull();
    expect(screen.queryByTestId('app-info')).toBeNull();
    expect(calls.filter((c) => c.channel.startsWith('inventory:'))).toEqual([]);
    await waitFor(() => expect(document.title).toBe('web-prod-01 — CVM Console'));
    // The name and the state in the window's own header, not only in its title.
    expect(screen.getByTestId('console-window-name').textContent).toBe('web-prod-01');
    expect(screen.getByTestId('console-window-state').textContent).toBe('Not connected');
  });
});
