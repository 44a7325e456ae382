// STS AssumeRole: trades a long-term key for temporary credentials of a CAM role (reference §7).
// Signed like every other call (service sts, version 2018-08-13). What the server sends back is
// checked before use: sizes, and an expiry that fits the duration asked for.
import { z } from 'zod';
import type { ApiClientOptions } from './client-setup';
import { setUpClient } from './client-setup';
import { isRegion } from '../common/instance-ref';
import { FINANCE_REGIONS } from './endpoints';
import { CloudError, localError } from './errors';
import type { Credentials } from './transport';
import { ENGLISH } from '../../i18n/translator';

export const STS_VERSION = '2018-08-13';
/** `qcs::cam::uin/12345678:roleName/name` or `qcs::cam::uin/12345678:role/4611686018427397919`. */
export const ROLE_ARN_RE = /^qcs::cam::uin\/\d{1,20}:role(Name)?\/[\w+=,.@-]{1,128}$/;
export const ROLE_SESSION_NAME_RE = /^[\w+=,.@-]{2,128}$/;
export const EXTERNAL_ID_RE = /^[\w+=,.@:/-]{2,128}$/;
export const DEFAULT_ROLE_DURATION_S = 7_200;
/** The most STS grants. */
export const MAX_ROLE_DURATION_S = 43_200;
/** Our floor: shorter sessions would spend much of their life being renewed. */
export const MIN_ROLE_DURATION_S = 900;
/** The region the official SDKs send with AssumeRole; any supported region works. */
const FALLBACK_REGION = 'ap-guangzhou';
/** How far apart our clock and the server's may be without the transport noticing (SignatureExpire). */
const CLOCK_TOLERANCE_MS = 5 * 60_000;
/** Credentials that would expire sooner than this after issue are useless: treated as malformed. */
const MIN_USEFUL_LIFETIME_MS = 60_000;

export interface AssumeRoleInput {
  roleArn: string;
  sessionName: string;
  /** Seconds, MIN_ROLE_DURATION_S … MAX_ROLE_DURATION_S; default 7200. */
  durationSeconds?: number;
  externalId?: string;
  /** Sent as X-TC-Region; a finance region (regional host only) falls back to ap-guangzhou. */
  region?: string;
}

export interface TemporaryCredentials extends Credentials {
  token: string;
  /** Local epoch ms after which they must not be used (our clock, whatever the server's says). */
  expiresAt: number;
}

export interface StsClient {
  assumeRole(input: AssumeRoleInput): Promise<TemporaryCredentials>;
}

// Keys and tokens are printable ASCII; the transport re-checks before they are ever sent.
const printable = (max: number) =>
  z
    .string()
    .regex(/^[\x21-\x7e]+$/)
    .max(max);
const assumeRoleSchema = z
  .object({
    Credentials: z
      .object({ Token: printable(4096), TmpSecretId: printable(256), TmpSecretKey: printable(4096) })
      .loose(),
    ExpiredTime: z.number().int().positive(),
    Expiration: z.string().max(64).nullish(),
  })
  .loose();

function invalidRole(detail: string): CloudError {
  return localError('invalid-input', 'InvalidInput.Role', 'cloud.error.input.request', detail);
}

function checkInput(input: AssumeRoleInput): Record<string, unknown> {
  if (!ROLE_ARN_RE.test(input.roleArn ?? '')) throw invalidRole('The role ARN is not valid.');
  if (!ROLE_SESSION_NAME_RE.test(input.sessionName ?? ''))
    throw invalidRole('The role session name is not valid.');
  const duration = input.durationSeconds ?? DEFAULT_ROLE_DURATION_S;
  if (!Number.isInteger(duration) || duration < MIN_ROLE_DURATION_S || duration > MAX_ROLE_DURATION_S)
    throw invalidRole('The role session duration is out of range.');
  const params: Record<string, unknown> = {
    RoleArn: input.roleArn,
    RoleSessionName: input.sessionName,
    DurationSeconds: duration,
  };
  if (input.externalId !== undefined) {
    if (!EXTERNAL_ID_RE.test(input.externalId)) throw invalidRole('The external ID is not valid.');
    params['ExternalId'] = input.externalId;
  }
  return params;
}

function stsRegion(region: string | undefined): string {
  return region && isRegion(region) && !FINANCE_REGIONS.has(region) ? region : FALLBACK_REGION;
}

// Refusals only the user can fix (the role, its trust, the ARN), as catalogue keys.
const ROLE_REFUSALS: Readonly<Record<string, RoleRefusalKey>> = {
  'ResourceNotFound.RoleNotFound': 'cloud.error.auth.roleNotFound',
  'InternalError.IllegalRole': 'cloud.error.auth.roleIllegal',
  UnauthorizedOperation: 'cloud.error.auth.roleDenied',
};
type RoleRefusalKey =
  | 'cloud.error.auth.roleNotFound'
  | 'cloud.error.auth.roleIllegal'
  | 'cloud.error.auth.roleDenied'
  | 'cloud.error.auth.roleInvalid';

/** A refusal that only the user can fix (the role, its trust, the ARN) stops like a bad key. */
function roleError(err: CloudError): CloudError {
  const key =
    ROLE_REFUSALS[err.code] ??
    (err.code === 'AuthFailure.UnauthorizedOperation' || err.code.startsWith('UnauthorizedOperation.')
      ? ROLE_REFUSALS['UnauthorizedOperation']
      : err.code.startsWith('InvalidParameter')
        ? 'cloud.error.auth.roleInvalid'
        : undefined);
  if (key === undefined) return err;
  return new CloudError({
    kind: 'auth',
    code: err.code,
    messageKey: key,
    message: `${ENGLISH.t(key)} ${err.message}`,
    ...(err.requestId ? { requestId: err.requestId } : {}),
    // Tencent's own words stay, after the translated text.
    ...(err.detail ? { detail: err.detail } : {}),
  });
}

function malformed(detail: string, requestId: string): CloudError {
  return localError(
    'server',
    'MalformedResponse',
    'cloud.error.server.malformed',
    `(AssumeRole: ${detail})`,
    { requestId },
  );
}

export function createStsClient(options: ApiClientOptions): StsClient {
  const { transport } = setUpClient(options);

  async function assumeRole(input: AssumeRoleInput): Promise<TemporaryCredentials> {
    const params = checkInput(input);
    const durationMs = (params['DurationSeconds'] as number) * 1000;
    let result;
    try {
      result = await transport.call({
        service: 'sts',
        version: STS_VERSION,
        action: 'AssumeRole',
        region: stsRegion(input.region),
        params,
        // Asking again only issues another credential: safe to retry after a network error.
        readOnly: true,
        schema: assumeRoleSchema,
      });
    } catch (err) {
      throw err instanceof CloudError ? roleError(err) : err;
    }
    const { data, sentAt, requestId } = result;
    // The server states expiry on its clock; we keep it on ours. Our own measure (sent + duration)
    // is immune to clock skew; a clearly shorter server lifetime (a capped duration) wins.
    const serverLifetimeMs = data.ExpiredTime * 1000 - (sentAt + transport.clockOffsetMs());
    if (serverLifetimeMs > durationMs + CLOCK_TOLERANCE_MS)
      throw malformed('expiry later than the duration asked for', requestId);
    if (serverLifetimeMs < MIN_USEFUL_LIFETIME_MS)
      throw malformed('credentials already expired or about to', requestId);
    const lifetimeMs = serverLifetimeMs < durationMs - CLOCK_TOLERANCE_MS ? serverLifetimeMs : durationMs;
    return {
      secretId: data.Credentials.TmpSecretId,
      secretKey: data.Credentials.TmpSecretKey,
      token: data.Credentials.Token,
      expiresAt: sentAt + lifetimeMs,
    };
  }

  return { assumeRole };
}
