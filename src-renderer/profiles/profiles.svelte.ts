// The profiles as the renderer knows them: the switcher's summaries, the manager's key profiles
// (masked, never a secret), the keychain's status, Test reports, and each operation's outcome in
// a shape a form can show (a message per field, or what to do about the keychain).
import type {
  ImportScan,
  KeychainStatus,
  KeyProfileView,
  KeyTestReport,
  ProfileForm,
  ProfileSummary,
  StoreNotice,
} from '../../src-main/contract';
import type { api as appApi } from '../api';
import { EnvelopeError } from '../../src-main/common/errors';
import { errorText, fieldTexts } from '../lib/error-text';
import { t } from '../lib/translate';

export type ProfilesApi = typeof appApi.profiles;

/**
 * What a form shows after saving: nothing (saved), messages per field, or one message. The texts
 * are functions, worded when drawn: a language change rewords a message already on screen.
 */
export type FormOutcome =
  | { ok: true; view: KeyProfileView }
  | {
      ok: false;
      fields: () => Record<string, string>;
      message: () => string;
      /** The keychain refused: the form offers "keep this key in memory until the app quits". */
      keychain: boolean;
    };

/** The error in the window's language (its catalogue key), else its message, else the fallback. */
function messageOf(error: unknown, fallback: string): string {
  return errorText(error, fallback);
}

function failure(error: unknown, fallback: () => string): FormOutcome {
  if (error instanceof EnvelopeError) {
    return {
      ok: false,
      fields: () => fieldTexts(error),
      message: () => (error.fields ? '' : errorText(error, fallback())),
      keychain: error.code.startsWith('Keychain'),
    };
  }
  return { ok: false, fields: () => ({}), message: () => messageOf(error, fallback()), keychain: false };
}

export class ProfilesState {
  summaries = $state.raw<ProfileSummary[]>([]);
  keys = $state.raw<KeyProfileView[]>([]);
  notices = $state.raw<StoreNotice[]>([]);
  keychain = $state.raw<KeychainStatus | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The last Test report per profile id. */
  reports = $state.raw<Record<string, KeyTestReport>>({});
  /** The profile whose Test is running. */
  testing = $state<string | null>(null);

  readonly defaultProfileId = $derived(this.keys.find((k) => k.isDefault)?.id ?? null);
  /** The built-in demo cloud's profile, as profiles:list names it. */
  readonly demoProfileId = $derived(this.summaries.find((s) => s.kind === 'demo')?.id ?? null);

  constructor(private readonly api: ProfilesApi) {}

  async refresh(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const [summaries, details] = await Promise.all([this.api.list(), this.api.details()]);
      this.summaries = summaries;
      this.keys = details.profiles;
      this.notices = details.notices;
    } catch (error) {
      this.error = messageOf(error, t('profiles.error.read'));
    } finally {
      this.loading = false;
    }
  }

  async checkKeychain(recheck = false): Promise<void> {
    try {
      this.keychain = await this.api.keychainStatus(recheck ? { recheck } : undefined);
    } catch (error) {
      this.keychain = { available: false, backend: t('keychain.osKeychain'), detail: messageOf(error, '') };
    }
  }

  /** What the user calls this profile ("Demo cloud" for the demo's). */
  label(profileId: string): string | undefined {
    const summary = this.summaries.find((s) => s.id === profileId);
    return summary?.kind === 'demo' ? t('profiles.demo') : summary?.name;
  }

  key(profileId: string): KeyProfileView | undefined {
    return this.keys.find((k) => k.id === profileId);
  }

  async create(form: ProfileForm): Promise<FormOutcome> {
    try {
      const view = await this.api.create(form);
      await this.refresh();
      return { ok: true, view };
    } catch (error) {
      return failure(error, () => t('profiles.error.save'));
    }
  }

  async update(profileId: string, changes: ProfileForm): Promise<FormOutcome> {
    try {
      const view = await this.api.update({ profileId, changes });
      // A replaced key deserves a fresh Test: the old report was about the old key.
      if (changes.key) this.forgetReport(profileId);
      await this.refresh();
      return { ok: true, view };
    } catch (error) {
      return failure(error, () => t('profiles.error.save'));
    }
  }

  /** Null when removed; else why not (the profile stays listed). */
  async remove(profileId: string): Promise<string | null> {
    try {
      await this.api.delete({ profileId });
      this.forgetReport(profileId);
      return null;
    } catch (error) {
      return messageOf(error, t('profiles.error.delete'));
    } finally {
      await this.refresh();
    }
  }

  async setDefault(profileId: string | null): Promise<string | null> {
    try {
      await this.api.setDefault({ profileId });
      await this.refresh();
      return null;
    } catch (error) {
      return messageOf(error, t('profiles.error.setDefault'));
    }
  }

  async test(profileId: string): Promise<KeyTestReport | string> {
    this.testing = profileId;
    try {
      const report = await this.api.test({ profileId });
      this.reports = { ...this.reports, [profileId]: report };
      await this.refresh();
      return report;
    } catch (error) {
      return messageOf(error, t('profiles.error.test'));
    } finally {
      this.testing = null;
    }
  }

  scanImports(): Promise<ImportScan> {
    return this.api.scanImports();
  }

  async importChosen(choices: Parameters<ProfilesApi['import']>[0]['choices']): Promise<FormOutcome | null> {
    try {
      await this.api.import({ choices });
      await this.refresh();
      return null;
    } catch (error) {
      return failure(error, () => t('profiles.error.import'));
    }
  }

  private forgetReport(profileId: string): void {
    const { [profileId]: _dropped, ...rest } = this.reports;
    this.reports = rest;
  }
}
