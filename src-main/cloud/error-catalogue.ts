// Every Tencent Cloud error code this app meets, mapped to what the app should do about it
// (the kinds of DESIGN.md §3) and a message key for translation. Sources: the common codes
// of the reference §2 and the DescribeInstanceVncUrl page in shared/seeds.
import type { ErrorKind } from '../contract';

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

/** English text for each message key: the default until the renderer translates by key. */
export const MESSAGES: Readonly<Record<string, string>> = {
  'cloud.error.clockSkew': "This computer's clock is more than 5 minutes off Tencent Cloud's clock.",
  'cloud.error.clockUnusable': "This computer's clock gives a time no request can be signed with.",
  'cloud.error.auth.signature':
    'Tencent Cloud rejected the request signature: check the SecretKey of this profile.',
  'cloud.error.auth.secretIdNotFound':
    'The SecretId of this profile does not exist, was deleted or is disabled.',
  'cloud.error.auth.invalidSecretId': 'The SecretId of this profile is not valid.',
  'cloud.error.auth.token': 'The temporary (STS) token of this profile is invalid or expired.',
  'cloud.error.auth.invalidAuthorization': 'Tencent Cloud could not read the request authorization.',
  'cloud.error.auth.mfa': 'Multi-factor authentication failed.',
  'cloud.error.auth.mfaExpired': 'The multi-factor authentication has expired.',
  'cloud.error.auth.mfaNotFound': 'This operation needs multi-factor authentication, which is not set up.',
  'cloud.error.auth.denied': 'The key of this profile is not allowed to do this (CAM policy).',
  'cloud.error.auth.ipNotInWhitelist': "This computer's IP address is not in the key's allowlist.",
  'cloud.error.auth.unknown': 'Tencent Cloud rejected the credentials of this profile.',
  'cloud.error.auth.credentialsUnavailable': 'The keys of this profile could not be read.',
  'cloud.error.auth.credentialsInvalid':
    'The keys of this profile are empty or contain characters keys never have.',
  'cloud.error.throttled': 'Tencent Cloud is limiting the request rate; try again in a moment.',
  'cloud.error.server.internal': 'Tencent Cloud reported an internal error.',
  'cloud.error.server.unavailable': 'Tencent Cloud is temporarily unavailable.',
  'cloud.error.server.http': 'Tencent Cloud answered with an HTTP error.',
  'cloud.error.server.malformed': 'Tencent Cloud returned a response this app cannot read.',
  'cloud.error.server.redirect': 'Tencent Cloud answered with a redirect, which this app never follows.',
  'cloud.error.server.tooLarge': 'Tencent Cloud returned a response too large to be a real one.',
  'cloud.error.server.consoleUrl': 'Tencent Cloud returned a console URL this app will not open.',
  'cloud.error.server.unknown': 'Tencent Cloud reported an error.',
  'cloud.error.network.failed': 'Could not reach Tencent Cloud.',
  'cloud.error.network.timeout': 'Tencent Cloud did not answer in time.',
  'cloud.error.input.invalidParameter': 'Tencent Cloud rejected a parameter of the request.',
  'cloud.error.input.unsupportedRegion': 'This region does not support the operation.',
  'cloud.error.input.limitExceeded': 'The request asks for more than Tencent Cloud allows at once.',
  'cloud.error.input.instanceId':
    'That is not a valid instance ID (ins- followed by 8 lower-case letters or digits).',
  'cloud.error.input.region': 'That is not a valid region ID.',
  'cloud.error.input.request': 'The request is not valid.',
  'cloud.error.instance.invalidState': 'The instance cannot do this in its current state.',
  'cloud.error.instance.operationInProgress': 'The instance has an operation in progress.',
  'cloud.error.instance.rescueMode': 'The instance is entering or leaving rescue mode.',
  'cloud.error.instance.liveMigrate': 'The instance is being live-migrated.',
  'cloud.error.instance.pending': 'The instance is being created.',
  'cloud.error.instance.rebooting': 'The instance is rebooting.',
  'cloud.error.instance.starting': 'The instance is starting.',
  'cloud.error.instance.stopping': 'The instance is stopping.',
  'cloud.error.instance.stopped': 'The instance is stopped.',
  'cloud.error.instance.shutdown': 'The instance is isolated (shut down).',
  'cloud.error.instance.stoppedNoCharging': 'The instance is stopped without charging.',
  'cloud.error.instance.terminated': 'The instance has been terminated.',
  'cloud.error.instance.terminating': 'The instance is being terminated.',
  'cloud.error.instance.specialType': 'This instance type has no VNC console.',
  'cloud.error.instance.notSupported': 'This instance does not support the operation.',
  'cloud.error.instance.malformedId': 'Tencent Cloud says the instance ID is malformed.',
  'cloud.error.instance.notFound': 'No such instance.',
};

export function messageFor(messageKey: string): string {
  return MESSAGES[messageKey] ?? 'Tencent Cloud reported an error.';
}
