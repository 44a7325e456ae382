// Start, Stop and Reboot on one instance or many: grouped per region, at most 100 ids per call
// (the API's limit), every call paced by the client's shared rate limiter (10/s per action).
//
// Never retried blindly (DESIGN.md §3): a call whose answer was lost (network, timeout, 5xx) may
// have run, so its instances are reported `unknown` and only their state is watched. A call that
// Tencent *refused* ran nothing. When the refusal is about one instance of a batch (it is stopped,
// busy, gone…), the others are sent again without it — a new request after a definite "no", not a
// retry of one that might have run — so every instance ends with its own outcome and the refusing
// one shows Tencent's own error (e.g. UnsupportedOperation.InstanceStateRunning).
import type { CvmClient, StopType, StoppedMode } from '../cloud';
import { CloudError } from '../cloud';
import { localError } from '../cloud/errors';
import type { PowerAction } from '../contract';

export type PowerClient = Pick<CvmClient, 'startInstances' | 'stopInstances' | 'rebootInstances'>;

export interface PowerRequest {
  action: PowerAction;
  targets: readonly { region: string; instanceId: string }[];
  /** Stop and Reboot: SOFT (shut down cleanly), HARD (cut the power), SOFT_FIRST (soft, then hard). */
  stopType?: StopType;
  /** Stop, pay-as-you-go instances: STOP_CHARGING stops billing the instance while it is stopped. */
  stoppedMode?: StoppedMode;
}

export interface InstanceOutcome {
  region: string;
  instanceId: string;
  outcome: 'accepted' | 'refused' | 'unknown';
  error?: CloudError;
}

export const IDS_PER_CALL = 100;

/** A refusal about the state or existence of an instance (so, of one instance of the batch). */
export function isInstanceRefusal(err: CloudError): boolean {
  return (
    err.kind === 'instance-transitional' ||
    err.kind === 'instance-stopped' ||
    err.kind === 'instance-gone' ||
    err.code.startsWith('UnsupportedOperation.') ||
    err.code.startsWith('OperationDenied.') ||
    err.code.startsWith('InvalidInstance')
  );
}

/** A failure after which the request may have run anyway: its answer was lost. */
function outcomeUnknown(err: CloudError): boolean {
  return err.kind === 'network' || err.kind === 'server';
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The instance ids of `batch` that Tencent's message names (it usually names the one at fault). */
function namedIn(err: CloudError, batch: readonly string[]): string[] {
  const named = new Set(err.message.match(/ins-[a-z0-9]{8}/g) ?? []);
  return batch.filter((id) => named.has(id));
}

export async function runPowerAction(
  client: PowerClient,
  request: PowerRequest,
  onOutcome: (outcomes: InstanceOutcome[]) => void = () => {},
): Promise<InstanceOutcome[]> {
  const byRegion = new Map<string, string[]>();
  for (const t of request.targets) {
    const ids = byRegion.get(t.region) ?? [];
    if (!ids.includes(t.instanceId)) ids.push(t.instanceId);
    byRegion.set(t.region, ids);
  }
  const all: InstanceOutcome[] = [];
  const report = (
    region: string,
    ids: readonly string[],
    outcome: InstanceOutcome['outcome'],
    error?: CloudError,
  ) => {
    const outcomes = ids.map((instanceId) => ({ region, instanceId, outcome, ...(error ? { error } : {}) }));
    all.push(...outcomes);
    onOutcome(outcomes);
  };

  function send(region: string, ids: string[]): Promise<unknown> {
    const input = { region, ids };
    switch (request.action) {
      case 'start':
        return client.startInstances(input);
      case 'stop':
        return client.stopInstances({
          ...input,
          ...(request.stopType ? { stopType: request.stopType } : {}),
          ...(request.stoppedMode ? { stoppedMode: request.stoppedMode } : {}),
        });
      case 'reboot':
        return client.rebootInstances({
          ...input,
          ...(request.stopType ? { stopType: request.stopType } : {}),
        });
    }
  }

  async function batch(region: string, ids: string[]): Promise<void> {
    let error: CloudError;
    try {
      await send(region, ids);
      report(region, ids, 'accepted');
      return;
    } catch (err) {
      error =
        err instanceof CloudError
          ? err
          : localError('internal', 'InternalError.Unexpected', 'cloud.error.server.unknown');
    }
    if (outcomeUnknown(error)) return report(region, ids, 'unknown', error);
    if (ids.length === 1 || !isInstanceRefusal(error)) return report(region, ids, 'refused', error);
    // One instance (or a few) refused the whole batch: pin the refusal on the ones Tencent names,
    // send the others again; when it names none, halve the batch until each refusal is pinned.
    const named = namedIn(error, ids);
    if (named.length > 0) {
      report(region, named, 'refused', error);
      const rest = ids.filter((id) => !named.includes(id));
      if (rest.length > 0) await batch(region, rest);
      return;
    }
    const half = Math.ceil(ids.length / 2);
    await Promise.all([batch(region, ids.slice(0, half)), batch(region, ids.slice(half))]);
  }

  await Promise.all(
    [...byRegion].flatMap(([region, ids]) => chunks(ids, IDS_PER_CALL).map((part) => batch(region, part))),
  );
  return all;
}
