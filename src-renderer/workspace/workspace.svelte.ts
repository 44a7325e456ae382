// The open consoles of a window: one tab per instance, each with its own session (and so its own
// reconnect machine). This is the one place consoles start. Hovering an Open button warms a session
// up — noVNC loaded and a URL fetched — which the click then adopts; an unused warm session is
// dropped after 12 s. A detached console window opens its one console through a workspace too.
import type { InstanceRef } from '../../src-main/contract';
import { CONSOLE_URL_MAX_AGE_MS } from '../../src-main/common/console-limits';
import { ConsoleSession, refKey } from '../console/console-session.svelte';
import type { ConsoleSessionOptions } from '../console/console-session.svelte';
import { broadcastTargets, pruneChoice, toggleAll, toggleChoice } from '../console/text/broadcast';
import type { BroadcastTab } from '../console/text/broadcast';
import { phaseLabel } from './phase-label';
import { t } from '../lib/i18n.svelte';
import { errorText } from '../lib/error-text';

/** Where typed text and key combos go: the consoles to send to, and what to tell the user. */
export interface BroadcastPlan {
  sessions: ConsoleSession[];
  /** '' when no console is chosen (the keys go to the console they were typed in, as always). */
  summary: string;
}
export type SessionFactory = (ref: InstanceRef, title: string) => ConsoleSession;

export interface WorkspaceOptions {
  createSession: SessionFactory;
  /** Opens a console in a window of its own (main's windows:openConsole). */
  openWindow: (ref: InstanceRef, title: string) => Promise<void>;
  /** How long a warmed-up session waits for its click (the URL is good for 12 s). */
  warmForMs?: number;
}

export function sessionFactory(base: Omit<ConsoleSessionOptions, 'ref' | 'title'>): SessionFactory {
  return (ref, title) => new ConsoleSession({ ...base, ref, title });
}

export class Workspace {
  tabs = $state.raw<ConsoleSession[]>([]);
  activeKey = $state<string | null>(null);
  /** The main window's inventory is shown in place of the active console (its first tab). */
  showingInventory = $state(true);
  /** The last thing that went wrong at workspace level (e.g. detach failed). */
  error = $state<string | null>(null);
  /** Consoles chosen to type into at once (their tabs' checkboxes), by session key. */
  // Never changed in place: each change is a new Set (broadcast.ts), so a raw state is enough.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  chosen = $state.raw<ReadonlySet<string>>(new Set());

  // Bookkeeping only, never rendered: a plain Map on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly warm = new Map<
    string,
    { session: ConsoleSession; timer: ReturnType<typeof setTimeout> }
  >();
  /** Opened and connecting, their tabs not drawn yet (see open). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly opening = new Map<string, ConsoleSession>();
  /** When each tab was asked for: tabs keep the order of the clicks, whenever they are drawn. */
  private readonly openedAt = new WeakMap<ConsoleSession, number>();
  private opens = 0;
  private lastOpened: string | null = null;
  private readonly options: WorkspaceOptions;

  constructor(options: WorkspaceOptions) {
    this.options = options;
  }

  get active(): ConsoleSession | undefined {
    return this.tabs.find((s) => s.key === this.activeKey);
  }

  /** Pointer over an instance's Open button. */
  prefetch(ref: InstanceRef, title: string): void {
    const key = refKey(ref);
    if (this.tabs.some((s) => s.key === key) || this.warm.has(key) || this.opening.has(key)) return;
    const session = this.options.createSession(ref, title);
    session.prefetch();
    const timer = setTimeout(() => {
      if (this.warm.get(key)?.session !== session) return;
      this.warm.delete(key);
      session.dispose();
    }, this.options.warmForMs ?? CONSOLE_URL_MAX_AGE_MS);
    this.warm.set(key, { session, timer });
  }

  /**
   * Opens (or shows) the console of an instance in a tab. The console connects at once; its tab
   * is drawn when the console's pacing says (once its VNC handshake is through, with anything
   * else it has to show, or 100 ms after the click at the latest: console-pacing.svelte.ts).
   */
  open(ref: InstanceRef, title: string): ConsoleSession {
    const key = refKey(ref);
    this.lastOpened = key;
    const existing = this.tabs.find((s) => s.key === key);
    if (existing) {
      this.activeKey = key;
      this.showingInventory = false;
      return existing;
    }
    const opening = this.opening.get(key);
    if (opening) return opening;
    const warm = this.warm.get(key);
    let session: ConsoleSession;
    if (warm) {
      clearTimeout(warm.timer);
      this.warm.delete(key);
      session = warm.session;
      session.title = title;
    } else {
      session = this.options.createSession(ref, title);
    }
    // A warmed-up session opens its WebSocket right here, inside the click.
    void session.start();
    this.opening.set(key, session);
    const order = ++this.opens;
    this.openedAt.set(session, order);
    void session.pacing.tabDue.then(() => {
      if (this.opening.get(key) !== session) return;
      this.opening.delete(key);
      const before = this.tabs.findIndex((s) => (this.openedAt.get(s) ?? 0) > order);
      this.tabs = before < 0 ? [...this.tabs, session] : this.tabs.toSpliced(before, 0, session);
      // The console clicked last is the one shown, whichever connected first.
      if (this.lastOpened === key || this.activeKey === null) this.activeKey = key;
      if (this.lastOpened === key) this.showingInventory = false;
    });
    return session;
  }

  // ---- Typing into several consoles -------------------------------------------------------------

  toggleChosen(key: string): void {
    this.chosen = toggleChoice(this.chosen, key);
  }

  /** "Select all"; pressed again with every tab chosen, clears the choice. */
  toggleAllChosen(): void {
    this.chosen = toggleAll(this.chosen, this.broadcastTabs());
  }

  clearChosen(): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, as above
    this.chosen = new Set();
  }

  /**
   * Where Type text, a key combo or Ctrl+Alt+Del given in `from` goes: every chosen console that is
   * connected (the others are named in the summary), or `from` alone when none is chosen.
   */
  broadcastFrom(from: ConsoleSession): BroadcastPlan {
    const { targets, skipped } = broadcastTargets(this.broadcastTabs(), this.chosen, from.key);
    if (this.chosen.size === 0) return { sessions: from.canSend ? [from] : [], summary: '' };
    const count = targets.length;
    const summary =
      skipped.length === 0
        ? t('text.broadcast.sent', { count })
        : t('text.broadcast.sentSkipped', {
            count,
            skipped: skipped.map((s) => `${s.title} (${s.phase})`).join(', '),
          });
    return { sessions: this.tabs.filter((s) => targets.includes(s.key)), summary };
  }

  private broadcastTabs(): BroadcastTab[] {
    // Connected means able to take keys now: shown live and not view-only.
    return this.tabs.map((s) => ({
      id: s.key,
      title: s.title || s.ref.instanceId,
      phase:
        s.state.phase === 'connected'
          ? s.canSend
            ? 'connected'
            : 'view only'
          : phaseLabel(s.state.phase).text.toLowerCase(),
    }));
  }

  activate(key: string): void {
    if (!this.tabs.some((s) => s.key === key)) return;
    this.activeKey = key;
    this.lastOpened = key;
    this.showingInventory = false;
  }

  showInventory(): void {
    this.showingInventory = true;
  }

  close(key: string): void {
    const opening = this.opening.get(key);
    if (opening) {
      this.opening.delete(key);
      opening.dispose();
      return;
    }
    const index = this.tabs.findIndex((s) => s.key === key);
    if (index < 0) return;
    const session = this.tabs[index]!;
    const rest = this.tabs.filter((s) => s.key !== key);
    this.tabs = rest;
    if (this.chosen.has(key))
      this.chosen = pruneChoice(
        this.chosen,
        rest.map((s) => ({ id: s.key, title: s.title, phase: '' })),
      );
    if (this.activeKey === key) this.activeKey = (rest[index] ?? rest[index - 1])?.key ?? null;
    if (rest.length === 0) this.showingInventory = true;
    session.dispose();
  }

  /** Moves a console into its own window: the window connects on its own; this tab closes. */
  async detach(key: string): Promise<void> {
    const session = this.tabs.find((s) => s.key === key);
    if (!session) return;
    this.error = null;
    try {
      await this.options.openWindow(session.ref, session.title || session.ref.instanceId);
    } catch (error) {
      this.error = errorText(error, t('workspace.windowFailed'));
      return;
    }
    this.close(key);
  }

  dispose(): void {
    for (const { session, timer } of this.warm.values()) {
      clearTimeout(timer);
      session.dispose();
    }
    this.warm.clear();
    for (const session of this.opening.values()) session.dispose();
    this.opening.clear();
    for (const session of this.tabs) session.dispose();
    this.tabs = [];
    this.activeKey = null;
  }
}
