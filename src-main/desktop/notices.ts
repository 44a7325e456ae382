// What the app says in a native notification, and when it keeps quiet: only about what the user
// cannot see (the window showing it is not focused), and never when notifications are turned off.
import { menuText } from './tray-menu';
import { ENGLISH, type Translate } from '../../i18n/translator';
import type { LostReason } from './open-consoles';

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
 * `reason` is the console's own short explanation (e.g. "The instance was stopped"), as a key.
 */
export function consoleNotice(
  change: 'lost' | 'restored',
  instance: NoticeInstance,
  context: NoticeContext,
  reason?: LostReason,
  t: Translate = ENGLISH.t,
): Notice | null {
  if (!context.enabled || context.focused) return null;
  const name = nameOf(instance);
  const region = instance.region;
  if (change === 'restored') {
    return {
      title: t('notice.consoleBackTitle', { name }),
      body: t('notice.consoleBackBody', { name, region }),
    };
  }
  const why = reason ? `${menuText(t(reason), 'darwin', 120)} ` : '';
  return {
    title: t('notice.consoleLostTitle', { name }),
    body: t('notice.consoleLostBody', { why, name, region }),
  };
}

export type PowerAction = 'start' | 'stop' | 'reboot';
const VERB = {
  start: 'powerAction.start',
  stop: 'powerAction.stop',
  reboot: 'powerAction.reboot',
} as const satisfies Record<PowerAction, string>;

/** A start, stop or reboot settled on every instance it was asked of. */
export function powerNotice(
  action: PowerAction,
  done: readonly NoticeInstance[],
  failed: readonly NoticeInstance[],
  context: NoticeContext,
  t: Translate = ENGLISH.t,
): Notice | null {
  if (!context.enabled || context.focused || done.length + failed.length === 0) return null;
  const list = (items: readonly NoticeInstance[]) =>
    items.length === 1 ? nameOf(items[0]!) : t('notice.instances', { count: items.length });
  const verb = t(VERB[action]);
  if (failed.length === 0) {
    return {
      title: t('notice.powerDoneTitle', { action: verb }),
      body: t('notice.powerDoneBody', { action: verb, list: list(done) }),
    };
  }
  const body =
    done.length === 0
      ? t('notice.powerFailedBody', { action: verb, list: list(failed) })
      : t('notice.powerMixedBody', { action: verb, done: list(done), failed: list(failed) });
  return { title: t('notice.powerFailedTitle', { action: verb }), body };
}

/** Shown once, the first time closing the window leaves the app running in the tray. */
export function closeToTrayNotice(platform: string, t: Translate = ENGLISH.t): Notice {
  return {
    title: t('notice.stillRunningTitle'),
    body: platform === 'darwin' ? t('notice.stillRunningMenuBar') : t('notice.stillRunningTray'),
  };
}
