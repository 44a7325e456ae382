// Click → first picture against a real desktop: TigerVNC's Xvnc at 1280×800 (the stipple root
// window) behind the demo gateway, the app beside a bare noVNC page given a fresh URL for the same
// instance, in the same rounds as a second bare noVNC sample (the noise pair).
//
// Xvnc sends its first update as several WebSocket messages (about 250 kB over tens of ms), so a
// picture counts only when the canvas equals the complete, settled picture (rule 'reference' of
// picture-detector.ts). Untimed validation rounds first prove that rule honest: on every frame they
// also compare every pixel with the reference, and note when the app's view says connected.
import { defineBenchmark } from './kit';
import { firstPictureBenchmarks, measureFirstPictures, medianWithCi, rounded } from './console-rig';
import type { FirstPictureSamples } from './console-rig';
import { startXvnc } from '../support/xvnc';

const INSTANCE = 'ins-demo0003';
const GEOMETRY = '1280x800';
const VALIDATION_ROUNDS = 4;

let shared: Promise<FirstPictureSamples> | undefined;

async function measure(root: string, quick: boolean): Promise<FirstPictureSamples> {
  const xvnc = await startXvnc({ geometry: GEOMETRY, retro: true });
  try {
    const samples = await measureFirstPictures({
      root,
      instanceId: INSTANCE,
      rule: 'reference',
      // The app's console URLs for the instance: 1 warm-up + validation + rounds, under main's 30 a minute.
      rounds: quick ? 3 : 20,
      validationRounds: quick ? 2 : VALIDATION_ROUNDS,
      prepare: (cloud) => cloud.setBackend(INSTANCE, { kind: 'tcp', host: '127.0.0.1', port: xvnc.port }),
    });
    const worst = Math.max(...samples.detectorVsFull);
    if (worst > 1) {
      throw new Error(
        `the picture rule and the every-pixel check disagree by ${worst} frames (at most 1 allowed)`,
      );
    }
    const diff = medianWithCi(samples.appMinusBare);
    const noise = medianWithCi(samples.noise);
    process.stderr.write(
      `\n  (Xvnc: app − bare median ${rounded(diff.median)} ms, 95 % CI ${rounded(diff.low)} … ${rounded(diff.high)}; ` +
        `noise ${rounded(noise.median)} ms, CI ${rounded(noise.low)} … ${rounded(noise.high)}; ` +
        `view connected − full picture, frames: ${samples.connectedVsFull.join(', ')})\n  `,
    );
    return samples;
  } finally {
    await xvnc.stop();
  }
}

const sharedRun = (root: string, quick: boolean) => (shared ??= measure(root, quick));

export default [
  ...firstPictureBenchmarks({
    prefix: 'console, Xvnc 1280×800: ',
    setting:
      `built app in Chromium, ${INSTANCE} pointed at a real TigerVNC Xvnc (${GEOMETRY}, -retro) behind the demo ` +
      'gateway (cap lifted to 1000 connects/min)',
    rule: 'the canvas equal to the complete settled picture (every 7th pixel of every 7th row)',
    samples: ({ root, quick }) => sharedRun(root, quick),
  }),
  defineBenchmark({
    name: "console, Xvnc 1280×800: app's first-frame signal minus picture seen",
    unit: 'ms',
    description:
      "per timed app sample: the console view's data-first-frame-ms (machine start → the first complete update " +
      'drawn) minus the click → picture time the watcher measured; ≈ 0 … −17 ms (one frame) when the signal is honest',
    run: async ({ root, quick }) => (await sharedRun(root, quick)).reportedMinusSeen,
  }),
  defineBenchmark({
    name: 'console, Xvnc 1280×800: picture rule vs every-pixel check',
    unit: 'frames',
    budget: 1,
    description:
      'validation rounds, app and bare noVNC: |animation frame at which the shrunk-copy rule held − frame at ' +
      'which every pixel equalled the reference|; the run fails above 1',
    run: async ({ root, quick }) => (await sharedRun(root, quick)).detectorVsFull,
  }),
  defineBenchmark({
    name: 'console, Xvnc 1280×800: view connected minus complete picture',
    unit: 'frames',
    description:
      "validation rounds, app: animation frame at which the console view's data-phase became connected minus " +
      'the frame at which every pixel equalled the reference (negative: the view said connected too early)',
    run: async ({ root, quick }) => (await sharedRun(root, quick)).connectedVsFull,
  }),
];
