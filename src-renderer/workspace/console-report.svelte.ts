// Tells main which consoles this window has open and in what phase (`windows:reportConsoles`), whenever
// a tab opens or closes or a phase changes: the tray lists them and says how many are open or
// reconnecting, and a console lost or back in a background window becomes a notification.
import type { ReportedConsole } from '../../src-main/contract';
import type { Workspace } from './workspace.svelte';

export function reportOpenConsoles(
  workspace: Workspace,
  send: (consoles: ReportedConsole[]) => Promise<unknown>,
): () => void {
  return $effect.root(() => {
    $effect(() => {
      const consoles = workspace.tabs.map((s) => ({
        ref: { ...s.ref },
        title: (s.title || s.ref.instanceId).slice(0, 200),
        phase: s.state.phase,
      }));
      // A window without the bridge (a test page) has no one to tell: it throws, even synchronously.
      void Promise.resolve()
        .then(() => send(consoles))
        .catch(() => {});
    });
  });
}
