import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trayIcon } from '../../../src-main/desktop/tray-icon';

const trayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../assets/tray');

describe('trayIcon', () => {
  it('uses the template image on macOS, whatever the theme (the menu bar tints it)', () => {
    for (const dark of [false, true])
      for (const highContrast of [false, true])
        expect(trayIcon({ platform: 'darwin', dark, highContrast })).toEqual({
          file: 'trayTemplate.png',
          template: true,
        });
  });

  it('uses the colour tile on Windows (.ico with every scaling) and Linux (32 px), light or dark', () => {
    for (const dark of [false, true]) {
      expect(trayIcon({ platform: 'win32', dark, highContrast: false })).toEqual({
        file: 'tray.ico',
        template: false,
      });
      expect(trayIcon({ platform: 'linux', dark, highContrast: false })).toEqual({
        file: 'tray-32.png',
        template: false,
      });
    }
  });

  it('uses a one-colour glyph that contrasts with a high-contrast theme', () => {
    for (const platform of ['win32', 'linux']) {
      expect(trayIcon({ platform, dark: true, highContrast: true }).file).toBe('tray-light-16.png');
      expect(trayIcon({ platform, dark: false, highContrast: true }).file).toBe('tray-dark-16.png');
    }
  });

  it('only names files that exist in assets/tray, each with its @2x sibling where it is a PNG', () => {
    for (const platform of ['darwin', 'win32', 'linux'])
      for (const dark of [false, true])
        for (const highContrast of [false, true]) {
          const { file } = trayIcon({ platform, dark, highContrast });
          expect(existsSync(path.join(trayDir, file)), file).toBe(true);
          if (file.endsWith('-16.png') || file.startsWith('trayTemplate'))
            expect(existsSync(path.join(trayDir, file.replace('.png', '@2x.png'))), file).toBe(true);
        }
  });
});
