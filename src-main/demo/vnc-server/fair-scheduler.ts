// The demo cloud runs inside the app's main process, so no viewer may hold its event loop: framebuffer
// updates are encoded in small steps, and the loop is given back (setImmediate) after 2 ms of them,
// so an API call or a viewer waiting for the next turn waits little more than that.
//
// Which step goes next: one of the job whose viewer was sent the least lately. A viewer asking now and
// then (noVNC echoing a keystroke, a new console's first frame) goes before viewers that take update
// after update, and those take turns by what they got, so a flood slows only itself.

/** One small piece of work; returns true when the job has more to do. */
export type Step = () => boolean;

interface Job {
  step: Step;
  /** Lower goes first: how much its viewer was sent lately. Asked before every step. */
  rank: () => number;
  order: number;
}

export class FairScheduler {
  private readonly jobs: Job[] = [];
  private scheduled = false;
  private added = 0;

  /** @param budgetMs how long one turn of the event loop may spend on steps */
  constructor(private readonly budgetMs: number) {}

  /** Queues a job; its steps run from later turns of the event loop, lowest `rank` first. */
  add(step: Step, rank: () => number): void {
    this.jobs.push({ step, rank, order: this.added++ });
    if (!this.scheduled) {
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
    const end = performance.now() + this.budgetMs;
    while (this.jobs.length > 0 && performance.now() < end) {
      const i = this.next();
      if (!this.jobs[i]!.step()) this.jobs.splice(i, 1);
    }
    if (this.jobs.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.run());
    }
  }
}

/** Shared by every built-in VNC server in the process: they all share one event loop. */
export const encodeScheduler = new FairScheduler(2);
