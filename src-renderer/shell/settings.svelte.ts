// The user's settings as reactive state: loaded from main, changed through main (which saves them).
import type { Settings } from '../../src-main/contract';
import type { ConsolePreferences } from '../console/console-session.svelte';
import { t } from '../lib/i18n.svelte';

export interface SettingsApi {
  get(): Promise<Settings>;
  set(patch: Partial<Settings>): Promise<Settings>;
}

export class SettingsState {
  value = $state<Settings | null>(null);
  error = $state<string | null>(null);
  saving = $state(false);

  constructor(private readonly api: SettingsApi) {}

  async load(): Promise<void> {
    try {
      this.value = await this.api.get();
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** Another window (or main) saved a change. */
  changed(next: Settings): void {
    this.value = next;
  }

  /** What a console reads when it opens and when its link drops (defaults until the settings are in). */
  readonly preferences: ConsolePreferences = {
    defaultScale: () => this.value?.defaultScale ?? 'fit',
    autoReconnect: () => this.value?.autoReconnect ?? true,
  };

  async change(patch: Partial<Settings>): Promise<void> {
    this.saving = true;
    try {
      this.value = await this.api.set(patch);
      this.error = null;
    } catch (err) {
      this.error = t('settings.saveFailed', { message: err instanceof Error ? err.message : String(err) });
    } finally {
      this.saving = false;
    }
  }
}
