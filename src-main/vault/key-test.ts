// "Test key": a cheap signed call tells whether Tencent Cloud accepts the key, then a permission
// report tells which of the app's actions the key's CAM policy allows. The console and power
// actions are probed on an instance ID that does not exist, so nothing changes: a "not found"
// answer means CAM let the request through, an UnauthorizedOperation answer means it did not.
import { CloudError, type CvmClient } from '../cloud';
import {
  PROBED_ACTIONS,
  type KeyTestOutcome,
  type KeyTestReport,
  type PermissionCheck,
  type ProbedAction,
  type Verdict,
} from '../contract';

export { PROBED_ACTIONS };
export type { KeyTestOutcome, KeyTestReport, PermissionCheck, ProbedAction, Verdict };

/** Well-formed, and never issued: instance IDs are random, never all zeros. */
export const PROBE_INSTANCE_ID = 'ins-00000000';

/** Clock differences above this are worth telling, even though the client corrects for them. */
const CLOCK_WARNING_MS = 60_000;

export function isCamDenial(code: string): boolean {
  return (
    code === 'UnauthorizedOperation' ||
    code.startsWith('UnauthorizedOperation.') ||
    code === 'AuthFailure.UnauthorizedOperation'
  );
}

/** An answer about the instance itself: the request got past CAM. */
function passedCam(err: CloudError): boolean {
  return (
    err.kind === 'instance-gone' || err.kind === 'instance-stopped' || err.kind === 'instance-transitional'
  );
}

type Step = { ok: true } | { ok: false; error: CloudError };

async function step(call: () => Promise<unknown>): Promise<Step> {
  try {
    await call();
    return { ok: true };
  } catch (err) {
    if (err instanceof CloudError) return { ok: false, error: err };
    throw err;
  }
}

function verdictOf(s: Step): { verdict: Verdict; code?: string } {
  if (s.ok) return { verdict: 'allowed' };
  const { code } = s.error;
  if (isCamDenial(code)) return { verdict: 'denied', code };
  if (passedCam(s.error)) return { verdict: 'allowed', code };
  return { verdict: 'unknown', code };
}

/** A failure that ends the test: the key, the clock or the network. Undefined: keep going. */
function decisive(error: CloudError): KeyTestOutcome | undefined {
  if (isCamDenial(error.code)) return undefined; // the key was accepted, only the action denied
  if (error.code === 'CredentialsExpired') return 'expired';
  if (error.kind === 'auth') return 'refused';
  if (error.kind === 'clock') return 'clock';
  if (error.kind === 'network') return 'network';
  return undefined;
}

const ADVICE: Partial<Record<KeyTestOutcome, string>> = {
  clock: ' Let this computer set its clock automatically (network time), then test again.',
  network: ' Check the internet connection and any proxy, then test again.',
};

function minutes(ms: number): string {
  const m = Math.round(Math.abs(ms) / 60_000);
  return m <= 1 ? 'about a minute' : `about ${m} minutes`;
}

export async function testKey(
  client: CvmClient,
  region: string,
  now: () => number = Date.now,
): Promise<KeyTestReport> {
  const testedAt = now();
  const report = (
    outcome: KeyTestOutcome,
    message: string,
    extra: Partial<KeyTestReport> = {},
  ): KeyTestReport => ({
    outcome,
    message,
    region,
    testedAt,
    clockOffsetMs: client.clockOffsetMs(),
    permissions: [],
    ...extra,
  });
  const stop = (error: CloudError, outcome: KeyTestOutcome): KeyTestReport =>
    report(outcome, `${error.message}${ADVICE[outcome] ?? ''}`, { code: error.code });

  let accepted = false;
  let lastError: CloudError | undefined;
  for (const call of [() => client.describeRegions(), () => client.describeInstances({ region, limit: 1 })]) {
    const s = await step(call);
    if (s.ok || isCamDenial(s.error.code)) {
      accepted = true;
      continue;
    }
    const outcome = decisive(s.error);
    if (outcome) return stop(s.error, outcome);
    lastError = s.error;
  }
  if (!accepted) {
    const error = lastError as CloudError;
    return stop(error, 'failed');
  }

  const permissions = await probePermissions(client, region);
  const offset = client.clockOffsetMs();
  const clockNote =
    Math.abs(offset) > CLOCK_WARNING_MS
      ? ` This computer's clock is ${minutes(offset)} ${offset > 0 ? 'behind' : 'ahead of'} Tencent Cloud's;` +
        ' CVM Console corrects for it, but setting the clock right is better.'
      : '';
  return report('works', `Tencent Cloud accepts this key.${clockNote}`, { permissions });
}

async function probePermissions(client: CvmClient, region: string): Promise<PermissionCheck[]> {
  const ids = [PROBE_INSTANCE_ID];
  // Describing the probe ID both tests DescribeInstances and makes sure no such instance exists
  // before a power action is aimed at it.
  let probeExists: boolean | undefined;
  const describe = await step(async () => {
    const page = await client.describeInstances({ region, ids });
    probeExists = page.instances.length > 0;
  });
  const checks: PermissionCheck[] = [{ action: 'DescribeInstances', ...verdictOf(describe) }];
  const vnc = await step(() => client.describeInstanceVncUrl({ region, instanceId: PROBE_INSTANCE_ID }));
  checks.push({ action: 'DescribeInstanceVncUrl', ...verdictOf(vnc) });
  const power = [
    ['StartInstances', () => client.startInstances({ region, ids })],
    ['StopInstances', () => client.stopInstances({ region, ids })],
    ['RebootInstances', () => client.rebootInstances({ region, ids })],
  ] as const;
  // Aim a power action only where the probe ID surely names nothing: described as absent, or
  // not describable (CAM) — IDs are random and this one is never issued.
  const safe = probeExists === false || (!describe.ok && isCamDenial(describe.error.code));
  for (const [action, call] of power) {
    if (!safe) {
      checks.push({ action, verdict: 'unknown' });
      continue;
    }
    checks.push({ action, ...verdictOf(await step(call)) });
  }
  return checks;
}
