// Every Tencent Cloud error code this app meets, mapped to what the app should do about it
// (the kinds of DESIGN.md §3) and a message key for translation. Sources: the common codes
// of the reference §2 and the DescribeInstanceVncUrl page in shared/seeds.
import type { ErrorKind } from '../contract';
import { Translator } from '../../i18n/translator';

export interface ErrorClass {
  kind: ErrorKind;
  messageKey: string;
}

type Entry = readonly [kind: ErrorKind, messageKey: string];

const CATALOGUE: Readonly<Record<string, Entry>> = {
  // The request's timestamp is more than 5 minutes off the server's clock.
  'AuthFailure.SignatureExpire': ['clock', 'cloud.error.clockSkew'],
  // Bad or unusable keys: the user must fix the profile.
  'AuthFailure.SignatureFailure': ['auth', 'cloud.error.auth.signature'],
  'AuthFailure.SecretIdNotFound': ['auth', 'cloud.error.auth.secretIdNotFound'],
  'AuthFailure.InvalidSecretId': ['auth', 'cloud.error.auth.invalidSecretId'],
  'AuthFailure.TokenFailure': ['auth', 'cloud.error.auth.token'],
  'AuthFailure.InvalidAuthorization': ['auth', 'cloud.error.auth.invalidAuthorization'],
  'AuthFailure.MFAFailure': ['auth', 'cloud.error.auth.mfa'],
  'AuthFailure.UnauthorizedOperation': ['auth', 'cloud.error.auth.denied'],
  UnauthorizedOperation: ['auth', 'cloud.error.auth.denied'],
  'UnauthorizedOperation.MFAExpired': ['auth', 'cloud.error.auth.mfaExpired'],
  'UnauthorizedOperation.MFANotFound': ['auth', 'cloud.error.auth.mfaNotFound'],
  IpNotInWhitelist: ['auth', 'cloud.error.auth.ipNotInWhitelist'],
  // Throttling: back off and retry.
  RequestLimitExceeded: ['throttled', 'cloud.error.throttled'],
  'RequestLimitExceeded.UinLimitExceeded': ['throttled', 'cloud.error.throttled'],
  'RequestLimitExceeded.IPLimitExceeded': ['throttled', 'cloud.error.throttled'],
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded': ['throttled', 'cloud.error.throttled'],
  // Tencent's side failed.
  InternalError: ['server', 'cloud.error.server.internal'],
  ServiceUnavailable: ['server', 'cloud.error.server.unavailable'],
  // Our request was wrong.
  InvalidParameter: ['invalid-input', 'cloud.error.input.invalidParameter'],
  InvalidParameterValue: ['invalid-input', 'cloud.error.input.invalidParameter'],
  MissingParameter: ['invalid-input', 'cloud.error.input.invalidParameter'],
  UnknownParameter: ['invalid-input', 'cloud.error.input.invalidParameter'],
  UnsupportedRegion: ['invalid-input', 'cloud.error.input.unsupportedRegion'],
  LimitExceeded: ['invalid-input', 'cloud.error.input.limitExceeded'],
  ResourceNotFound: ['instance-gone', 'cloud.error.instance.notFound'],
  // DescribeInstanceVncUrl: the instance is busy — keep trying and show the state.
  InvalidInstanceState: ['instance-transitional', 'cloud.error.instance.invalidState'],
  'OperationDenied.InstanceOperationInProgress': [
    'instance-transitional',
    'cloud.error.instance.operationInProgress',
  ],
  'UnsupportedOperation.InstanceStateEnterRescueMode': [
    'instance-transitional',
    'cloud.error.instance.rescueMode',
  ],
  'UnsupportedOperation.InstanceStateExitRescueMode': [
    'instance-transitional',
    'cloud.error.instance.rescueMode',
  ],
  'UnsupportedOperation.InstanceStateEnterServiceLiveMigrate': [
    'instance-transitional',
    'cloud.error.instance.liveMigrate',
  ],
  'UnsupportedOperation.InstanceStateExitServiceLiveMigrate': [
    'instance-transitional',
    'cloud.error.instance.liveMigrate',
  ],
  'UnsupportedOperation.InstanceStatePending': ['instance-transitional', 'cloud.error.instance.pending'],
  'UnsupportedOperation.InstanceStateRebooting': ['instance-transitional', 'cloud.error.instance.rebooting'],
  'UnsupportedOperation.InstanceStateStarting': ['instance-transitional', 'cloud.error.instance.starting'],
  'UnsupportedOperation.InstanceStateStopping': ['instance-transitional', 'cloud.error.instance.stopping'],
  // Stopped: offer Start.
  'UnsupportedOperation.InstanceStateStopped': ['instance-stopped', 'cloud.error.instance.stopped'],
  'UnsupportedOperation.InstanceStateShutdown': ['instance-stopped', 'cloud.error.instance.shutdown'],
  'UnsupportedOperation.StoppedModeStopCharging': [
    'instance-stopped',
    'cloud.error.instance.stoppedNoCharging',
  ],
  // Gone or never had a console: stop.
  'UnsupportedOperation.InstanceStateTerminated': ['instance-gone', 'cloud.error.instance.terminated'],
  'UnsupportedOperation.InstanceStateTerminating': ['instance-gone', 'cloud.error.instance.terminating'],
  'UnsupportedOperation.SpecialInstanceType': ['instance-gone', 'cloud.error.instance.specialType'],
  'InvalidInstance.NotSupported': ['instance-gone', 'cloud.error.instance.notSupported'],
  'InvalidInstanceId.Malformed': ['instance-gone', 'cloud.error.instance.malformedId'],
  'InvalidInstanceId.NotFound': ['instance-gone', 'cloud.error.instance.notFound'],
};

/** Every catalogued code (tests walk it; the renderer can list message keys from it). */
export const KNOWN_ERROR_CODES: readonly string[] = Object.keys(CATALOGUE);

/** The state named by `UnsupportedOperation.InstanceState<State>` decides the kind of an uncatalogued one. */
function classifyInstanceState(state: string): ErrorClass {
  const s = state.toLowerCase();
  if (s.startsWith('stopped') || s.startsWith('shutdown')) {
    return { kind: 'instance-stopped', messageKey: 'cloud.error.instance.stopped' };
  }
  if (s.startsWith('terminat') || s.startsWith('launchfailed')) {
    return { kind: 'instance-gone', messageKey: 'cloud.error.instance.terminated' };
  }
  return { kind: 'instance-transitional', messageKey: 'cloud.error.instance.invalidState' };
}

/** Prefix rules for codes Tencent adds later; first match wins. */
const PREFIXES: ReadonlyArray<readonly [prefix: string, ErrorClass]> = [
  ['AuthFailure.', { kind: 'auth', messageKey: 'cloud.error.auth.unknown' }],
  ['UnauthorizedOperation.', { kind: 'auth', messageKey: 'cloud.error.auth.denied' }],
  ['RequestLimitExceeded.', { kind: 'throttled', messageKey: 'cloud.error.throttled' }],
  ['InternalError.', { kind: 'server', messageKey: 'cloud.error.server.internal' }],
  ['InvalidParameter.', { kind: 'invalid-input', messageKey: 'cloud.error.input.invalidParameter' }],
  ['InvalidParameterValue.', { kind: 'invalid-input', messageKey: 'cloud.error.input.invalidParameter' }],
  ['MissingParameter.', { kind: 'invalid-input', messageKey: 'cloud.error.input.invalidParameter' }],
  ['UnknownParameter.', { kind: 'invalid-input', messageKey: 'cloud.error.input.invalidParameter' }],
];

const STATE_PREFIX = 'UnsupportedOperation.InstanceState';

export function classifyErrorCode(code: string): ErrorClass {
  const known = CATALOGUE[code];
  if (known) return { kind: known[0], messageKey: known[1] };
  if (code.startsWith(STATE_PREFIX) && code.length > STATE_PREFIX.length) {
    return classifyInstanceState(code.slice(STATE_PREFIX.length));
  }
  for (const [prefix, cls] of PREFIXES) if (code.startsWith(prefix)) return { ...cls };
  if (/MFA/.test(code)) return { kind: 'auth', messageKey: 'cloud.error.auth.mfa' };
  return { kind: 'server', messageKey: 'cloud.error.server.unknown' };
}

// The English text of each message key is in the app's catalogue (i18n/en.ts): main writes it into
// the envelope (and the log); each window shows the key's text in its own language.
const english = new Translator('en');

/** True when `messageKey` has a text in the catalogue. */
export function isMessageKey(messageKey: string): boolean {
  return english.has(messageKey);
}

/** The English text of a message key (the envelope's `message`; windows translate the key). */
export function messageFor(messageKey: string): string {
  return english.has(messageKey) ? english.translateKey(messageKey) : english.t('cloud.error.server.unknown');
}
