// What the app says in a native notification, and when it keeps quiet: only about what the user
// cannot see (the window showing it is not focused), and never when notifications are turned off.
import { menuText } from './tray-menu';

export interface Notice {
  title: string;
  body: string;
}

/** The instance as a notification names it. */
export interface NoticeInstance {
  name: string;
  instanceId: string;
  region: string;
}

export interface NoticeContext {
  /** The setting `notifications`. */
  enabled: boolean;
  /** The window that shows this console or action has the focus: the user sees it already. */
  focused: boolean;
}

const nameOf = (i: NoticeInstance) => menuText(i.name || i.instanceId, 'darwin', 60);

/**
 * A console in a background window gave up reconnecting (`lost`) or came back (`restored`).
 * `reason` is the console's own short explanation (e.g. "The instance was stopped").
 */
export function consoleNotice(
  change: 'lost' | 'restored',
  instance: NoticeInstance,
  context: NoticeContext,
  reason?: string,
): Notice | null {
  if (!context.enabled || context.focused) return null;
  const name = nameOf(instance);
  if (change === 'restored') {
    return { title: `Console back: ${name}`, body: `${name} (${instance.region}) is connected again.` };
  }
  const why = reason ? `${menuText(reason, 'darwin', 120)} ` : '';
  return {
    title: `Console lost: ${name}`,
    body: `${why}CVM Console stopped reconnecting to ${name} (${instance.region}). Open it to try again.`,
  };
}

export type PowerAction = 'start' | 'stop' | 'reboot';
const VERB: Record<PowerAction, string> = { start: 'Start', stop: 'Stop', reboot: 'Reboot' };

/** A start, stop or reboot settled on every instance it was asked of. */
export function powerNotice(
  action: PowerAction,
  done: readonly NoticeInstance[],
  failed: readonly NoticeInstance[],
  context: NoticeContext,
): Notice | null {
  if (!context.enabled || context.focused || done.length + failed.length === 0) return null;
  const list = (items: readonly NoticeInstance[]) =>
    items.length === 1 ? nameOf(items[0]!) : `${items.length.toLocaleString('en')} instances`;
  if (failed.length === 0) {
    return { title: `${VERB[action]} finished`, body: `${VERB[action]} finished on ${list(done)}.` };
  }
  const body =
    done.length === 0
      ? `${VERB[action]} failed on ${list(failed)}.`
      : `${VERB[action]} finished on ${list(done)} and failed on ${list(failed)}.`;
  return { title: `${VERB[action]} failed`, body: `${body} The inventory shows why.` };
}

/** Shown once, the first time closing the window leaves the app running in the tray. */
export function closeToTrayNotice(platform: string): Notice {
  const where = platform === 'darwin' ? 'menu bar' : 'tray';
  return {
    title: 'CVM Console is still running',
    body: `Closing the window keeps your consoles connected; CVM Console stays in the ${where}. Quit it from the ${where} menu, or change this in Settings.`,
  };
}
