// "Type into several consoles": which of the chosen consoles get the text or keys now, and which are
// skipped (named, with why) because they are not connected. Pure, so the rule is tested as is; the
// toolbar and the tab checkboxes only show what it says.

/** What a console tab knows about its link (the console session's phases, or any other label). */
export interface BroadcastTab {
  id: string;
  /** What the user sees on the tab, used to name skipped consoles. */
  title: string;
  /** The session's phase; only 'connected' consoles can take keys. */
  phase: string;
}

export interface SkippedTab {
  id: string;
  title: string;
  phase: string;
}

export interface BroadcastTargets {
  /** Chosen and connected, in tab order: these get the keys. */
  targets: string[];
  /** Chosen but not connected, in tab order. */
  skipped: SkippedTab[];
  /** For the status line, e.g. 'Sent to 2 consoles; skipped web-02 (reconnecting).'; '' when nothing was chosen. */
  summary: string;
}

const CONNECTED = 'connected';

/**
 * Splits the chosen tabs (ids in `chosen`; ids of tabs that are gone are ignored) into targets and
 * skipped. With nothing chosen, the active tab alone is the target when it is connected: typing
 * without a selection goes where it always went.
 */
export function broadcastTargets(
  tabs: readonly BroadcastTab[],
  chosen: ReadonlySet<string>,
  activeId?: string,
): BroadcastTargets {
  const picked =
    chosen.size > 0 ? tabs.filter((t) => chosen.has(t.id)) : tabs.filter((t) => t.id === activeId);
  const targets = picked.filter((t) => t.phase === CONNECTED).map((t) => t.id);
  const skipped = picked
    .filter((t) => t.phase !== CONNECTED)
    .map(({ id, title, phase }) => ({ id, title, phase }));
  return { targets, skipped, summary: chosen.size > 0 ? summarize(targets.length, skipped) : '' };
}

function summarize(sent: number, skipped: readonly SkippedTab[]): string {
  const to = `Sent to ${sent} console${sent === 1 ? '' : 's'}`;
  if (skipped.length === 0) return `${to}.`;
  return `${to}; skipped ${skipped.map((s) => `${s.title} (${s.phase})`).join(', ')}.`;
}

/** The choice after the user ticks or unticks one tab's checkbox. */
export function toggleChoice(chosen: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(chosen);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** "Select all": every open tab; pressed again when all are chosen, clears the choice. */
export function toggleAll(chosen: ReadonlySet<string>, tabs: readonly BroadcastTab[]): Set<string> {
  const all = tabs.every((t) => chosen.has(t.id));
  return all ? new Set() : new Set(tabs.map((t) => t.id));
}

/** Drops chosen ids whose tab was closed. */
export function pruneChoice(chosen: ReadonlySet<string>, tabs: readonly BroadcastTab[]): Set<string> {
  const open = new Set(tabs.map((t) => t.id));
  return new Set([...chosen].filter((id) => open.has(id)));
}
