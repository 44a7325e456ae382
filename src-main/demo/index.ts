// The demo cloud's public surface: the app's "Demo cloud" profile, the e2e harness and the
// benchmarks import from here.
export { startDemoCloud, generateDemoCredential, DEMO_ROLE_ARN } from './demo-cloud';
export type { DemoCloud, DemoCloudOptions } from './demo-cloud';
export { ApiSimulator, startApiSimulator, placeholderVncUrl } from './api/api-simulator';
export type {
  ApiSimulatorOptions,
  RequestLogEntry,
  SimulatorControl,
  VncUrlHints,
  VncUrlMinter,
} from './api/api-simulator';
export type { DemoCredential } from './api/auth';
export type { DemoRole } from './api/sts';
export { DEFAULT_RATE_LIMITS } from './api/rate-limit';
export { DEFAULT_TRANSITIONS, Fleet, KNOWN_STATES } from './fleet';
export type { FleetOptions, InstanceRecord, InstanceState, StateChange, TransitionTimes } from './fleet';
export { DEMO_INSTANCES, REGIONS } from './fleet-catalog';
export type { DemoInstanceSpec, RegionSpec } from './fleet-catalog';
export { VncGateway } from './gateway/vnc-gateway';
export type { VncBackend } from './gateway/vnc-gateway';
export { BuiltinVncServer } from './vnc-server/vnc-server';
