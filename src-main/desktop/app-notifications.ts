// What becomes a native notification: a console in a background window lost for good or back
// after an outage (the open-consoles registry sees it), and a power action that came to rest on
// every instance (the inventory's poller sees it). The wording and when to keep quiet are in
// notices.ts; main hands in the notifier and asks Electron which window has the focus.
import type { Translate } from '../../i18n/translator';
import type { InventoryService } from '../inventory/inventory-service';
import { consoleNotice, powerNotice, type Notice } from './notices';
import type { OpenConsoles } from './open-consoles';

export interface AppNotificationDeps {
  notifier: { show(notice: Notice | null, onClick?: () => void): boolean };
  /** The setting `notifications`. */
  enabled(): boolean;
  /** Whether the window with this webContents id has the focus (a gone window has not). */
  senderFocused(sender: number): boolean;
  /** Shows and focuses the window with this webContents id (its notification was clicked). */
  showSender(sender: number): void;
  /** Whether any window of the app has the focus (the inventory shows a power action then). */
  anyFocused(): boolean;
  showMainWindow(): void;
  /** The app's language now (notices are worded when shown); English when left out. */
  t?: Translate;
}

export function installAppNotifications(
  consoles: Pick<OpenConsoles, 'onConsoleChange'>,
  inventory: Pick<InventoryService, 'onPowerFinished'>,
  deps: AppNotificationDeps,
): () => void {
  const offConsoles = consoles.onConsoleChange((c) => {
    const instance = { name: c.title, instanceId: c.ref.instanceId, region: c.ref.region };
    const context = { enabled: deps.enabled(), focused: deps.senderFocused(c.sender) };
    deps.notifier.show(consoleNotice(c.change, instance, context, c.reason, deps.t), () =>
      deps.showSender(c.sender),
    );
  });
  const offPower = inventory.onPowerFinished((f) => {
    const context = { enabled: deps.enabled(), focused: deps.anyFocused() };
    deps.notifier.show(powerNotice(f.action, f.done, f.failed, context, deps.t), () => deps.showMainWindow());
  });
  return () => {
    offConsoles();
    offPower();
  };
}
