import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Inventory from '../../../src-renderer/inventory/Inventory.svelte';
import { InventoryStore } from '../../../src-renderer/inventory/inventory-store.svelte';
import type { InventoryRow } from '../../../src-renderer/inventory/search-index';
import { fleetInstances } from '../../support/inventory-rows';
import { fakeSource } from './fake-source';
import { installLayout, type Layout } from './virtual-layout';

const VIEWPORT = 300; // px: 10 rows of 30 px
// 10,000 rows take seconds to stream and sort in jsdom on a busy machine: wait on events, not the clock.
configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 60_000 });
let layout: Layout;
beforeEach(() => {
  layout = installLayout(VIEWPORT);
});
afterEach(() => {
  cleanup();
  layout.restore();
});

const ROWS = fleetInstances(10_000, 4);

async function setup(opts: { rows?: typeof ROWS; failRegions?: Record<string, string> } = {}) {
  const fake = fakeSource();
  const store = new InventoryStore(fake.source, { schedule: (f) => f() });
  await store.open('demo', 'Demo cloud');
  fake.streamAll(opts.rows ?? ROWS, opts.failRegions ? { failRegions: opts.failRegions } : {});
  const onOpen = vi.fn<(row: InventoryRow) => void>();
  const onFixProfile = vi.fn<(profileId: string) => void>();
  const onOpenWebConsole = vi.fn(async () => {});
  const copied: string[] = [];
  render(Inventory, {
    store,
    onOpen,
    onFixProfile,
    onOpenWebConsole,
    copy: async (text: string) => (copied.push(text), true),
  });
  await waitFor(() => expect(domRows().length).toBeGreaterThan(0));
  return { fake, store, onOpen, onFixProfile, onOpenWebConsole, copied };
}

const domRows = () => screen.queryAllByTestId('inventory-row');
/** The row's place in the grid (the header is 1). */
const rowIndex = (row: HTMLElement) => Number(row.getAttribute('aria-rowindex'));
/** The rows' instance IDs in screen order (the elements are in slot order in the DOM). */
const shownIds = () =>
  [...domRows()].sort((a, b) => rowIndex(a) - rowIndex(b)).map((r) => r.getAttribute('data-instance'));
const grid = () => screen.getByTestId('inventory-table');
const viewport = () => grid().querySelector<HTMLElement>('.body > div')!;

describe('Inventory table', () => {
  it('with 10,000 rows only the visible rows are in the DOM, and scrolling shows others', async () => {
    const { store } = await setup();
    expect(store.visible).toHaveLength(10_000);
    // 10 rows fit; the list builds a few more on each side.
    expect(domRows().length).toBeGreaterThanOrEqual(10);
    expect(domRows().length).toBeLessThan(40);
    expect(shownIds()[0]).toBe(store.visible[0]!.instanceId);
    layout.scrollTo(viewport(), 30 * 5000);
    await waitFor(() => expect(shownIds()).toContain(store.visible[5000]!.instanceId));
    expect(domRows().length).toBeLessThan(40);
    expect(shownIds()).not.toContain(store.visible[0]!.instanceId);
    expect(screen.getByTestId('inventory-count').textContent).toBe('10,000 of 10,000 · 18 of 18 regions');
  });

  it('scrolling and searching reuse the row elements: a row still on screen keeps its element untouched', async () => {
    const { store } = await setup();
    const before = domRows();
    const elementOf = (rows: HTMLElement[]) => new Map(rows.map((r) => [r.getAttribute('data-key'), r]));
    const beforeOf = elementOf(before);
    layout.scrollTo(viewport(), 30 * 20);
    await waitFor(() => expect(shownIds()).toContain(store.visible[20]!.instanceId));
    // The same elements (none removed, none built), now showing rows 16 onwards in screen order
    // (aria-rowindex and each row's place), though not in DOM order.
    const after = domRows();
    expect(new Set(after)).toEqual(new Set(before));
    const onScreen = [...after].sort((a, b) => rowIndex(a) - rowIndex(b));
    expect(onScreen[0]!.getAttribute('data-instance')).toBe(store.visible[16]!.instanceId);
    onScreen.forEach((row, i) => {
      expect(rowIndex(row)).toBe(16 + i + 2);
      expect(row.parentElement!.style.transform).toBe(`translateY(${(16 + i) * 30}px)`);
    });
    // A row on screen before and after is shown by the element that showed it: nothing rewritten.
    const kept = after.filter((r) => beforeOf.has(r.getAttribute('data-key')));
    expect(kept.length).toBeGreaterThan(0);
    for (const row of kept) expect(row).toBe(beforeOf.get(row.getAttribute('data-key')));
    store.query = 'web';
    await waitFor(() =>
      expect(
        domRows()
          .find((r) => rowIndex(r) === 20 + 2)
          ?.getAttribute('data-instance'),
      ).toBe(store.visible[20]!.instanceId),
    );
    expect(store.visible.length).toBeLessThan(10_000);
    expect(new Set(domRows())).toEqual(new Set(before));
  });

  it('a row is one element per cell; its tick box and star answer clicks without moving the cursor', async () => {
    const { store, fake } = await setup({ rows: ROWS.slice(0, 20) });
    const row = domRows()[0]!;
    const cells = row.querySelectorAll('[role="gridcell"]');
    // The Blink cost of a scroll frame is per element: no wrapper inside a cell (a power
    // action's progress mark and a refused key's link are the only extras).
    expect(row.querySelectorAll('*').length).toBe(cells.length);
    // The tick box names its row ("Select <name>", made from one translation per language).
    expect(row.querySelector('[data-testid="pick"]')!.getAttribute('aria-label')).toBe(
      `Select ${row.querySelector('.c-name')!.textContent}`,
    );
    const key = row.getAttribute('data-key')!;
    await fireEvent.click(row.querySelector('[data-testid="pick"]')!);
    expect(store.selection.has(key)).toBe(true);
    expect(store.cursor).toBeNull();
    await fireEvent.click(row.querySelector('[data-testid="favourite"]')!);
    await waitFor(() => expect(store.isFavourite(store.row(key)!)).toBe(true));
    expect((await fake.source.marks())['demo']!.favourites.map((f) => f.instanceId)).toEqual([
      row.getAttribute('data-instance'),
    ]);
    await fireEvent.click(
      domRows()
        .find((r) => r.getAttribute('data-key') === key)!
        .querySelector('.c-name')!,
    );
    expect(store.cursor).toBe(key);
  });

  it('search narrows the table and the count as you type; clearing widens it again', async () => {
    const { store } = await setup();
    const box = screen.getByTestId('inventory-search') as HTMLInputElement;
    await fireEvent.input(box, { target: { value: 'bastion-prod' } });
    await waitFor(() => expect(store.visible.length).toBeLessThan(10_000));
    const n = store.visible.length;
    expect(n).toBeGreaterThan(0);
    expect(screen.getByTestId('inventory-count').textContent).toBe(
      `${n.toLocaleString('en-US')} of 10,000 · 18 of 18 regions`,
    );
    for (const row of domRows()) expect(row.textContent).toContain('bastion-prod');
    await fireEvent.input(box, { target: { value: 'env:staging team:' } });
    await waitFor(() =>
      expect(store.visible.every((r) => r.tags.some((t) => t.key === 'env' && t.value === 'staging'))).toBe(
        true,
      ),
    );
    await fireEvent.input(box, { target: { value: '' } });
    await waitFor(() => expect(store.visible).toHaveLength(10_000));
  });

  it('sorts by a column header, then the other way', async () => {
    const { store } = await setup();
    const ids = [...ROWS.map((r) => r.instanceId)].sort();
    await fireEvent.click(screen.getByText('ID'));
    await waitFor(() => expect(shownIds()[0]).toBe(ids[0]));
    expect(grid().querySelector('[aria-sort="ascending"]')?.textContent).toContain('ID');
    await fireEvent.click(screen.getByText(/^ID/));
    await waitFor(() => expect(shownIds()[0]).toBe(ids.at(-1)));
    expect(store.sort).toEqual({ column: 'instanceId', descending: true });
  });

  it('filter chips: a state chip shows only that state; a region in the strip only that region', async () => {
    const { store } = await setup();
    const stopped = screen
      .getAllByTestId('chip-state')
      .find((c) => c.getAttribute('data-value') === 'STOPPED')!;
    // Named as the badges are, in the window's language, not by Tencent's code.
    expect(stopped.textContent).toMatch(/^stopped\s\d+$/);
    await fireEvent.click(stopped);
    await waitFor(() => expect(store.visible.every((r) => r.state === 'STOPPED')).toBe(true));
    const n = ROWS.filter((r) => r.state === 'STOPPED').length;
    expect(store.visible).toHaveLength(n);
    for (const badge of screen.getAllByTestId('state-badge')) {
      expect(badge.getAttribute('data-state')).toBe('STOPPED');
      expect(badge.textContent).toBe('stopped');
    }
    const tokyo = screen
      .getAllByTestId('region-status')
      .find((r) => r.getAttribute('data-region') === 'ap-tokyo')!;
    await fireEvent.click(tokyo.querySelector('button')!);
    await waitFor(() =>
      expect(store.visible.every((r) => r.region === 'ap-tokyo' && r.state === 'STOPPED')).toBe(true),
    );
    await fireEvent.click(screen.getByTestId('chips-clear'));
    await waitFor(() => expect(store.visible).toHaveLength(10_000));
  });

  it('keyboard: arrows move, Space selects, Enter opens the console, a letter goes to the search box', async () => {
    const { store, onOpen } = await setup();
    grid().focus();
    await fireEvent.keyDown(grid(), { key: 'ArrowDown' });
    await fireEvent.keyDown(grid(), { key: 'ArrowDown' });
    await fireEvent.keyDown(grid(), { key: 'ArrowDown' });
    await fireEvent.keyDown(grid(), { key: 'ArrowUp' });
    expect(store.cursor).toBe(store.visible[1]!.key);
    await waitFor(() => expect(grid().getAttribute('aria-activedescendant')).toBe('inv-row-1'));
    expect(
      domRows()
        .find((r) => r.classList.contains('cursor'))
        ?.getAttribute('data-key'),
    ).toBe(store.visible[1]!.key);
    await fireEvent.keyDown(grid(), { key: ' ' });
    expect([...store.selection]).toEqual([store.visible[1]!.key]);
    await fireEvent.keyDown(grid(), { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(store.visible[1]);
    // Far down: the list scrolls to keep the cursor row on screen.
    await fireEvent.keyDown(grid(), { key: 'End' });
    await waitFor(() => expect(shownIds()).toContain(store.visible.at(-1)!.instanceId));
    await fireEvent.keyDown(grid(), { key: 'w' });
    const box = screen.getByTestId('inventory-search') as HTMLInputElement;
    expect(box.value).toBe('w');
    expect(document.activeElement).toBe(box);
  });

  it('a failing region shows its error and Retry lists it again', async () => {
    const { fake } = await setup({
      rows: ROWS.slice(0, 500),
      failRegions: { 'eu-frankfurt': 'UnauthorizedOperation' },
    });
    const region = screen
      .getAllByTestId('region-status')
      .find((r) => r.getAttribute('data-region') === 'eu-frankfurt')!;
    expect(region.getAttribute('data-status')).toBe('error');
    expect(region.textContent).toContain('UnauthorizedOperation');
    await fireEvent.click(region.querySelector('[data-testid="region-retry"]')!);
    expect(fake.lastListing().regions).toEqual(['eu-frankfurt']);
  });

  it('a refused key shows on its rows with a link to fix it', async () => {
    const { fake, onFixProfile } = await setup({ rows: ROWS.slice(0, 50) });
    const { listingId } = fake.lastListing();
    await fireEvent.click(screen.getByTestId('inventory-refresh'));
    fake.emit({
      listingId: fake.lastListing().listingId,
      profileId: 'demo',
      type: 'done',
      error: { kind: 'auth', code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found.' },
    });
    expect(listingId).not.toBe(fake.lastListing().listingId);
    await waitFor(() => expect(screen.getAllByTestId('fix-profile').length).toBeGreaterThan(0));
    expect(screen.getByTestId('banner-key-refused').textContent).toContain('AuthFailure.SecretIdNotFound');
    await fireEvent.click(screen.getAllByTestId('fix-profile')[0]!);
    expect(onFixProfile).toHaveBeenCalledWith('demo');
    expect(domRows().length).toBeGreaterThan(0); // the rows stay
  });

  it('copies the ID and IPs of the row under the cursor, and opens it in Tencent’s web console', async () => {
    const { store, copied, onOpenWebConsole } = await setup({ rows: ROWS.slice(0, 50) });
    const row = store.visible.find((r) => r.publicIps.length > 0)!;
    store.cursor = row.key;
    await waitFor(() => expect((screen.getByTestId('copy-id') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('copy-id'));
    await fireEvent.click(screen.getByTestId('copy-private-ip'));
    await fireEvent.click(screen.getByTestId('copy-public-ip'));
    await waitFor(() => expect(copied).toEqual([row.instanceId, row.privateIps[0], row.publicIps[0]]));
    expect(screen.getByTestId('inventory-notice').textContent).toContain(row.publicIps[0]);
    await fireEvent.click(screen.getByTestId('open-web-console'));
    expect(onOpenWebConsole).toHaveBeenCalledWith(row);
  });
});

describe('Power actions', () => {
  it('asks for confirmation naming each instance, then shows each one’s progress and Tencent’s refusal', async () => {
    const rows = ROWS.filter((r) => r.region === 'ap-guangzhou').slice(0, 40);
    const { store, fake } = await setup({ rows });
    const running = store.visible.filter((r) => r.state === 'RUNNING').slice(0, 2);
    const stopped = store.visible.find((r) => r.state === 'STOPPED')!;
    for (const r of [...running, stopped]) store.toggleSelected(r.key);
    fake.setPowerAnswer((input) =>
      input.targets.map((t) =>
        t.instanceId === stopped.instanceId
          ? {
              ...t,
              outcome: 'refused',
              error: {
                kind: 'instance-stopped',
                code: 'UnsupportedOperation.InstanceStateStopped',
                message: 'It is stopped.',
              },
            }
          : { ...t, outcome: 'accepted' },
      ),
    );
    await fireEvent.click(screen.getByTestId('action-stop'));
    const dialog = await screen.findByTestId('power-dialog');
    const text = dialog.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('Stop 3 instances?');
    for (const r of [...running, stopped]) expect(text).toContain(`${r.name} (${r.instanceId}, ${r.region})`);
    expect(screen.getByTestId('power-unlikely').textContent!.replace(/\s+/g, ' ')).toContain(
      '1 of them is not running',
    );
    await fireEvent.click(screen.getByTestId('power-hard'));
    await fireEvent.click(screen.getByTestId('power-confirm'));
    await waitFor(() => expect(fake.powers).toHaveLength(1));
    expect(fake.powers[0]).toMatchObject({ action: 'stop', stopType: 'HARD' });
    expect(fake.powers[0]!.targets).toHaveLength(3);
    const status = (id: string) =>
      screen.getAllByTestId('power-target').find((li) => li.getAttribute('data-instance') === id)!;
    await waitFor(() =>
      expect(status(stopped.instanceId).textContent).toContain('UnsupportedOperation.InstanceStateStopped'),
    );
    expect(status(running[0]!.instanceId).querySelector('[data-phase]')?.getAttribute('data-phase')).toBe(
      'accepted',
    );
    // The states arrive: STOPPING, then STOPPED.
    fake.emitInstances('demo', [{ ...running[0]!, state: 'STOPPING' }]);
    await waitFor(() => expect(status(running[0]!.instanceId).textContent).toContain('STOPPING'));
    fake.emitInstances('demo', [{ ...running[0]!, state: 'STOPPED' }]);
    await waitFor(() =>
      expect(status(running[0]!.instanceId).querySelector('[data-phase]')?.getAttribute('data-phase')).toBe(
        'settled',
      ),
    );
  });

  it('offers to stop charging only when a pay-as-you-go instance is among them', async () => {
    const rows = ROWS.filter((r) => r.state === 'RUNNING').slice(0, 200);
    const prepaid = rows.find((r) => r.chargeType === 'PREPAID')!;
    const postpaid = rows.find((r) => r.chargeType === 'POSTPAID_BY_HOUR')!;
    const { store, fake } = await setup({ rows });
    store.cursor = `demo/${prepaid.instanceId}`;
    await fireEvent.click(screen.getByTestId('action-stop'));
    await screen.findByTestId('power-dialog');
    expect(screen.queryByTestId('power-stop-charging')).toBeNull();
    await fireEvent.keyDown(screen.getByTestId('power-dialog'), { key: 'Escape' });
    store.cursor = `demo/${postpaid.instanceId}`;
    await waitFor(() => expect(screen.queryByTestId('power-dialog')).toBeNull());
    await fireEvent.click(screen.getByTestId('action-stop'));
    await fireEvent.click(await screen.findByTestId('power-stop-charging'));
    await fireEvent.click(screen.getByTestId('power-confirm'));
    await waitFor(() =>
      expect(fake.powers[0]).toMatchObject({ stoppedMode: 'STOP_CHARGING', stopType: 'SOFT' }),
    );
  });
});
