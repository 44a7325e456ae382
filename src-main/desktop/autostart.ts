// Start at login on Linux: an XDG autostart entry (~/.config/autostart/cvm-console.desktop),
// since Electron's login-item API covers only macOS and Windows. The entry starts the app with
// --hidden, so it waits in the tray.
import { posix } from 'node:path';
import { HIDDEN_SWITCH } from './connect-link';

export const AUTOSTART_FILE_NAME = 'cvm-console.desktop';

/** `$XDG_CONFIG_HOME/autostart/…`, or `~/.config/autostart/…` when it is unset or not absolute. */
export function autostartPath(env: Record<string, string | undefined>, home: string): string {
  const config = env['XDG_CONFIG_HOME'];
  const base = config && config.startsWith('/') ? config : posix.join(home, '.config');
  return posix.join(base, 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * One argument of an Exec line (Desktop Entry Specification): quoted when it holds anything but
 * plain path characters, with `"`, `` ` ``, `$` and `\` escaped inside the quotes, then every
 * backslash doubled (the string escaping applied to the whole value), and `%` written as `%%`
 * (field codes). A path with a control character cannot be written: null.
 */
export function execArgument(arg: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (arg === '' || /[\u0000-\u001f\u007f]/.test(arg)) return null;
  const quoted = /^[A-Za-z0-9_/.+,:@=-]+$/.test(arg) ? arg : `"${arg.replace(/["`$\\]/g, '\\$&')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** The autostart entry for the executable (the AppImage file itself when running from one). */
export function autostartEntry(executable: string): string | null {
  const exec = execArgument(executable);
  if (exec === null) return null;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=CVM Console',
    'Comment=Keeps CVM Console in the tray, ready to open consoles',
    `Exec=${exec} ${HIDDEN_SWITCH}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
