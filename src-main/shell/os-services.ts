// The few OS services the handlers need, over Electron's dialog, clipboard and shell.
import { writeFile } from 'node:fs/promises';
import type { BrowserWindow, Clipboard, ClipboardItem, Dialog, Shell } from 'electron';
import { isAllowedExternalUrl } from './security-policy';
import { ENGLISH, type Translate } from '../../i18n/translator';

/**
 * Asks where to save, writes the bytes there and answers the path (null when the user cancelled).
 * The dialog offers the file's type by its name: a .txt transcript or a .png screenshot.
 */
export async function saveFileWithDialog(
  dialog: Dialog,
  parent: BrowserWindow | undefined,
  suggestedName: string,
  bytes: Uint8Array,
  t: Translate = ENGLISH.t,
): Promise<string | null> {
  const filters = suggestedName.toLowerCase().endsWith('.txt')
    ? [{ name: t('dialog.textFile'), extensions: ['txt'] }]
    : [{ name: t('dialog.pngImage'), extensions: ['png'] }];
  const options = { defaultPath: suggestedName, filters };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  await writeFile(result.filePath, bytes);
  return result.filePath;
}

export async function copyTextToClipboard(
  clipboard: Pick<Clipboard, 'writeText'>,
  text: string,
): Promise<void> {
  clipboard.writeText(text);
}

export function showFileInFolder(shell: Pick<Shell, 'showItemInFolder'>, path: string): void {
  shell.showItemInFolder(path);
}

export async function copyPngToClipboard(
  clipboard: Pick<Clipboard, 'write'>,
  Item: typeof ClipboardItem,
  png: Uint8Array,
): Promise<boolean> {
  await clipboard.write([new Item({ 'image/png': new Blob([png.slice()], { type: 'image/png' }) })]);
  return true;
}

/** shell.openExternal, but only for the allowlist; anything else is refused loudly. */
export async function openAllowedExternal(shell: Pick<Shell, 'openExternal'>, url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) throw new Error('refused to open a page outside the allowlist');
  await shell.openExternal(url);
}
