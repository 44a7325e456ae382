import { describe, expect, it } from 'vitest';
import { LivenessMonitor } from '../../../../src-renderer/console/liveness';
import { FakeClock } from './fakes';

function monitor(answer: () => boolean) {
  const clock = new FakeClock();
  const dead: number[] = [];
  const probes: number[] = [];
  const m: LivenessMonitor = new LivenessMonitor(
    clock,
    () => {
      probes.push(clock.now());
      if (answer()) clock.setTimeout(() => m.noteData(), 40);
    },
    (silentFor) => dead.push(silentFor),
  );
  return { clock, m, dead, probes };
}

describe('LivenessMonitor', () => {
  it('sends nothing while data keeps flowing', async () => {
    const { clock, m, dead, probes } = monitor(() => true);
    m.start();
    for (let i = 0; i < 100; i++) {
      await clock.advance(500);
      m.noteData();
    }
    expect(probes).toEqual([]);
    expect(dead).toEqual([]);
  });

  it('probes an idle link every ~1.5 s and keeps it while probes are answered', async () => {
    const { clock, m, dead, probes } = monitor(() => true);
    const t0 = clock.now();
    m.start();
    await clock.advance(20_000);
    expect(dead).toEqual([]);
    expect(probes.length).toBeGreaterThanOrEqual(10);
    expect(probes[0]).toBe(t0 + 1500);
  });

  it('declares a silent link dead within 5 s of the last byte', async () => {
    let answering = true;
    const { clock, m, dead } = monitor(() => answering);
    m.start();
    await clock.advance(7_000);
    m.noteData();
    const lastData = clock.now();
    answering = false;
    let detectedAt = 0;
    for (let i = 0; i < 100 && dead.length === 0; i++) {
      await clock.advance(50);
      detectedAt = clock.now();
    }
    expect(dead).toHaveLength(1);
    expect(detectedAt - lastData).toBeLessThanOrEqual(3500);
    expect(dead[0]).toBeLessThanOrEqual(3500);
    expect(dead[0]).toBeGreaterThanOrEqual(1500);
  });

  it('worst case over many phases of the silence onset stays under 5 s', async () => {
    for (let offset = 0; offset < 4600; offset += 230) {
      let answering = true;
      const { clock, m, dead } = monitor(() => answering);
      m.start();
      await clock.advance(offset);
      const diedAt = clock.now();
      answering = false;
      await clock.advance(5000);
      expect(dead).toHaveLength(1);
      expect(dead[0]).toBeLessThanOrEqual(5000);
      // Whatever the phase, the verdict came no later than 5 s after the link died.
      expect(clock.now() - diedAt).toBe(5000);
      m.stop();
    }
  });

  it('treats a probe that cannot be sent as a dead link', async () => {
    const clock = new FakeClock();
    const dead: number[] = [];
    const m = new LivenessMonitor(
      clock,
      () => {
        throw new Error('socket closed');
      },
      (s) => dead.push(s),
    );
    m.start();
    await clock.advance(1500);
    expect(dead).toEqual([1500]);
  });

  it('probeNow uses the given deadline and stop() silences everything', async () => {
    const { clock, m, dead, probes } = monitor(() => false);
    m.start();
    m.probeNow(1000);
    expect(probes).toHaveLength(1);
    await clock.advance(999);
    expect(dead).toEqual([]);
    await clock.advance(1);
    expect(dead).toHaveLength(1);

    const second = monitor(() => false);
    second.m.start();
    second.m.stop();
    await second.clock.advance(60_000);
    expect(second.probes).toEqual([]);
    expect(second.dead).toEqual([]);
    expect(second.clock.pending()).toBe(0);
  });
});
