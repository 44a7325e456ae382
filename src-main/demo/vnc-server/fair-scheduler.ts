// The demo cloud runs inside the app's main process, so no viewer may hold its event loop: framebuffer
// updates are encoded in small steps, and the loop is given back after 2 ms of them, so an API call
// or a viewer waiting for the next turn waits little more than that. Bulk work (for viewers already
// sent a lot lately: floods) goes on only after a 4 ms rest: it gets at most about a third of the
// process, and everything else (requests, connections, garbage collection) keeps the rest.
//
// Which step goes next: one of the job whose viewer was sent the least lately. A viewer asking now and
// then (noVNC echoing a keystroke, a new console's first frame) goes before viewers that take update
// after update, and those take turns by what they got, so a flood slows only itself.

/** One small piece of work; returns true when the job has more to do. */
export type Step = () => boolean;

interface Job {
  step: Step;
  bulk: boolean;
  /** Lower goes first: how much its viewer was sent lately. Asked before every step. */
  rank: () => number;
  order: number;
}

export class FairScheduler {
  private readonly jobs: Job[] = [];
  private scheduled = false; // a run is due (an immediate, or the timer ending a rest)
  private running = false;
  private added = 0;

  /**
   * @param budgetMs how long one run may spend on steps (half as long as a rest between runs)
   * @param now the clock runs are timed by (tests inject one)
   */
  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Queues a job; its steps run from later turns of the event loop, lowest `rank` first. While only
   * `bulk` jobs are left, runs are spaced out by rests.
   */
  add(step: Step, rank: () => number, bulk = false): void {
    this.jobs.push({ step, rank, bulk, order: this.added++ });
    // During a run, the run's end decides when the next one is.
    if (!this.scheduled && !this.running) {
      this.scheduled = true;
      setImmediate(() => this.run());
    }
  }

  get pending(): number {
    return this.jobs.length;
  }

  private next(): number {
    let best = 0;
    let bestRank = this.jobs[0]!.rank();
    for (let i = 1; i < this.jobs.length; i++) {
      const rank = this.jobs[i]!.rank();
      if (rank < bestRank || (rank === bestRank && this.jobs[i]!.order < this.jobs[best]!.order)) {
        best = i;
        bestRank = rank;
      }
    }
    return best;
  }

  private run(): void {
    this.scheduled = false;
    this.running = true;
    const end = this.now() + this.budgetMs;
    try {
      while (this.jobs.length > 0 && this.now() < end) {
        const i = this.next();
        if (!this.jobs[i]!.step()) this.jobs.splice(i, 1);
      }
    } finally {
      this.running = false;
    }
    if (this.jobs.length === 0) return;
    this.scheduled = true;
    if (this.jobs.every((j) => j.bulk)) setTimeout(() => this.run(), 2 * this.budgetMs);
    else setImmediate(() => this.run());
  }
}

/** Shared by every built-in VNC server in the process: they all share one event loop. */
export const encodeScheduler = new FairScheduler(2);
