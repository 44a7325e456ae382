// Delivers console requests from outside the app (Podman Desktop's ProtocolLauncher): a
// cvm-console:// link (macOS hands it over as `open-url`, Windows and Linux as an argument of a
// new launch, which the single-instance lock forwards here) and the --connect command line. Every
// request is parsed strictly at the door (desktop/connect-link.ts); requests that arrive before the
// app can open a console — the link that launched it, above all — wait in a short queue.
import type { App } from 'electron';
import { fail, parseCommandLine, parseConnectLink, type LinkResult } from '../desktop/connect-link';

/** More than anyone clicks while the app starts; the rest are dropped and reported once. */
export const MAX_QUEUED_LINKS = 8;

export type LinkHandler = (result: LinkResult) => void;

export class ProtocolLauncher {
  private queue: LinkResult[] = [];
  private dropped = 0;
  private handler: LinkHandler | undefined;

  constructor(app: Pick<App, 'on'>) {
    // Registered at once: macOS sends the launching link before the app is ready.
    app.on('open-url', (event, url) => {
      event.preventDefault();
      this.accept(parseConnectLink(url));
    });
  }

  /** A command line: this process's own at start, or the one a second launch forwarded. */
  handleCommandLine(argv: readonly string[]): void {
    const { link } = parseCommandLine(argv);
    if (link) this.accept(link);
  }

  /** From now on requests go straight to `handler`; the queued ones first, in their order. */
  ready(handler: LinkHandler): void {
    const queued = this.queue;
    const dropped = this.dropped;
    this.queue = [];
    this.dropped = 0;
    this.handler = handler;
    for (const result of queued) handler(result);
    if (dropped > 0) handler(fail('TooManyLinks'));
  }

  private accept(result: LinkResult): void {
    if (this.handler) this.handler(result);
    else if (this.queue.length < MAX_QUEUED_LINKS) this.queue.push(result);
    else this.dropped += 1;
  }
}
