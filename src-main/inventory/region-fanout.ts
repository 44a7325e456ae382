// Lists every instance of one account in every region, as fast as Tencent's limits allow, and
// reports as it goes. All regions start at once; as soon as a region's first page tells its
// TotalCount, its other pages are asked for together. The shared rate limiter inside the client
// paces the requests (DescribeInstances: 40/s per key), so nothing here waits on a timer. Each
// page's rows are handed on as the page answers, and each region ends with its count or its own
// error: a failing region never stops the others and is never silently dropped.
import { CloudError, PAGE_SIZE, pageCount, type CvmClient, type Instance, type Region } from '../cloud';
import { localError } from '../cloud/errors';

export type FanoutClient = Pick<CvmClient, 'describeRegions' | 'describeInstances'>;

export type RegionResult =
  | { region: string; ok: true; count: number; totalCount: number }
  | { region: string; ok: false; error: CloudError; count: number };

export interface FanoutListener {
  /** The regions about to be listed, before any row (names from DescribeRegions when it was asked). */
  regions?(regions: readonly Region[]): void;
  /** A page answered: its rows not already handed on in this listing. */
  rows(region: string, instances: Instance[]): void;
  /** A region is complete, or failed (rows handed on before the failure stay handed on). */
  region(result: RegionResult): void;
}

export interface FanoutOptions {
  /** Only these regions (a Retry of one region); default: every available one, from DescribeRegions. */
  regions?: readonly string[];
  signal?: AbortSignal;
  /**
   * Requests in flight or waiting for the rate limiter at once. The limiter alone would pace any
   * number, but a cap keeps an abandoned listing from holding the key's DescribeInstances budget
   * for long: at 40/s, 40 queued requests are at most one second's worth.
   */
  maxInFlight?: number;
  /**
   * Regions whose first page is asked for at once, beside DescribeRegions instead of after it (the
   * regions of the last listing, or the usual default), and their other pages as soon as the first
   * answers: their first rows come one round trip sooner. A region DescribeRegions does not list is
   * dropped with its pages.
   */
  early?: readonly string[];
}

export const DEFAULT_MAX_IN_FLIGHT = 40;

/**
 * Where a first listing (nothing cached) asks for pages before DescribeRegions has answered:
 * Tencent's six oldest regions, which it lists for every account (the mainland's first five and
 * Hong Kong). The rate limiter starts full (36 DescribeInstances), and a full bucket refills
 * nothing, so while DescribeRegions is on its way every token not taken is lost for good, 25 ms of
 * the listing's end each (docs/inventory.md, "The floor"). Six first pages keep the bucket below
 * full for 150 ms, and their regions' other pages, asked as the first pages answer, for hundreds
 * more: a round trip of 50 ms (the demo) to 150 ms (Tencent from far away) loses nothing.
 */
export const FIRST_LISTING_REGIONS: readonly string[] = [
  'ap-guangzhou',
  'ap-shanghai',
  'ap-beijing',
  'ap-chengdu',
  'ap-chongqing',
  'ap-hongkong',
];

/** A FIFO gate: at most `limit` holders at once; waiters are let in in arrival order. */
class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async enter(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

class Aborted extends Error {}

type Page = Awaited<ReturnType<FanoutClient['describeInstances']>>;
interface Pages {
  first: Page;
  rest: Promise<Page>[];
}
/** Set when a page of the region failed, or the region was dropped: its pages not yet sent are not sent. */
interface RegionState {
  failed: boolean;
}

function asCloudError(err: unknown): CloudError {
  return err instanceof CloudError
    ? err
    : localError('server', 'InternalError.Unexpected', 'cloud.error.server.unknown');
}

/** Resolves with every region's outcome once all have ended (or at once with [] when aborted). */
export async function listEverywhere(
  client: FanoutClient,
  listener: FanoutListener,
  options: FanoutOptions = {},
): Promise<RegionResult[]> {
  const { signal } = options;
  const gate = new Gate(Math.max(1, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT));
  const live = (): boolean => !signal?.aborted;

  let regions: string[];
  const early = new Map<string, { asked: Promise<Pages>; state: RegionState }>();
  if (options.regions) {
    regions = [...new Set(options.regions)];
  } else {
    for (const region of new Set(options.early ?? [])) {
      const state = { failed: false };
      const asked = askPages(region, state);
      asked.catch(() => {}); // a region dropped below is never awaited
      early.set(region, { asked, state });
    }
    let all: Region[];
    try {
      all = await client.describeRegions();
    } catch (err) {
      for (const { state } of early.values()) state.failed = true; // their pages not yet sent stay unsent
      throw err;
    }
    if (!live()) return [];
    const available = all.filter((r) => r.available);
    listener.regions?.(available);
    regions = available.map((r) => r.region);
    for (const [region, { state }] of early) if (!regions.includes(region)) state.failed = true;
  }

  async function page(region: string, offset: number, regionFailed: () => boolean): Promise<Page> {
    await gate.enter();
    try {
      // A page still waiting when the listing was abandoned, or its region failed, is not sent.
      if (!live() || regionFailed()) throw new Aborted();
      return await client.describeInstances({ region, offset, limit: PAGE_SIZE });
    } finally {
      gate.leave();
    }
  }

  /**
   * A region's first page, then (once it told TotalCount) its other pages, asked together. An early
   * region's other pages go out before DescribeRegions has answered, so a slow answer leaves no
   * token unused (FIRST_LISTING_REGIONS).
   */
  async function askPages(region: string, state: RegionState): Promise<Pages> {
    const isFailed = (): boolean => state.failed;
    const first = await page(region, 0, isFailed);
    const rest = Array.from({ length: Math.max(0, pageCount(first.totalCount) - 1) }, (_, i) => {
      const next = page(region, (i + 1) * PAGE_SIZE, isFailed);
      next.catch(() => {}); // awaited by listRegion, unless the region was dropped
      return next;
    });
    return { first, rest };
  }

  async function listRegion(region: string): Promise<RegionResult> {
    const seen = new Set<string>();
    const { asked, state } = early.get(region) ?? { asked: undefined, state: { failed: false } };
    const hand = (instances: Instance[]): void => {
      if (state.failed || !live()) return;
      // An instance created between two pages can push another onto both: hand it on once.
      const fresh = instances.filter((i) => !seen.has(i.instanceId) && seen.add(i.instanceId));
      if (fresh.length > 0) listener.rows(region, fresh);
    };
    try {
      const { first, rest } = await (asked ?? askPages(region, state));
      hand(first.instances);
      await Promise.all(
        rest.map((next) =>
          next.then(
            (p) => hand(p.instances),
            (err: unknown) => {
              state.failed = true;
              throw err;
            },
          ),
        ),
      );
      return { region, ok: true, count: seen.size, totalCount: first.totalCount };
    } catch (err) {
      state.failed = true;
      if (!live()) throw new Aborted();
      return { region, ok: false, error: asCloudError(err), count: seen.size };
    }
  }

  const results = await Promise.all(
    regions.map((region) =>
      listRegion(region).then(
        (result) => {
          if (live()) listener.region(result);
          return result;
        },
        () => undefined,
      ),
    ),
  );
  return live() ? results.filter((r): r is RegionResult => r !== undefined) : [];
}
