// The demo cloud runs inside the app's main process, so no viewer may hold its event loop: framebuffer
// updates are encoded in small steps, taken round-robin across every session of every built-in VNC
// server, and the loop is given back (setImmediate) after a few milliseconds of work.

/** One small piece of work; returns true when the job has more to do. */
export type Step = () => boolean;

export class FairScheduler {
  private queue: Step[] = [];
  private scheduled = false;

  /** @param budgetMs how long one turn of the event loop may spend on steps */
  constructor(private readonly budgetMs: number) {}

  /** Queues a job; it runs from a later turn of the event loop, one step per round. */
  add(step: Step): void {
    this.queue.push(step);
    this.schedule();
  }

  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    const end = performance.now() + this.budgetMs;
    // One round at a time: jobs queued during the round wait for the next, so none is starved.
    while (this.queue.length > 0 && performance.now() < end) {
      const round = this.queue;
      this.queue = [];
      let i = 0;
      for (; i < round.length && performance.now() < end; i++) {
        if (round[i]!()) this.queue.push(round[i]!);
      }
      // Out of time mid-round: the rest of the round goes first next turn.
      if (i < round.length) this.queue = round.slice(i).concat(this.queue);
    }
    if (this.queue.length > 0) this.schedule();
  }
}

/** Shared by every built-in VNC server in the process: they all share one event loop. */
export const encodeScheduler = new FairScheduler(4);
