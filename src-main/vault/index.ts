// The vault's public surface: key profiles (metadata, keychain, clients), the profile registry,
// and the pure input rules the editor shares. The secret store itself stays inside: nothing
// outside src-main/vault can read a SecretKey or token back.
export { KeyProfiles, importChoicesSchema } from './key-profiles';
export type { ImportChoice, ImportScan, KeyProfilesOptions, KeyProfileView } from './key-profiles';
export { Profiles } from './profiles';
export type { ProfileCatalog, ProfileSource } from './profiles';
export type { ProfileState } from './profile-clients';
export type { StoreNotice } from './profile-store';
export { KeychainError, ProfileInputError } from './errors';
export type { KeychainProblem } from './errors';
export { backendName, KEYCHAIN_SERVICE, napiKeyringFactory, probeKeychain } from './keychain-probe';
export type { KeyringEntry, KeyringEntryFactory } from './keychain-probe';
export {
  cleanPastedKey,
  createProfileInputSchema,
  fieldErrors,
  KEY_KINDS,
  maskSecretId,
  SECRET_STORAGES,
  SITES,
  updateProfileInputSchema,
} from './key-input';
export type {
  CreateProfileInput,
  FieldErrors,
  KeyKind,
  SecretStorage,
  Site,
  UpdateProfileInput,
} from './key-input';
export { PROBE_INSTANCE_ID, PROBED_ACTIONS } from './key-test';
export type { KeyTestOutcome, KeyTestReport, PermissionCheck, ProbedAction, Verdict } from './key-test';
export type { ImportCandidate, ImportProblem, ImportSource } from './importers';
