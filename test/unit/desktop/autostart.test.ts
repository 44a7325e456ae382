// The Linux autostart entry: where it goes, and an Exec line that survives any path.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { autostartEntry, autostartPath, execArgument } from '../../../src-main/desktop/autostart';

/** Reads one Exec argument back as a desktop environment would (string unescape, then unquote). */
function readBack(written: string): string {
  const value = written.replace(/\\\\/g, '\\').replace(/%%/g, '%');
  if (!value.startsWith('"')) return value;
  return value.slice(1, -1).replace(/\\(["`$\\])/g, '$1');
}

describe('autostartPath', () => {
  it('uses XDG_CONFIG_HOME when it is an absolute path, else ~/.config', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart/cvm-console.desktop');
    expect(autostartPath({}, '/home/u')).toBe('/home/u/.config/autostart/cvm-console.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe(
      '/home/u/.config/autostart/cvm-console.desktop',
    );
  });
});

describe('autostartEntry', () => {
  it('starts the app hidden, in the tray', () => {
    expect(autostartEntry('/opt/CVM Console/cvm-console')).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=CVM Console',
        'Comment=Keeps CVM Console in the tray, ready to open consoles',
        'Exec="/opt/CVM Console/cvm-console" --hidden',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it('writes any path so that it reads back unchanged, on one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (path) => {
        const arg = execArgument(path);
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u001f\u007f]/.test(path)) return expect(arg).toBeNull();
        expect(arg).not.toBeNull();
        expect(arg).not.toContain('\n');
        expect(readBack(arg!)).toBe(path);
      }),
    );
    expect(execArgument('/a/$HOME/`x`/"q"/\\/50%')).toBe(
      '"/a/\\\\$HOME/\\\\`x\\\\`/\\\\"q\\\\"/\\\\\\\\/50%%"',
    );
    expect(autostartEntry('/tmp/evil\nExec=rm -rf ~')).toBeNull();
  });
});
