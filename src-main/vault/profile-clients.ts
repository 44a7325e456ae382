// One cloud client per key profile, signing with credentials fetched per call: the long-term key
// (read from the keychain once, then held in memory), the STS key (refused locally once expired),
// or a role's temporary key (AssumeRole, renewed before expiry, memory only). Also tracks what
// the server said about the key, so the profile list can show "expired" or "key missing".
import {
  CloudError,
  createCvmClient,
  createStsClient,
  RenewingCredentials,
  type ApiClientOptions,
  type Credentials,
  type CvmClient,
} from '../cloud';
import type { KeyProfileState } from '../contract';
import { KeychainError } from './errors';
import type { ProfileRecord } from './profile-store';
import type { KeySecret, SecretStore } from './secret-store';

/** Whether calls can be signed now. */
export type ProfileState = KeyProfileState;

export interface ProfileClientsOptions {
  secrets: SecretStore;
  /** The latest record of a profile (names and settings change while clients live). */
  lookup: (profileId: string) => ProfileRecord | undefined;
  /** Given to every client (the app passes Electron's net.fetch; tests an endpoint and a clock). */
  client?: Omit<ApiClientOptions, 'credentials' | 'site'>;
  now: () => number;
}

interface Runtime {
  secret?: KeySecret;
  client?: CvmClient;
  role?: RenewingCredentials;
  /** The keychain had nothing for this profile. */
  missing?: boolean;
  /** Tencent Cloud refused the temporary key's token (revoked or expired early). */
  tokenRefused?: boolean;
}

/** Codes meaning "this temporary key is no good any more". */
const TOKEN_REFUSALS = new Set(['AuthFailure.TokenFailure', 'AuthFailure.SecretIdNotFound']);

/** Keys of the vault's own refusals (the window words them in its language; `message` stays English). */
type VaultKey =
  | 'cloud.error.auth.profileNotFound'
  | 'cloud.error.auth.secretMissingMemory'
  | 'cloud.error.auth.secretMissingKeychain'
  | 'cloud.error.auth.credentialsExpired'
  | 'cloud.error.auth.credentialsUnavailable';

function authError(code: string, message: string, messageKey: VaultKey): CloudError {
  return new CloudError({ kind: 'auth', code, messageKey, message });
}

export function expiredMessage(record: ProfileRecord, expiresAt: number | null): string {
  const when = expiresAt === null ? '' : ` at ${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  return (
    `The temporary key of "${record.name}" has expired${when}. Get a new temporary key (for example ` +
    'with tccli sts AssumeRole, or from whoever issued it) and paste it with Replace key, or use a ' +
    'role profile, which renews its temporary key by itself.'
  );
}

export class ProfileClients {
  private readonly runtime = new Map<string, Runtime>();

  constructor(private readonly options: ProfileClientsOptions) {}

  /** The profile's client, made on first use and kept until the profile changes. */
  client(record: ProfileRecord): CvmClient {
    const rt = this.rt(record.id);
    rt.client ??= this.watch(
      record.id,
      createCvmClient({
        now: this.options.now,
        ...this.options.client,
        site: record.site,
        credentials: this.provider(record.id),
      }),
    );
    return rt.client;
  }

  /** Drops everything held for a profile (its key changed, or it is gone). */
  forget(profileId: string): void {
    this.runtime.delete(profileId);
  }

  state(record: ProfileRecord): { state: ProfileState; message?: string } {
    const rt = this.runtime.get(record.id);
    if (record.kind === 'sts') {
      const expired = record.expiresAt !== null && this.options.now() >= record.expiresAt;
      if (expired || rt?.tokenRefused)
        return { state: 'expired', message: expiredMessage(record, record.expiresAt) };
    }
    if (rt?.missing || (record.storage === 'memory' && !this.options.secrets.holdsInMemory(record.id))) {
      return { state: 'secret-missing', message: missingMessage(record) };
    }
    return { state: 'ready' };
  }

  /** When a role's current temporary key expires (local epoch ms), if one is held. */
  roleKeyExpiresAt(profileId: string): number | undefined {
    return this.runtime.get(profileId)?.role?.expiresAt();
  }

  private rt(profileId: string): Runtime {
    let rt = this.runtime.get(profileId);
    if (!rt) this.runtime.set(profileId, (rt = {}));
    return rt;
  }

  private current(profileId: string): ProfileRecord {
    const record = this.options.lookup(profileId);
    if (!record)
      throw authError(
        'ProfileNotFound',
        `There is no profile named "${profileId}".`,
        'cloud.error.auth.profileNotFound',
      );
    return record;
  }

  private async secretOf(record: ProfileRecord): Promise<KeySecret> {
    const rt = this.rt(record.id);
    if (rt.secret) return rt.secret;
    let secret: KeySecret | undefined;
    try {
      secret = await this.options.secrets.load(record.id, record.storage);
    } catch (err) {
      // What the keychain refused and the fix reach the user, in the window's language (the
      // transport would hide them); the keychain's own words stay as the detail.
      if (err instanceof KeychainError)
        throw new CloudError({
          kind: 'auth',
          code: err.code,
          message: err.message,
          messageKey: 'keychain.error.refused',
          messageParams: { problem: err.problem, fix: err.fix },
          ...(err.detail ? { detail: err.detail } : {}),
        });
      throw err;
    }
    if (!secret) {
      rt.missing = true;
      throw authError(
        'SecretMissing',
        missingMessage(record),
        record.storage === 'memory'
          ? 'cloud.error.auth.secretMissingMemory'
          : 'cloud.error.auth.secretMissingKeychain',
      );
    }
    rt.missing = false;
    rt.secret = secret;
    return secret;
  }

  private provider(profileId: string): () => Promise<Credentials> {
    return async () => {
      const record = this.current(profileId);
      if (record.kind === 'role') return this.roleCredentials(record).get();
      if (record.kind === 'sts') {
        const state = this.state(record);
        if (state.state === 'expired')
          throw authError('CredentialsExpired', state.message ?? '', 'cloud.error.auth.credentialsExpired');
      }
      const secret = await this.secretOf(record);
      return {
        secretId: record.secretId,
        secretKey: secret.secretKey,
        ...(record.kind === 'sts' && secret.token ? { token: secret.token } : {}),
      };
    };
  }

  private roleCredentials(record: Extract<ProfileRecord, { kind: 'role' }>): RenewingCredentials {
    const rt = this.rt(record.id);
    if (rt.role) return rt.role;
    const sts = createStsClient({
      now: this.options.now,
      ...this.options.client,
      site: record.site,
      // AssumeRole is signed with the profile's long-term key.
      credentials: async () => {
        const latest = this.current(record.id);
        return { secretId: latest.secretId, secretKey: (await this.secretOf(latest)).secretKey };
      },
    });
    rt.role = new RenewingCredentials({
      now: this.options.now,
      obtain: () => {
        const latest = this.current(record.id) as typeof record;
        return sts.assumeRole({
          roleArn: latest.roleArn,
          sessionName: latest.sessionName,
          durationSeconds: latest.durationSeconds,
          region: latest.defaultRegion,
          ...(latest.externalId !== null ? { externalId: latest.externalId } : {}),
        });
      },
    });
    return rt.role;
  }

  /** Notes the server refusing a temporary key, so the next call (or the list) knows. */
  private watch(profileId: string, client: CvmClient): CvmClient {
    const noted =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        try {
          return await fn(...args);
        } catch (err) {
          if (err instanceof CloudError && TOKEN_REFUSALS.has(err.code)) this.refused(profileId);
          throw err;
        }
      };
    return {
      ...client,
      describeRegions: noted(client.describeRegions),
      describeInstances: noted(client.describeInstances),
      listAllInstances: noted(client.listAllInstances),
      describeInstanceVncUrl: noted(client.describeInstanceVncUrl),
      startInstances: noted(client.startInstances),
      stopInstances: noted(client.stopInstances),
      rebootInstances: noted(client.rebootInstances),
    };
  }

  private refused(profileId: string): void {
    const record = this.options.lookup(profileId);
    const rt = this.runtime.get(profileId);
    if (!record || !rt) return;
    // A role's temporary key: drop it, the next call assumes the role afresh.
    if (record.kind === 'role') rt.role?.invalidate();
    if (record.kind === 'sts') rt.tokenRefused = true;
  }
}

function missingMessage(record: ProfileRecord): string {
  return record.storage === 'memory'
    ? `The SecretKey of "${record.name}" was kept in memory only and is gone since CVM Console restarted. ` +
        'Enter it again with Replace key.'
    : `The keychain has no SecretKey for "${record.name}" (it may have been removed there). ` +
        'Enter it again with Replace key.';
}
