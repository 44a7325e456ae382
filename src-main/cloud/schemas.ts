// Schemas for every response the client reads. Absent or null optional fields are tolerated
// (Tencent omits many); a field of the wrong type is a malformed response, not a silent undefined.
import { z } from 'zod';

/** The envelope every API 3.0 response shares; the body is checked per action afterwards. */
export const envelopeSchema = z.object({
  Response: z
    .object({
      RequestId: z.string().min(1),
      Error: z.object({ Code: z.string().min(1), Message: z.string().nullish() }).optional(),
    })
    .loose(),
});

const optString = z.string().nullish();
const optNumber = z.number().nullish();
const stringList = z.array(z.string()).nullish();

/**
 * Only the fields the app reads are kept: Tencent's instance has 40-odd, and copying the others
 * (a loose object) doubled the check's cost and what it allocates, 10,000 times per listing.
 */
export const rawInstanceSchema = z
  .object({
    InstanceId: z.string().min(1),
    InstanceName: optString,
    InstanceState: optString,
    InstanceType: optString,
    CPU: optNumber,
    Memory: optNumber,
    OsName: optString,
    Placement: z.object({ Zone: optString }).nullish(),
    PrivateIpAddresses: stringList,
    PublicIpAddresses: stringList,
    Tags: z.array(z.object({ Key: z.string(), Value: z.string().nullish() })).nullish(),
    LatestOperation: optString,
    LatestOperationState: optString,
    RestrictState: optString,
    CreatedTime: optString,
    InstanceChargeType: optString,
  })
  .strip();
export type RawInstance = z.infer<typeof rawInstanceSchema>;

export const describeInstancesSchema = z
  .object({
    TotalCount: z.number().int().nonnegative(),
    InstanceSet: z.array(rawInstanceSchema),
  })
  .loose();

export const describeRegionsSchema = z
  .object({
    TotalCount: z.number().int().nonnegative().nullish(),
    RegionSet: z.array(
      z.object({ Region: z.string().min(1), RegionName: optString, RegionState: optString }).loose(),
    ),
  })
  .loose();

export const describeVncUrlSchema = z.object({ InstanceVncUrl: z.string().min(1) }).loose();

/** Start/Stop/Reboot answer with nothing but the RequestId. */
export const emptySchema = z.object({}).loose();

/** A short, value-free description of what did not match (zod issues carry no input values). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
