// Tells main which consoles this window has open and in what phase (`windows:reportConsoles`), whenever
// a tab opens or closes or a phase changes (a new tab once its first connect is through): the tray lists them and says how many are open or
// reconnecting, and a console lost or back in a background window becomes a notification.
import type { ReportedConsole } from '../../src-main/contract';
import type { Workspace } from './workspace.svelte';

export function reportOpenConsoles(
  workspace: Workspace,
  send: (consoles: ReportedConsole[]) => Promise<unknown>,
): () => void {
  return $effect.root(() => {
    $effect(() => {
      // Not while a console's first connect is under way: the report (IPC, and work in main) waits
      // until its picture is up and its buttons drawn (console-pacing.svelte.ts), then goes at once.
      if (workspace.tabs.some((s) => !s.pacing.toolsDrawn)) return;
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
