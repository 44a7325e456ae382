// Keeps moving instances fresh: an instance in a transitional state (PENDING, STARTING, STOPPING,
// REBOOTING, …), or one a power action was just sent to, is described again with backoff until
// it settles. Every poll asks DescribeInstances for up to 100 ids of one region at once, through
// the same client (and so the same shared 40/s limit) as the listing; what it learns is handed on.
import type { Instance } from '../cloud';
import type { PowerAction } from '../contract';

/** States that change by themselves soon; anything else is where an instance rests. */
export const TRANSITIONAL_STATES: ReadonlySet<string> = new Set([
  'PENDING',
  'STARTING',
  'STOPPING',
  'REBOOTING',
  'TERMINATING',
  'ENTER_RESCUE_MODE',
  'EXIT_RESCUE_MODE',
  'ENTER_SERVICE_LIVE_MIGRATE',
  'EXIT_SERVICE_LIVE_MIGRATE',
]);

export function isTransitional(state: string): boolean {
  return TRANSITIONAL_STATES.has(state);
}

/** Backoff between polls of one instance: quick at first (a reboot takes seconds), then every 10 s. */
export const POLL_DELAYS_MS: readonly number[] = [1000, 2000, 3000, 5000, 8000, 10_000];
/** Instances due within this much of each other are described in the same call. */
export const BATCH_SLACK_MS = 500;
/** A state still moving after this long is left alone (the next listing shows it). */
export const MAX_WATCH_MS = 15 * 60_000;
export const IDS_PER_DESCRIBE = 100;
/** How long a poll due while its profile is being listed waits before it is looked at again. */
export const LISTING_WAIT_MS = 1000;

/** Whether an instance has come to rest (after `action`, if one was sent to it). */
export function hasSettled(inst: Instance, action?: PowerAction): boolean {
  if (isTransitional(inst.rawState) || inst.latestOperationState === 'OPERATING') return false;
  if (inst.latestOperationState === 'FAILED' || action === undefined) return true;
  if (action === 'stop') return inst.state === 'STOPPED';
  if (action === 'start') return inst.state === 'RUNNING';
  // Right after RebootInstances an instance may still say RUNNING: wait for the reboot to show.
  return inst.state === 'RUNNING' && inst.latestOperation === 'RebootInstances';
}

export interface StatePollerDeps {
  describe(profileId: string, region: string, ids: string[]): Promise<Instance[]>;
  /** Fresh descriptions of watched instances of one profile. */
  emit(profileId: string, instances: Instance[]): void;
  /**
   * A watch ended: the instance came to rest (`inst` says how), is gone, or was still moving
   * after maxWatchMs. Power actions learn here that they finished.
   */
  ended?(watch: WatchedInstance, end: { inst?: Instance; how: 'settled' | 'gone' | 'timeout' }): void;
  /**
   * Whether the profile's instances are being listed: their polls then wait (the listing describes
   * them anyway, and every DescribeInstances the poller sends is one the listing's pages wait for
   * under the key's 40/s). The listing's end watches what still moves.
   */
  listing?(profileId: string): boolean;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  delays?: readonly number[];
  maxWatchMs?: number;
}

export interface WatchedInstance {
  profileId: string;
  region: string;
  instanceId: string;
  action: PowerAction | undefined;
}

interface Watch extends WatchedInstance {
  since: number;
  polls: number;
  due: number;
}

export class StatePoller {
  private readonly watches = new Map<string, Watch>();
  private timer: unknown;
  private timerDue = Infinity;
  private polling = false;
  private stopped = false;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly delays: readonly number[];
  private readonly maxWatchMs: number;

  constructor(private readonly deps: StatePollerDeps) {
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.delays = deps.delays ?? POLL_DELAYS_MS;
    this.maxWatchMs = deps.maxWatchMs ?? MAX_WATCH_MS;
  }

  /** Describe this instance again with backoff until it settles (a new action starts over). */
  watch(profileId: string, region: string, instanceId: string, action?: PowerAction): void {
    if (this.stopped) return;
    const now = this.now();
    this.watches.set(key(profileId, region, instanceId), {
      profileId,
      region,
      instanceId,
      action,
      since: now,
      polls: 0,
      due: now + this.delayAfter(0),
    });
    this.schedule();
  }

  /** Watches the listed instances that are in a transitional state. */
  watchMoving(profileId: string, instances: readonly Instance[]): void {
    for (const inst of instances) {
      if (isTransitional(inst.rawState) && !this.watches.has(key(profileId, inst.region, inst.instanceId))) {
        this.watch(profileId, inst.region, inst.instanceId);
      }
    }
  }

  /** How many instances are being watched (for tests and the log). */
  get size(): number {
    return this.watches.size;
  }

  stop(): void {
    this.stopped = true;
    this.watches.clear();
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private delayAfter(polls: number): number {
    return this.delays[Math.min(polls, this.delays.length - 1)] ?? 10_000;
  }

  private schedule(): void {
    if (this.stopped || this.polling || this.watches.size === 0) return;
    const due = Math.min(...[...this.watches.values()].map((w) => w.due));
    if (this.timer !== undefined && due >= this.timerDue) return;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timerDue = due;
    this.timer = this.setTimer(
      () => {
        this.timer = undefined;
        this.timerDue = Infinity;
        void this.poll();
      },
      Math.max(0, due - this.now()),
    );
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      const now = this.now();
      const due: Watch[] = [];
      for (const w of this.watches.values()) {
        if (w.due > now + BATCH_SLACK_MS) continue;
        // Asked again once the listing is likely over (a listing of 10,000 takes about 2 s).
        if (this.deps.listing?.(w.profileId)) w.due = now + LISTING_WAIT_MS;
        else due.push(w);
      }
      const groups = new Map<string, Watch[]>();
      for (const w of due) {
        const k = `${w.profileId}\n${w.region}`;
        groups.set(k, [...(groups.get(k) ?? []), w]);
      }
      const calls: Promise<void>[] = [];
      for (const group of groups.values()) {
        for (let i = 0; i < group.length; i += IDS_PER_DESCRIBE) {
          calls.push(this.describe(group.slice(i, i + IDS_PER_DESCRIBE)));
        }
      }
      await Promise.all(calls);
    } finally {
      this.polling = false;
    }
    this.schedule();
  }

  private async describe(batch: Watch[]): Promise<void> {
    const { profileId, region } = batch[0]!;
    let found: Instance[] | undefined;
    try {
      found = await this.deps.describe(
        profileId,
        region,
        batch.map((w) => w.instanceId),
      );
    } catch {
      // Try again later, with the same backoff (the client already retried what was worth it).
    }
    if (this.stopped) return;
    const now = this.now();
    const byId = new Map((found ?? []).map((i) => [i.instanceId, i]));
    for (const w of batch) {
      const k = key(w.profileId, w.region, w.instanceId);
      if (this.watches.get(k) !== w) continue; // watched anew meanwhile
      const inst = byId.get(w.instanceId);
      const gone = found !== undefined && inst === undefined;
      const settled = inst !== undefined && hasSettled(inst, w.action);
      if (gone || settled || now - w.since >= this.maxWatchMs) {
        this.watches.delete(k);
        const { profileId, region, instanceId, action } = w;
        const how = gone ? 'gone' : settled ? 'settled' : 'timeout';
        this.deps.ended?.({ profileId, region, instanceId, action }, { ...(inst ? { inst } : {}), how });
        continue;
      }
      w.polls += 1;
      w.due = now + this.delayAfter(w.polls);
    }
    if (found && found.length > 0) this.deps.emit(profileId, found);
  }
}

function key(profileId: string, region: string, instanceId: string): string {
  return `${profileId}\n${region}\n${instanceId}`;
}
