// The cloud layer's public surface: everything outside src-main/cloud imports from here
// (the demo cloud may also import './signer' directly).
export { createCvmClient, pageCount, PAGE_SIZE, DEFAULT_TIMEOUT_MS } from './cvm-client';
export type { ApiClientOptions } from './client-setup';
export {
  createStsClient,
  DEFAULT_ROLE_DURATION_S,
  EXTERNAL_ID_RE,
  MAX_ROLE_DURATION_S,
  MIN_ROLE_DURATION_S,
  ROLE_ARN_RE,
  ROLE_SESSION_NAME_RE,
  STS_VERSION,
} from './sts-client';
export type { AssumeRoleInput, StsClient, TemporaryCredentials } from './sts-client';
export { MIN_VALIDITY_MS, RENEW_AHEAD_MS, RenewingCredentials } from './credentials';
export type { RenewingCredentialsOptions } from './credentials';
export type {
  ActionResult,
  CvmClient,
  CvmClientOptions,
  DescribeInstancesInput,
  InstanceFilter,
  InstancePage,
  RegionInstances,
  RegionListing,
  StopType,
  StoppedMode,
  VncConsoleUrl,
} from './cvm-client';
export type { Credentials, CredentialsProvider, FetchLike, FetchResponseLike, Language } from './transport';
export { CloudError, classifyErrorCode, redactSecrets } from './errors';
export { KNOWN_ERROR_CODES, isMessageKey, messageFor } from './error-catalogue';
export type { ErrorClass } from './error-catalogue';
export { INSTANCE_STATES } from './instances';
export type { Instance, InstanceState, InstanceTag, Region } from './instances';
export { consoleHostPolicy, parseVncUrl, MAX_CONSOLE_URL_LENGTH } from './vnc-url';
export {
  TENCENT_GATEWAY_DOMAINS,
  consoleConnectSources,
  isTencentGatewayHost,
  tencentGatewayUrlPatterns,
} from './console-gateways';
export type { ConsoleHostPolicy, ParsedVncUrl, VncHints } from './vnc-url';
export { ENDPOINT_ENV_VAR, FINANCE_REGIONS, endpointFromEnv, parseEndpoint, tencentHost } from './endpoints';
export type { Endpoint, Service, Site } from './endpoints';
export { ACTION_RATES, RateLimiterRegistry, burstOf, sharedRateLimiter } from './rate-limiter';
export type { RateLimiterOptions } from './rate-limiter';
export { MAX_RETRIES, backoffMs } from './retry';
export { parseAuthorization, serviceFromHost, signTc3 } from './signer';
export type { SignInput, SignOutput } from './signer';
