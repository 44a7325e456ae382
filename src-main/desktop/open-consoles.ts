// The consoles open in every window, as each window reports them (`windows:reportConsoles`: its whole
// list whenever a phase changes). The tray's menu and tooltip read them; the changes that matter to
// someone not looking (a console lost for good, or back after a real outage) are handed on for a
// notification. Plain Node: main tells it when a window is gone and whether it has the focus.
import type { ConsolePhase, InstanceRef, ReportedConsole } from '../contract';
import type { OpenConsole } from './tray-menu';

/** A console gave up (`lost`) or came back after being away at least RESTORED_AFTER_MS (`restored`). */
export interface ConsoleChange {
  change: 'lost' | 'restored';
  /** The window that shows it. */
  sender: number;
  ref: InstanceRef;
  title: string;
  /** Why it was lost, in a few words, for the notification (a catalogue key). */
  reason?: LostReason;
}

/** Phases in which the console stopped trying by itself (the user did not ask). */
const GAVE_UP: ReadonlySet<ConsolePhase> = new Set(['failed', 'gone', 'auth-problem', 'stopped']);
/** Phases of a live console, or one on its way back. */
const ALIVE: ReadonlySet<ConsolePhase> = new Set([
  'connecting',
  'connected',
  'reconnecting',
  'waiting-instance',
  'offline',
]);
const AWAY: ReadonlySet<ConsolePhase> = new Set(['reconnecting', 'waiting-instance', 'offline']);

/** A drop shorter than this is not news: reconnecting takes well under a second. */
export const RESTORED_AFTER_MS = 10_000;

/** Why a console gave up, as catalogue keys: the notification says it in the app's language. */
export type LostReason =
  'notice.reason.gone' | 'notice.reason.keyRefused' | 'notice.reason.stopped' | 'notice.reason.failed';
const REASONS: Partial<Record<ConsolePhase, LostReason>> = {
  gone: 'notice.reason.gone',
  'auth-problem': 'notice.reason.keyRefused',
  stopped: 'notice.reason.stopped',
  failed: 'notice.reason.failed',
};

interface Tracked extends ReportedConsole {
  /** Since when the console has been away (reconnecting, waiting, offline), if it is. */
  awaySince?: number;
}

export interface OpenConsolesOptions {
  /** Called once per window, on its first report: call `gone` when the window closes. */
  watchSender?: (sender: number, gone: () => void) => void;
  now?: () => number;
}

const keyOf = (ref: InstanceRef) => `${ref.profileId}/${ref.region}/${ref.instanceId}`;

export class OpenConsoles {
  private readonly bySender = new Map<number, Map<string, Tracked>>();
  private readonly listeners = new Set<() => void>();
  private readonly changeListeners = new Set<(change: ConsoleChange) => void>();
  private readonly now: () => number;

  constructor(private readonly options: OpenConsolesOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** A window's whole list of consoles, replacing what it reported before. */
  report(sender: number, consoles: readonly ReportedConsole[]): void {
    const before = this.bySender.get(sender);
    if (!before) this.options.watchSender?.(sender, () => this.drop(sender));
    const now = this.now();
    const next = new Map<string, Tracked>();
    const changes: ConsoleChange[] = [];
    for (const c of consoles) {
      const key = keyOf(c.ref);
      const prev = before?.get(key);
      const tracked: Tracked = { ref: c.ref, title: c.title, phase: c.phase };
      if (AWAY.has(c.phase)) tracked.awaySince = prev?.awaySince ?? now;
      next.set(key, tracked);
      if (!prev || prev.phase === c.phase) continue;
      const base = { sender, ref: c.ref, title: c.title };
      if (GAVE_UP.has(c.phase) && ALIVE.has(prev.phase)) {
        const reason = REASONS[c.phase];
        changes.push({ ...base, change: 'lost', ...(reason ? { reason } : {}) });
      } else if (
        c.phase === 'connected' &&
        prev.awaySince !== undefined &&
        now - prev.awaySince >= RESTORED_AFTER_MS
      ) {
        changes.push({ ...base, change: 'restored' });
      }
    }
    const changed = !before || appearance(before) !== appearance(next);
    this.bySender.set(sender, next);
    for (const change of changes) for (const l of this.changeListeners) l(change);
    if (changed) this.emit();
  }

  /** The window closed: its consoles are gone with it. */
  drop(sender: number): void {
    if (this.bySender.delete(sender)) this.emit();
  }

  /** Every open console of every window, for the tray. */
  all(): OpenConsole[] {
    return [...this.bySender.values()].flatMap((m) =>
      [...m.values()].map((c) => ({ ref: c.ref, phase: c.phase })),
    );
  }

  /** The list (or a phase in it) changed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** A console was lost for good or came back. */
  onConsoleChange(listener: (change: ConsoleChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => void this.changeListeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

function appearance(consoles: Map<string, Tracked>): string {
  return [...consoles.entries()].map(([k, c]) => `${k}=${c.phase}`).join('\n');
}
