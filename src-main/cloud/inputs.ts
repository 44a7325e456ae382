// Checks of every caller-supplied input, before any network call: a bad ID, region or page
// size gets a clear invalid-input error and nothing is sent.
import { isValidRegion } from './endpoints';
import type { CloudError } from './errors';
import { localError } from './errors';
import { isValidInstanceId } from './instances';

export type StopType = 'SOFT' | 'HARD' | 'SOFT_FIRST';
const STOP_TYPES: readonly string[] = ['SOFT', 'HARD', 'SOFT_FIRST'];
/** StopInstances: whether a pay-as-you-go instance keeps being charged while stopped. */
export type StoppedMode = 'KEEP_CHARGING' | 'STOP_CHARGING';
const STOPPED_MODES: readonly string[] = ['KEEP_CHARGING', 'STOP_CHARGING'];

export function invalid(code: string, messageKey: string, detail?: string): CloudError {
  return localError('invalid-input', code, messageKey, detail);
}

export function checkRegion(region: unknown): string {
  if (typeof region !== 'string' || !isValidRegion(region)) {
    throw invalid('InvalidInput.Region', 'cloud.error.input.region');
  }
  return region;
}

export function checkIds(ids: unknown, { min, max }: { min: number; max: number }): string[] {
  if (!Array.isArray(ids)) {
    throw invalid('InvalidInput.InstanceIds', 'cloud.error.input.request', 'Expected a list.');
  }
  for (const id of ids) {
    if (!isValidInstanceId(id)) throw invalid('InvalidInput.InstanceId', 'cloud.error.input.instanceId');
  }
  const unique = [...new Set(ids as string[])];
  if (unique.length < min || unique.length > max) {
    throw invalid(
      'InvalidInput.InstanceIds',
      'cloud.error.input.request',
      `Give ${min} to ${max} instance IDs.`,
    );
  }
  return unique;
}

export function checkFilters(filters: unknown): Array<{ Name: string; Values: string[] }> {
  const bad = (detail: string) => invalid('InvalidInput.Filters', 'cloud.error.input.request', detail);
  if (!Array.isArray(filters)) throw bad('Filters must be a list.');
  if (filters.length > 10) throw bad('At most 10 filters.');
  return filters.map((f: unknown) => {
    const { name, values } = (f ?? {}) as { name?: unknown; values?: unknown };
    if (typeof name !== 'string' || name === '' || name.length > 128) throw bad('Each filter needs a name.');
    if (!Array.isArray(values) || values.length < 1 || values.length > 5)
      throw bad('Each filter takes 1 to 5 values.');
    if (values.some((v) => typeof v !== 'string')) throw bad('Filter values must be text.');
    return { Name: name, Values: values as string[] };
  });
}

export function checkInt(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(
      'InvalidInput.Paging',
      'cloud.error.input.request',
      `${what} must be a whole number from ${min} to ${max}.`,
    );
  }
  return value;
}

export function checkStopType(stopType: unknown): StopType | undefined {
  if (stopType === undefined) return undefined;
  if (typeof stopType !== 'string' || !STOP_TYPES.includes(stopType)) {
    throw invalid(
      'InvalidInput.StopType',
      'cloud.error.input.request',
      'StopType is SOFT, HARD or SOFT_FIRST.',
    );
  }
  return stopType as StopType;
}

export function checkStoppedMode(mode: unknown): StoppedMode | undefined {
  if (mode === undefined) return undefined;
  if (typeof mode !== 'string' || !STOPPED_MODES.includes(mode)) {
    throw invalid(
      'InvalidInput.StoppedMode',
      'cloud.error.input.request',
      'StoppedMode is KEEP_CHARGING or STOP_CHARGING.',
    );
  }
  return mode as StoppedMode;
}
