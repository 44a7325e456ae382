// The shapes of what names an instance — profile id, region, instance id — checked the same way
// wherever they arrive: IPC arguments, hash routes, key files, API parameters and answers.

/** Lower-case letters, digits and dashes, starting with a letter or digit. */
export const PROFILE_ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** `ap-guangzhou`, `ap-shanghai-fsi`, `na-siliconvalley`. Region ids become part of a hostname. */
export const REGION_RE = /^[a-z]{2,6}(-[a-z0-9]{1,20}){1,4}$/;
export const MAX_REGION_CHARS = 40;
/** `ins-` and 8 lower-case letters or digits: the API calls `ins-1122` malformed. */
export const INSTANCE_ID_RE = /^ins-[a-z0-9]{8}$/;

export function isProfileId(value: unknown): value is string {
  return typeof value === 'string' && PROFILE_ID_RE.test(value);
}

export function isRegion(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_REGION_CHARS && REGION_RE.test(value);
}

export function isInstanceId(value: unknown): value is string {
  return typeof value === 'string' && INSTANCE_ID_RE.test(value);
}
