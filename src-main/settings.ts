// The user's settings, kept as JSON in the user-data folder. The file is read with a schema:
// a missing, unreadable or malformed file gives the defaults (and is left alone until the user
// changes a setting), so a bad file never stops the app. Writes go to a temp file then rename.
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file';
import { readJsonFile } from './json-file';
import { settingsShape, type Settings } from './contract';

// A field missing from the file (an older version wrote it) takes its default; a wrong one voids the file.
export const settingsSchema = z.object({
  /** Present https://img.qcloud.com as the WebSocket Origin to Tencent's console gateways. */
  rewriteTencentOrigin: settingsShape.rewriteTencentOrigin.default(true),
  /** On by default; main applies it only where a tray icon exists (else closing would lose the window). */
  closeToTray: settingsShape.closeToTray.default(true),
  /** Off by default: starting at login is the user's choice. */
  startAtLogin: settingsShape.startAtLogin.default(false),
  trayInstanceCount: settingsShape.trayInstanceCount.default(15),
  notifications: settingsShape.notifications.default(true),
  /** Follow the OS's language until the user picks one. */
  language: settingsShape.language.default('system'),
}) satisfies z.ZodType<Settings>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export class SettingsStore {
  private current: Settings = DEFAULT_SETTINGS;
  private readonly listeners = new Set<(next: Settings, previous: Settings) => void>();

  constructor(
    private readonly file: string,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  async load(): Promise<Settings> {
    return (this.current =
      (await readJsonFile(this.file, settingsSchema, this.warn, 'settings file')) ?? DEFAULT_SETTINGS);
  }

  get(): Settings {
    return this.current;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...this.current, ...patch });
    await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    const previous = this.current;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
    return next;
  }

  /** Called after each saved change (the OS-facing settings, e.g. start at login, are applied there). */
  onChange(listener: (next: Settings, previous: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
