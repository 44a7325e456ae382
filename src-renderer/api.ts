// The typed client over window.cvm — the only file in the renderer that touches the bridge. Its
// shape is derived from the contract like the preload's: `api.<namespace>.<method>(input)` for
// every channel, resolving to the channel's result or throwing an EnvelopeError
// (src-main/common/errors.ts) with the error envelope; `api.events` is the bridge's own.
import type { Channel, ChannelInput, ChannelOutput, CvmBridge, IpcResult } from '../src-main/contract';
import { EnvelopeError } from '../src-main/common/errors';

type Namespace = Exclude<keyof CvmBridge, 'events'>;
type Method<C extends Channel, N extends string> = C extends `${N}:${infer M}` ? M : never;
/** A channel whose argument may be undefined takes no argument. */
type Call<C extends Channel> =
  undefined extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<ChannelOutput<C>>
    : (input: ChannelInput<C>) => Promise<ChannelOutput<C>>;

export type Api = { [N in Namespace]: { [C in Channel as Method<C, N>]: Call<C> } } & {
  events: CvmBridge['events'];
};

function bridge(): CvmBridge {
  const cvm = window.cvm;
  if (!cvm) {
    throw new EnvelopeError(
      'internal',
      'NoBridge',
      'CVM Console must run inside its own window: the bridge to the main process is missing.',
    );
  }
  return cvm;
}

async function unwrap(call: Promise<IpcResult<unknown>>): Promise<unknown> {
  const result = await call;
  if (result.ok) return result.value;
  throw EnvelopeError.from(result.error);
}

type BridgeFunction = (input: unknown) => Promise<IpcResult<unknown>>;

// Looked up on each call, so the bridge may be installed after this module loads (tests do).
export const api = new Proxy({} as Api, {
  get: (_, namespace: string) =>
    namespace === 'events'
      ? bridge().events
      : new Proxy(
          {},
          {
            get: (__, method: string) => (input?: unknown) => {
              const fn = (bridge() as unknown as Record<string, Record<string, BridgeFunction>>)[namespace]?.[
                method
              ];
              if (!fn)
                throw new EnvelopeError('internal', 'NoChannel', `The bridge has no ${namespace}:${method}.`);
              return unwrap(fn(input));
            },
          },
        ),
});
