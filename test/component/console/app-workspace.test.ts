// The main window's workspace: first run offers the demo cloud, its instances list with their
// state, Open console makes tabs, Detach hands the console to main; the hash route shows one console.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../../../src-renderer/App.svelte';
import type { CvmBridge, InstanceSummary } from '../../../src-main/contract';

// noVNC is never loaded in jsdom: consoles stay at "Preparing" here (the e2e tests connect for real).
vi.mock('../../../src-renderer/console/novnc', () => ({ loadRfb: () => new Promise(() => {}) }));

const instance = (id: string, name: string, state: string): InstanceSummary => ({
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
});

function installBridge() {
  const calls: { channel: string; input: unknown }[] = [];
  const ok =
    <T>(channel: string, value: T) =>
    async (input: unknown) => {
      calls.push({ channel, input });
      return { ok: true as const, value };
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
    instances: {
      list: ok('instances:list', [
        instance('ins-aaaaaaaa', 'zeta', 'STOPPED'),
        instance('ins-demo0001', 'web-prod-01', 'RUNNING'),
        instance('ins-demo0002', 'api-staging-01', 'RUNNING'),
      ]),
      get: ok('instances:get', instance('ins-demo0001', 'web-prod-01', 'RUNNING')),
    },
    windows: { openConsole: ok('windows:openConsole', { opened: true }) },
    events: { onResume: () => () => {}, onConnect: () => () => {} },
  } as unknown as CvmBridge;
  return calls;
}

afterEach(() => {
  cleanup();
  delete window.cvm;
  localStorage.clear();
  location.hash = '';
});

describe('the workspace', () => {
  it('offers the demo cloud on first run, lists its instances, and opens consoles as tabs', async () => {
    const calls = installBridge();
    render(App);
    await fireEvent.click(screen.getByTestId('try-demo'));
    await waitFor(() => expect(screen.getAllByTestId('instance-row')).toHaveLength(3));
    expect(calls).toContainEqual({ channel: 'instances:list', input: { profileId: 'demo' } });
    // The demo's well-known instances first.
    const rows = screen.getAllByTestId('instance-row');
    expect(rows.map((r) => r.getAttribute('data-instance'))).toEqual([
      'ins-demo0002',
      'ins-demo0001',
      'ins-aaaaaaaa',
    ]);
    expect(within(rows[2]!).getByTestId('instance-state').textContent).toBe('STOPPED');

    await fireEvent.click(within(rows[1]!).getByTestId('open-console'));
    await fireEvent.click(within(rows[0]!).getByTestId('open-console'));
    // noVNC never loads here: each tab is drawn at its pacing's deadline (100 ms after the click).
    await waitFor(() => expect(screen.getAllByTestId('console-tab')).toHaveLength(2));
    // In the order of the clicks, the one clicked last in front.
    expect(screen.getAllByTestId('console-tab').map((t) => t.getAttribute('data-instance'))).toEqual([
      'ins-demo0001',
      'ins-demo0002',
    ]);
    expect(screen.getAllByTestId('console-view')).toHaveLength(2);
    expect(screen.getByRole('tab', { selected: true }).textContent).toContain('api-staging-01');
    expect(screen.getByText('2 consoles open')).toBeTruthy();

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

  it('remembers the choice: the next run lists the demo cloud straight away', async () => {
    installBridge();
    localStorage.setItem('cvm.workspace.profile', 'demo');
    render(App);
    await waitFor(() => expect(screen.getAllByTestId('instance-row')).toHaveLength(3));
    expect(screen.queryByTestId('try-demo')).toBeNull();
  });

  it('filters by name, id, IP or tag', async () => {
    installBridge();
    render(App);
    await fireEvent.click(screen.getByTestId('try-demo'));
    await waitFor(() => expect(screen.getAllByTestId('instance-row')).toHaveLength(3));
    await fireEvent.input(screen.getByPlaceholderText(/Filter/), { target: { value: 'staging' } });
    expect(screen.getAllByTestId('instance-row').map((r) => r.getAttribute('data-instance'))).toEqual([
      'ins-demo0002',
    ]);
    await fireEvent.input(screen.getByPlaceholderText(/Filter/), { target: { value: 'ins-aaa env:prod' } });
    expect(screen.getAllByTestId('instance-row').map((r) => r.getAttribute('data-instance'))).toEqual([
      'ins-aaaaaaaa',
    ]);
  });

  it('shows just one console for the detached-window route', async () => {
    installBridge();
    location.hash = '#/console/demo/ap-guangzhou/ins-demo0001';
    render(App);
    // Opened through the window's own workspace: drawn at its pacing's deadline.
    await waitFor(() => expect(screen.getAllByTestId('console-view')).toHaveLength(1));
    expect(screen.queryByTestId('instance-list')).toBeNull();
    expect(screen.queryByTestId('app-info')).toBeNull();
    await waitFor(() => expect(document.title).toBe('web-prod-01 — CVM Console'));
  });
});
