// Applies the window security policy to every web contents Electron creates.
import type { App, Session, Shell } from 'electron';
import { isNavigationAllowed, isPermissionGranted, windowOpenDecision } from './security-policy';

export class SecurityRestrictions {
  constructor(
    private readonly app: App,
    private readonly shell: Pick<Shell, 'openExternal'>,
    private readonly origins: readonly string[],
  ) {}

  apply(session: Session): void {
    session.setPermissionRequestHandler((_wc, permission, callback) =>
      callback(isPermissionGranted(permission)),
    );
    session.setPermissionCheckHandler((_wc, permission) => isPermissionGranted(permission));

    this.app.on('web-contents-created', (_event, contents) => {
      contents.on('will-navigate', (event, url) => {
        if (!isNavigationAllowed(url, this.origins)) event.preventDefault();
      });
      contents.on('will-redirect', (event, url) => {
        if (!isNavigationAllowed(url, this.origins)) event.preventDefault();
      });
      contents.on('will-attach-webview', (event) => event.preventDefault());
      contents.setWindowOpenHandler(({ url }) => {
        const decision = windowOpenDecision(url);
        if (decision.openExternally) void this.shell.openExternal(url);
        return { action: decision.action };
      });
    });
  }
}
