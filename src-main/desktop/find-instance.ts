// Finds which region holds an instance ID that no cached inventory knows (a pasted ID, a link
// without a region): one DescribeInstances by ID per region of the profile, a few at a time, the
// first answer naming it wins and no further region is asked. The client's shared rate limiter
// keeps the calls within Tencent's per-action limits; the concurrency bound keeps a lookup from
// crowding out the inventory's own listing. A refused key stops the search at once.
import { CloudError, type CvmClient, type Instance } from '../cloud';

/** More regions than Tencent has (about 25): a lying DescribeRegions cannot make us ask thousands. */
export const MAX_LOOKUP_REGIONS = 64;
export const LOOKUP_CONCURRENCY = 4;

export interface RegionFailure {
  region: string;
  error: CloudError;
}

export interface LookupOutcome {
  /** The instance and its region, or null when no region asked has it. */
  found: Instance | null;
  /** How many regions were asked (each at most once). */
  asked: number;
  /** Regions that could not be asked (network, refused in that region, …): the instance may be there. */
  failures: RegionFailure[];
}

export type LookupClient = Pick<CvmClient, 'describeRegions' | 'describeInstances'>;

function asCloudError(error: unknown): CloudError {
  return error instanceof CloudError
    ? error
    : new CloudError({
        kind: 'internal',
        code: 'InternalError.Unexpected',
        messageKey: 'cloud.error.server.unknown',
        message: 'The lookup failed unexpectedly.',
      });
}

/**
 * Looks `instanceId` up in `region` alone when given, else in every available region of the
 * client's account. Throws only when the region list itself cannot be had.
 */
export async function findInstance(
  client: LookupClient,
  instanceId: string,
  options: { region?: string; concurrency?: number } = {},
): Promise<LookupOutcome> {
  const regions = options.region
    ? [options.region]
    : (await client.describeRegions())
        .filter((r) => r.available)
        .map((r) => r.region)
        .slice(0, MAX_LOOKUP_REGIONS);
  const failures: RegionFailure[] = [];
  let found: Instance | null = null;
  let stop = false;
  let next = 0;
  let asked = 0;

  async function worker(): Promise<void> {
    while (!stop && next < regions.length) {
      const region = regions[next++]!;
      asked += 1;
      try {
        const page = await client.describeInstances({ region, ids: [instanceId], limit: 1 });
        const hit = page.instances.find((i) => i.instanceId === instanceId);
        if (hit && !found) {
          found = hit;
          stop = true;
        }
      } catch (error) {
        const cloud = asCloudError(error);
        // NotFound is Tencent's way of saying "not in this region", not a failure.
        if (cloud.code === 'InvalidInstanceId.NotFound') continue;
        failures.push({ region, error: cloud });
        // Bad keys fail the same way in every region: asking the others only burns the budget.
        if (cloud.kind === 'auth' || cloud.kind === 'clock') stop = true;
      }
    }
  }

  const width = Math.max(1, Math.min(options.concurrency ?? LOOKUP_CONCURRENCY, regions.length));
  await Promise.all(Array.from({ length: width }, () => worker()));
  return { found, asked, failures };
}
