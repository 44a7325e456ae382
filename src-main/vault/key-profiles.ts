// The key profiles as a service: list, create, update, delete, set default, test, import, and a
// cloud client per profile. Metadata goes to profiles.json, secrets to the keychain (or memory, if
// the user chose so); no operation ever returns a SecretKey or token. The IPC channels call these.
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { z } from 'zod';
import type { ApiClientOptions, CvmClient } from '../cloud';
import { DEFAULT_ROLE_DURATION_S } from '../cloud';
import type { ImportScan, KeychainStatus, KeyProfileView, ProfileSummary, StoreNotice } from '../contract';
import { KeychainError, ProfileInputError, profileNotFound, type KeychainProblem } from './errors';
import { keyed } from '../common/keyed-text';
import type { Translate } from '../../i18n/translator';
import { findCredentials, publicCandidate, type ImportLocations } from './importers';
import {
  createProfileInputSchema,
  fieldErrors,
  maskSecretId,
  SECRET_STORAGES,
  updateProfileInputSchema,
  nameField,
  type CreateProfileInput,
  type FieldErrors,
  type Site,
} from './key-input';
import { testKey, type KeyTestReport } from './key-test';
import { ProfileClients, expiredMessage } from './profile-clients';
import type { KeyringEntryFactory } from './keychain-probe';
import { ProfileStore, type ProfileRecord } from './profile-store';
import type { ProfileCatalog, ProfileSource } from './profiles';
import { SecretStore, type KeySecret } from './secret-store';

export type { ImportScan, KeyProfileView };

export const importChoicesSchema = z
  .array(
    z.strictObject({
      ref: z.string().min(1).max(100),
      name: nameField.optional(),
      storage: z.enum(SECRET_STORAGES).optional(),
    }),
  )
  .min(1, 'profiles.input.importNone')
  .max(100);
export type ImportChoice = z.input<typeof importChoicesSchema>[number];

export interface KeyProfilesOptions {
  /** `profiles.json` in the user-data folder. */
  profilesFile: string;
  /** The OS keychain: the app passes napiKeyringFactory, unit tests an in-memory keyring. */
  keyring: () => Promise<KeyringEntryFactory>;
  platform?: NodeJS.Platform;
  /** Per keychain operation, ms (default 5 s). */
  keychainTimeoutMs?: number;
  /** Given to every profile's client (the app: Electron's net.fetch). */
  client?: Omit<ApiClientOptions, 'credentials' | 'site'>;
  now?: () => number;
  /** Profile ids; default `key-` and 10 random characters. */
  newId?: () => string;
  /** Where importers look; default this process's environment and the user's home folder. */
  importLocations?: () => ImportLocations;
  /** The main log: only fields chosen here reach it, never a secret. */
  log?: (record: Record<string, string | number | boolean>) => void;
  /** Main's translator's `t`, for the names import suggests. Default: English. */
  t?: Translate;
}

/** lastUsedAt is saved at most this often per profile (consoles ask for clients all the time). */
const TOUCH_INTERVAL_MS = 60 * 60_000;
const DEFAULT_REGION: Record<Site, string> = { china: 'ap-guangzhou', intl: 'ap-singapore' };
const DEFAULT_SESSION_NAME = 'cvm-console';

function randomId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `key-${[...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export class KeyProfiles implements ProfileCatalog {
  private records: ProfileRecord[] = [];
  private defaultId: string | null = null;
  private storeNotice: StoreNotice | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly clients: ProfileClients;
  private readonly store: ProfileStore;
  private readonly secrets: SecretStore;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly log: (record: Record<string, string | number | boolean>) => void;

  constructor(private readonly options: KeyProfilesOptions) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomId;
    this.log = options.log ?? (() => {});
    this.store = new ProfileStore(options.profilesFile, { now: this.now });
    this.secrets = new SecretStore({
      keyring: options.keyring,
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.keychainTimeoutMs !== undefined ? { timeoutMs: options.keychainTimeoutMs } : {}),
    });
    this.clients = new ProfileClients({
      secrets: this.secrets,
      lookup: (id) => this.records.find((r) => r.id === id),
      now: this.now,
      ...(options.client ? { client: options.client } : {}),
    });
  }

  /** Reads profiles.json; returns what the user must be told (a bad file, moved aside). */
  async load(): Promise<StoreNotice[]> {
    const { data, notice } = await this.store.load();
    this.records = [...data.profiles];
    this.defaultId = data.profiles.some((p) => p.id === data.defaultProfileId) ? data.defaultProfileId : null;
    this.storeNotice = notice;
    if (notice) this.log({ event: 'profiles-file-problem', code: notice.code, reason: notice.reason });
    return this.notices();
  }

  /** Whether the OS keychain works here (probed once, by writing and deleting a test entry). */
  keychainStatus(): Promise<KeychainStatus> {
    return this.secrets.status();
  }

  /** Probes the keychain again (the user unlocked it, or installed one). */
  recheckKeychain(): Promise<KeychainStatus> {
    return this.secrets.recheck();
  }

  notices(): StoreNotice[] {
    return this.storeNotice ? [this.storeNotice] : [];
  }

  list(): KeyProfileView[] {
    return [...this.records].sort((a, b) => a.name.localeCompare(b.name)).map((r) => this.view(r));
  }

  get(profileId: string): KeyProfileView {
    return this.view(this.find(profileId));
  }

  defaultProfileId(): string | null {
    return this.defaultId;
  }

  // ---- ProfileCatalog (the registry the IPC handlers use) -----------------------------------

  summaries(): ProfileSummary[] {
    return this.list().map((v) => ({
      id: v.id,
      name: v.name,
      kind: v.kind,
      site: v.site,
      defaultRegion: v.defaultRegion,
      state: v.state,
      isDefault: v.isDefault,
    }));
  }

  source(profileId: string): ProfileSource | undefined {
    if (!this.records.some((r) => r.id === profileId)) return undefined;
    const summary = this.summaries().find((s) => s.id === profileId) as ProfileSummary;
    return { summary, client: () => this.client(profileId) };
  }

  /** The profile's cloud client; its keys are read when a call needs them. */
  async client(profileId: string): Promise<CvmClient> {
    const record = this.find(profileId);
    this.touch(record);
    return this.clients.client(record);
  }

  // ---- operations ---------------------------------------------------------------------------

  async create(input: unknown): Promise<KeyProfileView> {
    const parsed = createProfileInputSchema.safeParse(input);
    if (!parsed.success) throw new ProfileInputError(fieldErrors(parsed.error));
    const f = parsed.data;
    const errors: FieldErrors = {};
    this.checkName(f.name, undefined, errors);
    if (f.kind === 'sts' && f.expiresAt != null && f.expiresAt <= this.now())
      errors['expiresAt'] = 'profiles.input.expired';
    if (Object.keys(errors).length > 0) throw new ProfileInputError(errors);

    const id = this.newId();
    const storage = f.storage ?? 'keychain';
    const now = this.now();
    const base = {
      id,
      name: f.name,
      site: f.site,
      defaultRegion: f.defaultRegion,
      secretId: f.secretId,
      storage,
      createdAt: now,
      lastUsedAt: null,
    };
    const record: ProfileRecord =
      f.kind === 'keys'
        ? { kind: 'keys', ...base }
        : f.kind === 'sts'
          ? { kind: 'sts', ...base, expiresAt: f.expiresAt ?? null }
          : {
              kind: 'role',
              ...base,
              roleArn: f.roleArn,
              externalId: f.externalId ?? null,
              sessionName: f.sessionName ?? DEFAULT_SESSION_NAME,
              durationSeconds: f.durationSeconds ?? DEFAULT_ROLE_DURATION_S,
            };
    // The secret first: if the keychain refuses, nothing at all is saved.
    await this.secrets.save(
      id,
      { secretKey: f.secretKey, ...(f.kind === 'sts' ? { token: f.token } : {}) },
      storage,
    );
    const previousDefault = this.defaultId;
    this.records.push(record);
    this.defaultId ??= id;
    try {
      await this.persist();
    } catch (err) {
      this.records = this.records.filter((r) => r !== record);
      this.defaultId = previousDefault;
      await this.secrets.delete(id, storage).catch(() => {});
      throw err;
    }
    this.log({ event: 'profile-created', profileId: id, kind: record.kind, storage });
    return this.view(record);
  }

  async update(profileId: string, input: unknown): Promise<KeyProfileView> {
    const record = this.find(profileId);
    const parsed = updateProfileInputSchema.safeParse(input);
    if (!parsed.success) throw new ProfileInputError(fieldErrors(parsed.error));
    const f = parsed.data;
    const errors: FieldErrors = {};
    if (f.name !== undefined) this.checkName(f.name, profileId, errors);
    if (record.kind !== 'role') {
      for (const field of ['roleArn', 'externalId', 'sessionName', 'durationSeconds'] as const)
        if (f[field] !== undefined) errors[field] = 'profiles.input.roleOnly';
    }
    if (f.key) {
      if (record.kind === 'sts' && f.key.token === undefined)
        errors['key.token'] = 'profiles.input.tokenMissing';
      if (record.kind !== 'sts' && f.key.token !== undefined)
        errors['key.token'] = 'profiles.input.tokenOnlySts';
      if (record.kind !== 'sts' && f.key.expiresAt !== undefined)
        errors['key.expiresAt'] = 'profiles.input.expiryOnlySts';
      if (f.key.expiresAt != null && f.key.expiresAt <= this.now())
        errors['key.expiresAt'] = 'profiles.input.expired';
    }
    if (Object.keys(errors).length > 0) throw new ProfileInputError(errors);

    const next: ProfileRecord = { ...record };
    if (f.name !== undefined) next.name = f.name;
    if (f.site !== undefined) next.site = f.site;
    if (f.defaultRegion !== undefined) next.defaultRegion = f.defaultRegion;
    if (f.storage !== undefined) next.storage = f.storage;
    if (f.key) {
      next.secretId = f.key.secretId;
      if (next.kind === 'sts') next.expiresAt = f.key.expiresAt ?? null;
    }
    if (next.kind === 'role') {
      if (f.roleArn !== undefined) next.roleArn = f.roleArn;
      if (f.externalId !== undefined) next.externalId = f.externalId;
      if (f.sessionName !== undefined) next.sessionName = f.sessionName;
      if (f.durationSeconds !== undefined) next.durationSeconds = f.durationSeconds;
    }

    // A new key, or the same key moving between keychain and memory, is written before the
    // metadata; if saving the metadata fails, the old secret is put back.
    const moving = next.storage !== record.storage;
    let restore: (() => Promise<void>) | undefined;
    if (f.key || moving) {
      const secret: KeySecret = f.key
        ? { secretKey: f.key.secretKey, ...(f.key.token !== undefined ? { token: f.key.token } : {}) }
        : await this.readSecret(record);
      const old = moving
        ? undefined
        : await this.secrets.load(profileId, record.storage).catch(() => undefined);
      await this.secrets.save(profileId, secret, next.storage);
      restore = async () => {
        if (moving) await this.secrets.delete(profileId, next.storage);
        else if (old) await this.secrets.save(profileId, old, record.storage);
      };
    }
    const index = this.records.indexOf(record);
    this.records[index] = next;
    try {
      await this.persist();
    } catch (err) {
      this.records[index] = record;
      await restore?.().catch(() => {});
      throw err;
    }
    if (moving) {
      await this.secrets.delete(profileId, record.storage).catch(() => {
        this.log({ event: 'profile-old-secret-kept', profileId, storage: record.storage });
      });
    }
    // Whatever changes how calls are signed or where they go drops the client and cached keys;
    // a new name or default region does not.
    const signingChanged =
      f.key !== undefined ||
      moving ||
      f.site !== undefined ||
      f.roleArn !== undefined ||
      f.externalId !== undefined ||
      f.sessionName !== undefined ||
      f.durationSeconds !== undefined;
    if (signingChanged) this.clients.forget(profileId);
    this.log({
      event: 'profile-updated',
      profileId,
      keyReplaced: f.key !== undefined,
      storage: next.storage,
    });
    return this.view(next);
  }

  /** Removes the profile and its keychain entry; if the keychain refuses, the profile stays. */
  async remove(profileId: string): Promise<{ removed: true }> {
    const record = this.find(profileId);
    try {
      await this.secrets.delete(profileId, record.storage);
    } catch (err) {
      if (err instanceof KeychainError) {
        throw new KeychainError(
          err.code as KeychainProblem,
          keyed('keychain.problem.notRemoved', { name: record.name, problem: err.problem }),
          err.fix,
          false,
          err.detail,
        );
      }
      throw err;
    }
    const index = this.records.indexOf(record);
    const previousDefault = this.defaultId;
    this.records.splice(index, 1);
    if (this.defaultId === profileId) this.defaultId = null;
    this.clients.forget(profileId);
    try {
      await this.persist();
    } catch (err) {
      // Still listed (its key is gone: it will say so), as the file still has it.
      this.records.splice(index, 0, record);
      this.defaultId = previousDefault;
      throw err;
    }
    this.log({ event: 'profile-deleted', profileId });
    return { removed: true };
  }

  /** null: no default (the app opens the demo cloud or asks). */
  async setDefault(profileId: string | null): Promise<void> {
    if (profileId !== null) this.find(profileId);
    const previous = this.defaultId;
    this.defaultId = profileId;
    try {
      await this.persist();
    } catch (err) {
      this.defaultId = previous;
      throw err;
    }
  }

  /** Test key: does Tencent Cloud accept it, and which of the app's actions may it call. */
  async test(profileId: string): Promise<KeyTestReport> {
    const record = this.find(profileId);
    const state = this.clients.state(record);
    if (state.state === 'expired') {
      return {
        outcome: 'expired',
        code: 'CredentialsExpired',
        message: state.message ?? expiredMessage(record, null),
        messageKey: 'cloud.error.auth.credentialsExpired',
        region: record.defaultRegion,
        testedAt: this.now(),
        clockOffsetMs: 0,
        permissions: [],
      };
    }
    const report = await testKey(await this.client(profileId), record.defaultRegion, this.now);
    this.log({
      event: 'profile-tested',
      profileId,
      outcome: report.outcome,
      ...(report.code ? { code: report.code } : {}),
    });
    return report;
  }

  // ---- import -------------------------------------------------------------------------------

  /** What could be imported: SecretIds masked, sources named, and what could not be read. */
  async scanImports(): Promise<ImportScan> {
    const { found, problems } = await findCredentials(this.importLocations());
    return {
      candidates: found.map((c) => {
        const same = this.records.find((r) => r.secretId === c.secretId);
        return { ...publicCandidate(c), ...(same ? { alreadyImportedAs: same.name } : {}) };
      }),
      problems,
    };
  }

  /** Imports the chosen candidates (read again now) into the keychain: all of them, or none. */
  async importProfiles(choices: unknown): Promise<KeyProfileView[]> {
    const parsed = importChoicesSchema.safeParse(choices);
    if (!parsed.success) throw new ProfileInputError(fieldErrors(parsed.error));
    const { found } = await findCredentials(this.importLocations());
    const errors: FieldErrors = {};
    const picked = parsed.data.map((choice, i) => {
      const c = found.find((f) => f.ref === choice.ref);
      if (!c) errors[`${i}.ref`] = 'profiles.input.importGone';
      return { choice, c };
    });
    if (Object.keys(errors).length > 0) throw new ProfileInputError(errors);

    const created: KeyProfileView[] = [];
    try {
      for (const { choice, c } of picked) {
        if (!c) continue;
        const site = c.site ?? 'china';
        const input: CreateProfileInput = {
          kind: c.kind,
          name: choice.name ?? this.freeName(c.suggestedName),
          site,
          defaultRegion: c.region ?? DEFAULT_REGION[site],
          secretId: c.secretId,
          secretKey: c.secretKey,
          ...(choice.storage ? { storage: choice.storage } : {}),
          ...(c.kind === 'sts' ? { token: c.token ?? '', expiresAt: null } : {}),
          ...(c.kind === 'role'
            ? { roleArn: c.roleArn ?? '', ...(c.sessionName ? { sessionName: c.sessionName } : {}) }
            : {}),
        } as CreateProfileInput;
        created.push(await this.create(input));
        this.log({
          event: 'profile-imported',
          profileId: created[created.length - 1]?.id ?? '',
          source: c.source,
        });
      }
    } catch (err) {
      for (const view of created.reverse()) await this.remove(view.id).catch(() => {});
      throw err;
    }
    return created;
  }

  /** Resolves once every pending write of profiles.json is done (call before quitting). */
  flush(): Promise<void> {
    return this.store.flush();
  }

  // ---- internals ----------------------------------------------------------------------------

  private find(profileId: string): ProfileRecord {
    const record = this.records.find((r) => r.id === profileId);
    if (!record) throw profileNotFound(profileId);
    return record;
  }

  private view(r: ProfileRecord): KeyProfileView {
    const { state, message } = this.clients.state(r);
    const view: KeyProfileView = {
      id: r.id,
      name: r.name,
      kind: r.kind,
      site: r.site,
      defaultRegion: r.defaultRegion,
      secretIdMasked: maskSecretId(r.secretId),
      storage: r.storage,
      createdAt: r.createdAt,
      lastUsedAt: r.lastUsedAt,
      isDefault: r.id === this.defaultId,
      state,
      ...(message ? { stateMessage: message } : {}),
    };
    if (r.kind === 'sts') view.expiresAt = r.expiresAt;
    if (r.kind === 'role') {
      view.roleArn = r.roleArn;
      view.externalId = r.externalId;
      view.sessionName = r.sessionName;
      view.durationSeconds = r.durationSeconds;
      const held = this.clients.roleKeyExpiresAt(r.id);
      if (held !== undefined) view.roleKeyExpiresAt = held;
    }
    return view;
  }

  private checkName(name: string, self: string | undefined, errors: FieldErrors): void {
    const taken = this.records.find((r) => r.id !== self && r.name.toLowerCase() === name.toLowerCase());
    if (taken) errors['name'] = 'profiles.input.nameTaken';
  }

  private freeName(wanted: string): string {
    const taken = new Set(this.records.map((r) => r.name.toLowerCase()));
    if (!taken.has(wanted.toLowerCase())) return wanted;
    for (let n = 2; ; n++) if (!taken.has(`${wanted} (${n})`.toLowerCase())) return `${wanted} (${n})`;
  }

  private async readSecret(record: ProfileRecord): Promise<KeySecret> {
    const secret = await this.secrets.load(record.id, record.storage);
    if (!secret) {
      throw new ProfileInputError({
        key: 'profiles.input.keyUnavailable',
      });
    }
    return secret;
  }

  private importLocations(): ImportLocations {
    const where = this.options.importLocations?.() ?? { env: process.env, home: homedir() };
    return this.options.t ? { ...where, t: this.options.t } : where;
  }

  private async persist(): Promise<void> {
    await this.store.save({ version: 1, defaultProfileId: this.defaultId, profiles: this.records });
    for (const listener of this.listeners) listener();
  }

  /** The profiles, their names or the default changed (and were saved): the tray follows. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private touch(record: ProfileRecord): void {
    const now = this.now();
    if (record.lastUsedAt !== null && now - record.lastUsedAt < TOUCH_INTERVAL_MS) return;
    record.lastUsedAt = now;
    this.persist().catch(() => this.log({ event: 'profile-touch-failed', profileId: record.id }));
  }
}
