// Runs one IPC call against the handler table: parse the argument with the contract's schema,
// call the handler, and turn every outcome into an IpcResult. No Electron here, so the app's
// ipcMain wrapper, the unit tests and the e2e bridge all go through exactly this code.
import type { z } from 'zod';
import {
  CHANNELS,
  contract,
  type CallContext,
  type Channel,
  type HandlerTable,
  type IpcResult,
} from '../contract';
import { boundText, toErrorEnvelope } from '../common/errors';
import { invalidInput, loggedInternalError, quoteName, type InternalErrorLog } from './errors';

const channelSet = new Set<string>(CHANNELS);

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && channelSet.has(name);
}

/**
 * `log` receives internal errors (anything a handler throws that is not an envelope), redacted,
 * under the id the returned message names. `context` names the calling window (main knows it from
 * the IPC event; the renderer cannot claim one).
 */
export async function dispatch(
  handlers: HandlerTable,
  channel: unknown,
  rawInput: unknown,
  log: InternalErrorLog,
  context?: CallContext,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    const name = typeof channel === 'string' ? quoteName(channel) : `of type ${typeof channel}`;
    return { ok: false, error: invalidInput('UnknownChannel', `There is no IPC channel named ${name}.`) };
  }
  const parsed = contract[channel].input.safeParse(rawInput);
  if (!parsed.success) {
    return {
      ok: false,
      error: invalidInput(
        'InvalidArgument',
        `Bad argument for ${channel}: ${describeIssue(parsed.error.issues[0])}.`,
      ),
    };
  }
  try {
    // The table is keyed by channel; TypeScript cannot correlate the parsed input with the key here.
    const handler = handlers[channel] as (input: unknown, context?: CallContext) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data, context) };
  } catch (err) {
    return { ok: false, error: toErrorEnvelope(err, loggedInternalError(log, { channel })) };
  }
}

/**
 * One schema issue in words. Keys and paths come from the caller, so they are quoted short and
 * sanitised; zod's own message for unknown keys would echo them whole.
 */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  const path = issue.path
    .slice(0, 4)
    .map((p) => (typeof p === 'number' ? String(p) : quoteName(String(p), 24)));
  const where = path.length > 0 ? `at ${path.join('.')}${issue.path.length > 4 ? '…' : ''}: ` : '';
  if (issue.code === 'unrecognized_keys') {
    const [first] = issue.keys;
    const more = issue.keys.length > 1 ? ` and ${issue.keys.length - 1} more` : '';
    return `${where}unknown key ${quoteName(first ?? '')}${more}`;
  }
  return `${where}${boundText(issue.message, 120)}`;
}
