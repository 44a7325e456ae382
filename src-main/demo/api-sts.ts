// The simulated STS service (version 2018-08-13): AssumeRole trades a key for temporary
// credentials of a role, which the simulator then accepts with their token until they expire.
// Roles, their trust and their policies are set up by the demo cloud or a test.
import { randomInt } from 'node:crypto';
import { ApiError } from './api-errors';
import { allowOnly, optionalString, readInt, requireString, type Params } from './api-params';

export const STS_VERSION = '2018-08-13';

export interface DemoRole {
  /** e.g. `qcs::cam::uin/100000000001:roleName/cvm-console-demo` */
  arn: string;
  /** The role's trust policy, by key: the SecretIds that may assume it. */
  trustedSecretIds: readonly string[];
  /** When set, AssumeRole must send exactly this ExternalId. */
  externalId?: string;
  /** CAM policy of the temporary credentials (`service:Action` patterns); absent: everything. */
  allow?: readonly string[];
  /** The role's maximum session, seconds (default 43200, the service's own maximum). */
  maxSessionSeconds?: number;
}

export interface IssuedCredential {
  secretId: string;
  secretKey: string;
  token: string;
  /** Server epoch ms. */
  expiresAt: number;
}

/** What AssumeRole needs from the simulator. */
export interface StsBackend {
  findRole(arn: string): DemoRole | undefined;
  /** Registers temporary credentials of the role, valid for `seconds` of server time. */
  issue(role: DemoRole, seconds: number): IssuedCredential;
}

const ROLE_ARN_RE = /^qcs::cam::uin\/\d{1,20}:role(Name)?\/[\w+=,.@-]{1,128}$/;
const SESSION_NAME_RE = /^[\w+=,.@-]{2,128}$/;
const EXTERNAL_ID_RE = /^[\w+=,.@:/-]{2,128}$/;
const MAX_DURATION_S = 43_200;
const MAX_POLICY_CHARS = 2048;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomText(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/** Fresh temporary credentials shaped like STS's (the token is long, as real ones are). */
export function mintTemporaryCredential(expiresAt: number): IssuedCredential {
  return {
    secretId: `AKID${randomText(32)}`,
    secretKey: randomText(32),
    token: randomText(600),
    expiresAt,
  };
}

function paramError(message: string): ApiError {
  return new ApiError('InvalidParameter.ParamError', message);
}

/** AssumeRole, after the signature and the caller's own CAM policy (sts:AssumeRole) passed. */
export function assumeRole(params: Params, caller: string, sts: StsBackend): Record<string, unknown> {
  allowOnly(params, ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'Policy', 'ExternalId', 'Tags']);
  const arn = requireString(params, 'RoleArn');
  if (!ROLE_ARN_RE.test(arn)) throw paramError('The parameter `RoleArn` is malformed.');
  const session = requireString(params, 'RoleSessionName');
  if (!SESSION_NAME_RE.test(session)) {
    throw paramError('The parameter `RoleSessionName` must be 2 to 128 characters of [\\w+=,.@-].');
  }
  const asked = params['DurationSeconds'] !== undefined && params['DurationSeconds'] !== null;
  let duration = readInt(params, 'DurationSeconds', {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    fallback: 7200,
  });
  if (duration > MAX_DURATION_S) {
    throw new ApiError('InvalidParameter.OverTimeError', `DurationSeconds may be at most ${MAX_DURATION_S}.`);
  }
  const externalId = optionalString(params, 'ExternalId');
  if (externalId !== undefined && !EXTERNAL_ID_RE.test(externalId)) {
    throw paramError('The parameter `ExternalId` must be 2 to 128 characters of [\\w+=,.@:/-].');
  }
  const policy = optionalString(params, 'Policy');
  if (policy !== undefined && policy.length > MAX_POLICY_CHARS) {
    throw new ApiError('InvalidParameter.PolicyTooLong');
  }

  const role = sts.findRole(arn);
  if (!role) throw new ApiError('ResourceNotFound.RoleNotFound');
  if (!role.trustedSecretIds.includes(caller)) {
    throw new ApiError(
      'UnauthorizedOperation',
      'The caller is not a principal of the role’s trust policy (sts:AssumeRole denied).',
    );
  }
  if (role.externalId !== undefined && externalId !== role.externalId) {
    throw new ApiError('UnauthorizedOperation', 'The ExternalId does not match the role’s trust policy.');
  }
  const maxSession = role.maxSessionSeconds ?? MAX_DURATION_S;
  // The default (7200 s) yields to a shorter maximum session; an explicit ask does not.
  if (!asked) duration = Math.min(duration, maxSession);
  if (duration > maxSession) {
    throw new ApiError(
      'InvalidParameter.OverTimeError',
      `DurationSeconds exceeds this role's maximum session of ${maxSession} s.`,
    );
  }
  const cred = sts.issue(role, duration);
  const expiredTime = Math.floor(cred.expiresAt / 1000);
  return {
    Credentials: { Token: cred.token, TmpSecretId: cred.secretId, TmpSecretKey: cred.secretKey },
    ExpiredTime: expiredTime,
    Expiration: new Date(expiredTime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** Does a CAM policy (`service:Action` patterns, `*` wildcards) allow this action? */
export function camAllows(allow: readonly string[] | undefined, service: string, action: string): boolean {
  if (allow === undefined) return true;
  const wanted = `${service}:${action}`;
  return allow.some((pattern) => {
    const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
    return re.test(wanted);
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
