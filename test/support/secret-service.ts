// Starts a private D-Bus session bus with an unlocked gnome-keyring (a real Secret Service) for
// keychain tests, under a throwaway HOME, and points this process at it. Stop() ends both.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SecretService {
  busAddress: string;
  /** The throwaway HOME the keyring keeps its files in (removed by stop()). */
  home: string;
  stop(): Promise<void>;
}

function requireBinary(name: string, pkg: string): void {
  if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) {
    throw new Error(
      `${name} is missing: install it with "apt-get install ${pkg}" to run the keychain tests.`,
    );
  }
}

function readBusAddress(daemon: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address within 5 s')), 5_000);
    daemon.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    daemon.once('exit', (code) => reject(new Error(`dbus-daemon exited early (${code})`)));
  });
}

export async function startSecretService(): Promise<SecretService> {
  requireBinary('dbus-daemon', 'dbus');
  requireBinary('gnome-keyring-daemon', 'gnome-keyring');
  const home = mkdtempSync(join(tmpdir(), 'cvm-keyring-'));
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const busAddress = await readBusAddress(daemon);
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, '.local/share'),
    DBUS_SESSION_BUS_ADDRESS: busAddress,
  };
  // --unlock reads the password on stdin and creates an unlocked "login" collection.
  const unlock = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
    input: 'pw',
    env,
    timeout: 10_000,
  });
  if (unlock.status !== 0) {
    daemon.kill();
    throw new Error(`gnome-keyring-daemon did not start: ${unlock.stderr.toString().trim()}`);
  }
  // --unlock returns once the daemon is forked, which may be before it owns its bus name; a call
  // made in between fails at once (seen under load), so wait for the name.
  requireBinary('dbus-send', 'dbus');
  const owned = () =>
    spawnSync(
      'dbus-send',
      [
        '--session',
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        'string:org.freedesktop.secrets',
      ],
      { env, timeout: 5_000 },
    )
      .stdout?.toString()
      .includes('boolean true');
  const deadline = Date.now() + 10_000;
  while (!owned()) {
    if (Date.now() > deadline) {
      daemon.kill();
      throw new Error('gnome-keyring-daemon started but never took org.freedesktop.secrets on the bus');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const previous = process.env['DBUS_SESSION_BUS_ADDRESS'];
  process.env['DBUS_SESSION_BUS_ADDRESS'] = busAddress;
  return {
    busAddress,
    home,
    stop: async () => {
      if (previous === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
      else process.env['DBUS_SESSION_BUS_ADDRESS'] = previous;
      // gnome-keyring-daemon exits by itself when its session bus goes away.
      daemon.kill();
      await new Promise((r) => setTimeout(r, 50));
      rmSync(home, { recursive: true, force: true });
    },
  };
}
