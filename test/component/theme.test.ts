import { describe, expect, it } from 'vitest';
import { applyTheme, followThemeSetting } from '../../src-renderer/shell/theme';
import type { Settings } from '../../src-main/contract';

const settings = (theme: Settings['theme']) => ({ theme }) as Settings;

describe('theme', () => {
  it('pins light or dark on <html>, and follows the system without the attribute', () => {
    const root = document.createElement('html');
    applyTheme('dark', root);
    expect(root.getAttribute('data-theme')).toBe('dark');
    applyTheme('light', root);
    expect(root.getAttribute('data-theme')).toBe('light');
    applyTheme('system', root);
    expect(root.hasAttribute('data-theme')).toBe(false);
  });

  it('applies the saved theme, then each change; a change before the first answer wins', async () => {
    const root = document.createElement('html');
    let listener: (s: Settings) => void = () => {};
    let answer: (s: Settings) => void = () => {};
    const off = followThemeSetting(
      {
        get: () => new Promise((resolve) => (answer = resolve)),
        onChanged: (l) => ((listener = l), () => (listener = () => {})),
      },
      root,
    );
    listener(settings('light'));
    answer(settings('dark'));
    await Promise.resolve();
    await Promise.resolve();
    expect(root.getAttribute('data-theme')).toBe('light');
    listener(settings('dark'));
    expect(root.getAttribute('data-theme')).toBe('dark');
    off();
    listener(settings('light'));
    expect(root.getAttribute('data-theme')).toBe('dark');
  });
});
