// The quick-connect palette with the keyboard alone: type, arrows, Enter, Esc; an ID lookup; a
// refresh while it is open.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import Palette from '../../../src-renderer/palette/Palette.svelte';
import type { PaletteEntry } from '../../../src-renderer/palette/palette-search';
import { setLocale } from '../../../src-renderer/lib/i18n.svelte';

afterEach(() => {
  cleanup();
  setLocale('en');
});

function entry(name: string, over: Partial<PaletteEntry> = {}): PaletteEntry {
  const profileId = over.profileId ?? 'work';
  const instanceId = `ins-${name
    .replace(/[^a-z0-9]/g, '')
    .padEnd(8, '0')
    .slice(0, 8)}`;
  return {
    key: `${profileId}/${instanceId}`,
    zone: 'ap-guangzhou-3',
    osName: 'Debian 12',
    type: 'S5.SMALL2',
    chargeType: 'POSTPAID_BY_HOUR',
    profileId: 'work',
    profileName: 'Work account',
    region: 'ap-guangzhou',
    instanceId: `ins-${name
      .replace(/[^a-z0-9]/g, '')
      .padEnd(8, '0')
      .slice(0, 8)}`,
    name,
    state: 'RUNNING',
    privateIps: ['10.0.0.1'],
    publicIps: [],
    tags: [],
    ...over,
  };
}

const ENTRIES = [
  entry('web-prod-01'),
  entry('web-prod-02', { profileId: 'home', profileName: 'Home', region: 'ap-seoul' }),
  entry('db-prod-01', { state: 'STOPPED' }),
];
const PROFILES = [
  { id: 'work', name: 'Work account' },
  { id: 'home', name: 'Home' },
];

function setup(
  props: Partial<{ entries: PaletteEntry[]; profileId: string; refreshing: boolean; message: string }> = {},
) {
  const onopen = vi.fn();
  const onlookup = vi.fn();
  const onclose = vi.fn();
  const view = render(Palette, { entries: ENTRIES, profiles: PROFILES, onopen, onlookup, onclose, ...props });
  const input = screen.getByTestId('palette-input') as HTMLInputElement;
  const rows = () => screen.queryAllByTestId('palette-row');
  const activeText = () => rows().find((r) => r.getAttribute('aria-selected') === 'true')?.textContent ?? '';
  const key = (k: string) => fireEvent.keyDown(input, { key: k });
  const type = (text: string) => fireEvent.input(input, { target: { value: text } });
  return { view, input, rows, activeText, key, type, onopen, onlookup, onclose };
}

describe('Palette', () => {
  it('takes the keyboard at once and lists the cached instances', () => {
    const { input, rows } = setup();
    expect(document.activeElement).toBe(input);
    expect(rows()).toHaveLength(3);
    expect(screen.getByTestId('palette-status').textContent).toContain('3 cached instances');
  });

  it('type part of a name, arrow down, Enter: opens that console', async () => {
    const { type, key, rows, activeText, onopen, input } = setup();
    await type('web');
    expect(rows().map((r) => r.querySelector('.name')!.textContent)).toEqual(['web-prod-01', 'web-prod-02']);
    expect(activeText()).toContain('web-prod-01');
    await key('ArrowDown');
    expect(activeText()).toContain('web-prod-02');
    expect(input.getAttribute('aria-activedescendant')).toBe('palette-row-1');
    await key('Enter');
    expect(onopen).toHaveBeenCalledWith(
      { profileId: 'home', region: 'ap-seoul', instanceId: 'ins-webprod0' },
      'web-prod-02',
    );
    expect(screen.getByTestId('palette-status').textContent).toContain('2 of 3');
  });

  it('wraps with the arrows, clamps with PageUp/PageDown, and starts over at the top when typing', async () => {
    // In name order: db-prod-01, web-prod-01, web-prod-02.
    const { type, key, activeText } = setup();
    await key('ArrowUp');
    expect(activeText()).toContain('web-prod-02');
    await key('ArrowDown');
    expect(activeText()).toContain('db-prod-01');
    await key('PageDown');
    expect(activeText()).toContain('web-prod-02');
    await key('PageUp');
    expect(activeText()).toContain('db-prod-01');
    await key('ArrowDown');
    expect(activeText()).toContain('web-prod-01');
    await type('prod');
    expect(activeText()).toContain('db-prod-01');
  });

  it('closes on Escape, and Enter with nothing found does nothing', async () => {
    const { type, key, onopen, onclose, onlookup } = setup();
    await type('nothing here');
    await key('Enter');
    expect(onopen).not.toHaveBeenCalled();
    expect(onlookup).not.toHaveBeenCalled();
    await key('Escape');
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('offers to look up an ID no cache has, in the chosen profile first', async () => {
    const { type, key, rows, onlookup } = setup({ profileId: 'home' });
    await type('ins-zzzzzzzz');
    expect(rows().map((r) => r.querySelector('.name')!.textContent)).toEqual([
      'Look up ins-zzzzzzzz in Home',
      'Look up ins-zzzzzzzz in Work account',
    ]);
    await key('Enter');
    expect(onlookup).toHaveBeenCalledWith('ins-zzzzzzzz', 'home');
    await key('ArrowDown');
    await key('Enter');
    expect(onlookup).toHaveBeenLastCalledWith('ins-zzzzzzzz', 'work');
  });

  it('keeps the query when the inventory is refreshed underneath, and says it is refreshing', async () => {
    const { view, type, rows } = setup({ refreshing: true });
    expect(screen.getByTestId('palette-status').textContent).toContain('refreshing');
    await type('web');
    await view.rerender({ entries: [...ENTRIES, entry('web-new-03')], refreshing: false });
    expect(rows().map((r) => r.querySelector('.name')!.textContent)).toEqual([
      'web-new-03',
      'web-prod-01',
      'web-prod-02',
    ]);
    expect(screen.getByTestId('palette-status').textContent).not.toContain('refreshing');
  });

  it('keeps the selection within the rows when a refresh leaves fewer', async () => {
    const { view, key, activeText, onopen } = setup();
    await key('ArrowUp');
    expect(activeText()).toContain('web-prod-02');
    await view.rerender({ entries: ENTRIES.slice(0, 1) });
    expect(activeText()).toContain('web-prod-01');
    await key('Enter');
    expect(onopen).toHaveBeenCalledWith(
      expect.objectContaining({ instanceId: 'ins-webprod0' }),
      'web-prod-01',
    );
  });

  it('shows a problem it is given', () => {
    setup({ message: 'No instance ins-zzzzzzzz in any region of Home.' });
    expect(screen.getByRole('alert').textContent).toContain('No instance ins-zzzzzzzz');
  });

  it('speaks the window language: Chinese, then Korean at once, numbers by Intl', async () => {
    await setLocale('zh-CN');
    const many = Array.from({ length: 1234 }, (_, i) => entry(`vm${String(i).padStart(6, '0')}`));
    const { type } = setup({ entries: many, refreshing: true });
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('快速连接');
    expect(screen.getByTestId('palette-input').getAttribute('placeholder')).toBe('名称、实例 ID、IP 或标签');
    expect(screen.getByTestId('palette-status').textContent).toContain('已缓存 1,234 个实例');
    expect(screen.getByTestId('palette-status').textContent).toContain('正在刷新');
    await setLocale('ko');
    await type('ins-zzzzzzzz');
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('빠른 연결');
    expect(screen.getAllByTestId('palette-row')[0]!.textContent).toContain(
      'Work account에서 ins-zzzzzzzz 찾기',
    );
    expect(screen.getByTestId('palette-status').textContent).toContain('1,234개 중 0개');
  });
});
