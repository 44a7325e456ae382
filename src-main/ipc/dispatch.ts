// Runs one IPC call against the handler table: parse the argument with the contract's schema,
// call the handler, and turn every outcome into an IpcResult. No Electron here, so the app's
// ipcMain wrapper, the unit tests and the e2e bridge all go through exactly this code.
import { CHANNELS, contract, type Channel, type HandlerTable, type IpcResult } from '../contract';
import { toErrorEnvelope, invalidInput } from './errors';

const channelSet = new Set<string>(CHANNELS);

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && channelSet.has(name);
}

export async function dispatch(
  handlers: HandlerTable,
  channel: unknown,
  rawInput: unknown,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: invalidInput(
        'UnknownChannel',
        `There is no IPC channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`,
      ),
    };
  }
  const parsed = contract[channel].input.safeParse(rawInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      error: invalidInput(
        'InvalidArgument',
        `Bad argument for ${channel}${where}: ${issue?.message ?? 'invalid'}.`,
      ),
    };
  }
  try {
    // The table is keyed by channel; TypeScript cannot correlate the parsed input with the key here.
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorEnvelope(err) };
  }
}
