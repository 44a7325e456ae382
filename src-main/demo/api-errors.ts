// Error codes the simulator answers with, and the messages the real service uses for them
// (reference §2 and the seed page). Every error is delivered as HTTP 200 with
// {"Response":{"Error":{"Code","Message"},"RequestId"}}.

const MESSAGES: Record<string, string> = {
  'AuthFailure.InvalidAuthorization': 'Authorization is invalid or missing.',
  'AuthFailure.SecretIdNotFound': 'The SecretId is not found, please ensure that your SecretId is correct.',
  'AuthFailure.SignatureExpire':
    'Signature expired. Timestamp and server time cannot differ by more than 5 minutes.',
  'AuthFailure.SignatureFailure':
    'The provided credentials could not be validated. Please check your signature is correct.',
  'AuthFailure.TokenFailure': 'The token is invalid or has expired.',
  'AuthFailure.InvalidSecretId': 'Invalid key (not a TencentCloud API key type).',
  'AuthFailure.MFAFailure': 'MFA verification failed.',
  'AuthFailure.UnauthorizedOperation': 'The request is not authorized by CAM.',
  UnauthorizedOperation: 'Unauthorized operation.',
  'UnauthorizedOperation.MFAExpired':
    'Unauthorized operation. Make sure Multi-Factor Authentication (MFA) is valid.',
  'UnauthorizedOperation.MFANotFound':
    'Unauthorized operation. Make sure Multi-Factor Authentication (MFA) exists.',
  RequestLimitExceeded:
    'Your request rate exceeds the frequency limit of this action. Please reduce the frequency of calls.',
  'RequestLimitExceeded.UinLimitExceeded': 'The request frequency of this account exceeds the limit.',
  'RequestLimitExceeded.IPLimitExceeded': 'The request frequency of this IP exceeds the limit.',
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded':
    'The request frequency of this account exceeds the global limit.',
  RequestSizeLimitExceeded: 'The request body exceeds the size limit of 10 MB.',
  InternalError:
    'An internal error has occurred. Retry your request, but if the problem persists, contact us.',
  ServiceUnavailable: 'Service is unavailable now.',
  InvalidAction: 'The requested action does not exist.',
  NoSuchProduct: 'The product does not exist.',
  NoSuchVersion: 'The requested version does not exist or is not supported.',
  InvalidParameter: 'A parameter is invalid.',
  InvalidParameterValue: 'A parameter value is invalid.',
  'InvalidParameterValue.LimitExceeded': 'The number of parameter values exceeds the limit.',
  InvalidFilter: 'Invalid filter.',
  'InvalidFilterValue.LimitExceeded': 'The number of Filter values exceeds the limit.',
  MissingParameter: 'A required parameter is missing.',
  UnknownParameter: 'An unknown parameter was passed.',
  UnsupportedRegion: 'The API does not support the region.',
  UnsupportedProtocol:
    'The HTTP(S) request protocol is invalid. Only POST with a JSON body is supported here.',
  ResourceNotFound: 'The resource does not exist.',
  LimitExceeded: 'A quota limit was exceeded.',
  IpNotInWhitelist: 'The IP is not in the whitelist.',
  'InvalidInstance.NotSupported': 'This instance is not supported.',
  'InvalidInstanceId.Malformed':
    'Invalid instance ID. The specified instance ID has an invalid format. For example, ins-1122 has an invalid ID length.',
  'InvalidInstanceId.NotFound': 'No instance found.',
  InvalidInstanceState: 'This operation cannot be performed due to the current instance status.',
  'OperationDenied.InstanceOperationInProgress':
    'The instance has an operation in progress. Please try again later.',
  'UnsupportedOperation.InstanceStateEnterRescueMode':
    'Instances are entering the rescue mode, and this operation is not supported.',
  'UnsupportedOperation.InstanceStateEnterServiceLiveMigrate':
    'The instance in the ENTER_SERVICE_LIVE_MIGRATE status is not supported.',
  'UnsupportedOperation.InstanceStateExitRescueMode':
    'Instances are exiting from the rescue mode, and this operation is not supported.',
  'UnsupportedOperation.InstanceStateExitServiceLiveMigrate':
    'The instance in the EXIT_SERVICE_LIVE_MIGRATE status is not supported.',
  'UnsupportedOperation.InstanceStatePending':
    'The instances are being created, and this operation is not supported.',
  'UnsupportedOperation.InstanceStateRebooting':
    'The instances are being restarted, and this operation is not supported.',
  'UnsupportedOperation.InstanceStateRunning':
    'The instance is running, and this operation is not supported.',
  'UnsupportedOperation.InstanceStateShutdown': 'Isolated instances do not support this operation.',
  'UnsupportedOperation.InstanceStateStarting':
    'The instance is starting up, and this operation is not supported.',
  'UnsupportedOperation.InstanceStateStopped':
    'The instance has been shut down, and this operation is not supported.',
  'UnsupportedOperation.InstanceStateStopping':
    'The instance is being shut down, and this operation is not supported.',
  'UnsupportedOperation.InstanceStateTerminated': 'Terminated instances are not supported.',
  'UnsupportedOperation.InstanceStateTerminating':
    'The instance is being terminated, and the operation is not supported.',
  'UnsupportedOperation.SpecialInstanceType': 'This special instance type does not support the operation.',
  'ResourceNotFound.RoleNotFound': 'The role corresponding to the account does not exist.',
  'InvalidParameter.ParamError': 'Invalid parameter.',
  'InvalidParameter.OverTimeError': 'The expiration time exceeds the threshold.',
  'InvalidParameter.PolicyTooLong': 'The policy is too long.',
  'UnsupportedOperation.StoppedModeStopCharging':
    'The instance does not support the no charges when shut down feature.',
};

/** A business or protocol error the simulator returns in the documented envelope. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? defaultMessage(code));
    this.name = 'ApiError';
  }
}

export function defaultMessage(code: string): string {
  return MESSAGES[code] ?? `${code}.`;
}

export function isKnownErrorCode(code: string): boolean {
  return code in MESSAGES;
}
