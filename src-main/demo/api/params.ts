// Parameter validation for the simulated actions. Type errors are InvalidParameter, values
// out of range InvalidParameterValue, unknown names UnknownParameter, as the real API answers.
import { ApiError } from './errors';
import { INSTANCE_ID_RE } from '../../common/instance-ref';

export type Params = Record<string, unknown>;

/** Parses the JSON body; anything but a JSON object is refused. */
export function parseParams(body: Uint8Array): Params {
  const text = Buffer.from(body).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError('InvalidParameter', 'The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError('InvalidParameter', 'The request body must be a JSON object.');
  }
  return parsed as Params;
}

export function allowOnly(params: Params, allowed: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name))
      throw new ApiError('UnknownParameter', `The parameter \`${name}\` is not recognized.`);
  }
}

export function requireString(params: Params, name: string): string {
  const v = params[name];
  if (v === undefined || v === null) {
    throw new ApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
  }
  if (typeof v !== 'string')
    throw new ApiError('InvalidParameter', `The parameter \`${name}\` must be a String.`);
  return v;
}

export function optionalString(params: Params, name: string): string | undefined {
  return params[name] === undefined || params[name] === null ? undefined : requireString(params, name);
}

export function checkInstanceId(id: string): string {
  if (!INSTANCE_ID_RE.test(id)) {
    throw new ApiError(
      'InvalidInstanceId.Malformed',
      `Invalid instance ID \`${id.slice(0, 64)}\`. The specified instance ID has an invalid format.`,
    );
  }
  return id;
}

export function readInstanceId(params: Params, name = 'InstanceId'): string {
  return checkInstanceId(requireString(params, name));
}

/** `InstanceIds`: 1…max well-formed ids, duplicates folded. */
export function readInstanceIds(
  params: Params,
  opts: { required: boolean; max?: number },
): string[] | undefined {
  const v = params['InstanceIds'];
  if (v === undefined || v === null) {
    if (opts.required) {
      throw new ApiError('MissingParameter', 'The request is missing a required parameter `InstanceIds`.');
    }
    return undefined;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new ApiError('InvalidParameter', 'The parameter `InstanceIds` must be an Array of String.');
  }
  const max = opts.max ?? 100;
  if (v.length > max) {
    throw new ApiError(
      'InvalidParameterValue.LimitExceeded',
      `The number of \`InstanceIds\` (${v.length}) exceeds the limit of ${max}.`,
    );
  }
  if (opts.required && v.length === 0) {
    throw new ApiError('InvalidParameterValue', 'The parameter `InstanceIds` must not be empty.');
  }
  return [...new Set((v as string[]).map(checkInstanceId))];
}

export function readInt(
  params: Params,
  name: string,
  opts: { min: number; max: number; fallback: number },
): number {
  const v = params[name];
  if (v === undefined || v === null) return opts.fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ApiError('InvalidParameter', `The parameter \`${name}\` must be an Integer.`);
  }
  if (v < opts.min || v > opts.max) {
    throw new ApiError(
      'InvalidParameterValue',
      `The value of \`${name}\` must be between ${opts.min} and ${opts.max}.`,
    );
  }
  return v;
}

export function readEnum<T extends string>(
  params: Params,
  name: string,
  values: readonly T[],
): T | undefined {
  const v = optionalString(params, name);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) {
    throw new ApiError(
      'InvalidParameterValue',
      `The value of \`${name}\` must be one of ${values.join(', ')}.`,
    );
  }
  return v as T;
}

export interface Filter {
  Name: string;
  Values: string[];
}

/** `Filters`: at most 10, each with 1…5 string values. Names are checked by the caller. */
export function readFilters(params: Params): Filter[] | undefined {
  const v = params['Filters'];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v))
    throw new ApiError('InvalidParameter', 'The parameter `Filters` must be an Array of Filter.');
  if (v.length > 10) {
    throw new ApiError(
      'InvalidParameterValue.LimitExceeded',
      `The number of \`Filters\` (${v.length}) exceeds 10.`,
    );
  }
  return v.map((f: unknown, i) => {
    const where = `Filters.${i}`;
    if (f === null || typeof f !== 'object' || Array.isArray(f)) {
      throw new ApiError('InvalidParameter', `The parameter \`${where}\` must be a Filter.`);
    }
    const filter = f as Params;
    allowOnly(filter, ['Name', 'Values']);
    const name = filter['Name'];
    const values = filter['Values'];
    if (typeof name !== 'string') throw new ApiError('MissingParameter', `\`${where}.Name\` is required.`);
    if (!Array.isArray(values) || values.some((x) => typeof x !== 'string')) {
      throw new ApiError('InvalidParameter', `\`${where}.Values\` must be an Array of String.`);
    }
    if (values.length === 0)
      throw new ApiError('InvalidParameterValue', `\`${where}.Values\` must not be empty.`);
    if (values.length > 5) {
      throw new ApiError(
        'InvalidFilterValue.LimitExceeded',
        `\`${where}.Values\` has ${values.length} values; at most 5.`,
      );
    }
    return { Name: name, Values: values as string[] };
  });
}
