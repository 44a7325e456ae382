// "Test key": a cheap signed call tells whether Tencent Cloud accepts the key, then a permission
// report tells which of the app's actions the key's CAM policy allows. The console and power
// actions are probed on an instance ID that does not exist, so nothing changes: a "not found"
// answer means CAM let the request through, an UnauthorizedOperation answer means it did not.
import { CloudError, type CvmClient } from '../cloud';
import { keyed, type KeyedText } from '../common/keyed-text';
import { ENGLISH } from '../../i18n/translator';
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

/** What to do next, for the outcomes where the user can do something. */
function adviceFor(outcome: KeyTestOutcome): KeyedText | undefined {
  if (outcome === 'clock') return keyed('testReport.advice.clock');
  if (outcome === 'network') return keyed('testReport.advice.network');
  return undefined;
}

/** The note about a clock more than a minute off (the client corrects for it). */
export function clockNote(offsetMs: number): KeyedText | undefined {
  if (Math.abs(offsetMs) <= CLOCK_WARNING_MS) return undefined;
  const count = Math.max(1, Math.round(Math.abs(offsetMs) / 60_000));
  return offsetMs > 0
    ? keyed('testReport.clockBehind', { count })
    : keyed('testReport.clockAhead', { count });
}

/** English, for the report's `message` (the log); the window words it from its keys. */
function english(text: KeyedText): string {
  return ENGLISH.word(text) ?? text.key;
}

export async function testKey(
  client: CvmClient,
  region: string,
  now: () => number = Date.now,
): Promise<KeyTestReport> {
  const testedAt = now();
  const report = (
    outcome: KeyTestOutcome,
    text: {
      message: string;
      messageKey: string;
      messageParams?: KeyTestReport['messageParams'];
      detail?: string;
    },
    note: KeyedText | undefined,
    extra: Partial<KeyTestReport> = {},
  ): KeyTestReport => ({
    outcome,
    ...text,
    message: note ? `${text.message} ${english(note)}` : text.message,
    ...(note ? { note } : {}),
    region,
    testedAt,
    clockOffsetMs: client.clockOffsetMs(),
    permissions: [],
    ...extra,
  });
  const stop = (error: CloudError, outcome: KeyTestOutcome): KeyTestReport =>
    report(
      outcome,
      {
        message: error.message,
        messageKey: error.messageKey,
        ...(error.messageParams ? { messageParams: error.messageParams } : {}),
        ...(error.detail ? { detail: error.detail } : {}),
      },
      adviceFor(outcome),
      { code: error.code },
    );

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
  const accepts = keyed('testReport.accepted');
  return report(
    'works',
    { message: english(accepts), messageKey: accepts.key },
    clockNote(client.clockOffsetMs()),
    { permissions },
  );
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
