// Loads the app:info answer once and keeps it as reactive state for the shell.
import type { AppInfo } from '../../src-main/contract';

export class AppInfoState {
  info = $state<AppInfo | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);

  constructor(private readonly load: () => Promise<AppInfo>) {}

  async refresh(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.info = await this.load();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.loading = false;
    }
  }
}
