// Notices a link that died without closing (dead Wi-Fi, a sleeping NAT, a black-holed gateway).
// While data flows nothing is sent. After `idleMs` of silence we send a probe the server must
// answer; if nothing at all arrives within `timeoutMs`, the link is declared dead.
// Worst case from the last byte received to the verdict: idleMs + timeoutMs (1.5 + 2 = 3.5 s),
// which leaves a loaded machine's late timers well inside the 5 s promise.
import type { Clock } from './connector';

export interface LivenessOptions {
  idleMs: number;
  timeoutMs: number;
}

export const DEFAULT_LIVENESS: LivenessOptions = { idleMs: 1500, timeoutMs: 2000 };

export class LivenessMonitor {
  private lastDataAt = 0;
  private probeOutstanding = false;
  private timer: unknown = undefined;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly sendProbe: () => void,
    /** Called once when the link is declared dead, with how long it had been silent. */
    private readonly onDead: (silentForMs: number) => void,
    private readonly options: LivenessOptions = DEFAULT_LIVENESS,
  ) {}

  start(): void {
    this.stop();
    this.running = true;
    this.lastDataAt = this.clock.now();
    this.arm(this.options.idleMs, () => this.idleCheck());
  }

  stop(): void {
    this.running = false;
    this.probeOutstanding = false;
    this.disarm();
  }

  noteData(): void {
    if (!this.running) return;
    this.lastDataAt = this.clock.now();
    // Any byte proves the link is alive; the probe need not be the one answered.
    if (this.probeOutstanding) {
      this.probeOutstanding = false;
      this.arm(this.options.idleMs, () => this.idleCheck());
    }
  }

  /** Probe now (e.g. after system resume) instead of waiting for the idle period. */
  probeNow(timeoutMs = this.options.timeoutMs): void {
    if (!this.running) return;
    this.probe(timeoutMs);
  }

  private idleCheck(): void {
    const silentFor = this.clock.now() - this.lastDataAt;
    if (silentFor < this.options.idleMs) {
      this.arm(this.options.idleMs - silentFor, () => this.idleCheck());
      return;
    }
    this.probe(this.options.timeoutMs);
  }

  private probe(timeoutMs: number): void {
    this.probeOutstanding = true;
    this.arm(timeoutMs, () => this.declareDead());
    try {
      this.sendProbe();
    } catch {
      // A socket that cannot even send is as dead as one that does not answer.
      this.declareDead();
    }
  }

  private declareDead(): void {
    if (!this.running) return;
    const silentFor = this.clock.now() - this.lastDataAt;
    this.stop();
    this.onDead(silentFor);
  }

  private arm(ms: number, fn: () => void): void {
    this.disarm();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      fn();
    }, ms);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
