// The demo cloud's public surface: the app's "Demo cloud" profile, the e2e harness and the
// benchmarks import from here.
export { startDemoCloud, generateDemoCredential, DEMO_ROLE_ARN } from './demo-cloud';
export type { DemoCloud, DemoCloudOptions } from './demo-cloud';
export { ApiSimulator, startApiSimulator, placeholderVncUrl } from './api-simulator';
export type {
  ApiSimulatorOptions,
  RequestLogEntry,
  SimulatorControl,
  VncUrlHints,
  VncUrlMinter,
} from './api-simulator';
export type { DemoCredential } from './api-auth';
export type { DemoRole } from './api-sts';
export { DEFAULT_RATE_LIMITS } from './api-rate-limit';
export { DEMO_INSTANCES, DEFAULT_TRANSITIONS, Fleet, INSTANCE_ID_RE, KNOWN_STATES } from './fleet';
export type {
  DemoInstanceSpec,
  FleetOptions,
  InstanceRecord,
  InstanceState,
  StateChange,
  TransitionTimes,
} from './fleet';
export { REGIONS } from './fleet-catalog';
export type { RegionSpec } from './fleet-catalog';
export { VncGateway } from './vnc-gateway';
export type { VncBackend } from './vnc-gateway';
export { BuiltinVncServer } from './vnc-server';
