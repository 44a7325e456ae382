// Native notifications over Electron's Notification. A shown notification is kept referenced
// until it is closed or clicked: one that is garbage-collected earlier loses its click handler.
import type { Notification, NotificationConstructorOptions } from 'electron';
import type { Notice } from '../desktop/notices';

export type NotificationLike = Pick<Notification, 'show' | 'on'>;
export interface NotificationClass {
  new (options: NotificationConstructorOptions): NotificationLike;
  isSupported(): boolean;
}

export class DesktopNotifier {
  private readonly live = new Set<NotificationLike>();

  constructor(
    private readonly Notification: NotificationClass,
    private readonly icon?: string,
  ) {}

  /** Shows the notice if there is one and the OS supports notifications; tells whether it did. */
  show(notice: Notice | null, onClick?: () => void): boolean {
    if (!notice || !this.Notification.isSupported()) return false;
    const note = new this.Notification({
      title: notice.title,
      body: notice.body,
      silent: true,
      ...(this.icon ? { icon: this.icon } : {}),
    });
    this.live.add(note);
    note.on('click', () => {
      this.live.delete(note);
      onClick?.();
    });
    note.on('close', () => this.live.delete(note));
    note.show();
    return true;
  }

  /** Notifications shown and not yet closed or clicked. */
  get pending(): number {
    return this.live.size;
  }
}
