// The preload exposes exactly the contract's functions as `window.cvm.<namespace>.<method>` and
// `window.cvm.events.on<Event>`: each is bound to one channel; nothing generic (no raw invoke/send)
// crosses the bridge, and results are forwarded untouched (api.ts in the renderer unwraps them).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENT_NAMES, eventListenerName, splitChannel } from './contract';

const bridge: Record<string, Record<string, unknown>> = { events: {} };

for (const channel of CHANNELS) {
  const [namespace, method] = splitChannel(channel);
  (bridge[namespace] ??= {})[method] = (input: unknown) => ipcRenderer.invoke(channel, input);
}

for (const name of EVENT_NAMES) {
  bridge.events![eventListenerName(name)] = (listener: (payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(name, forward);
    return () => void ipcRenderer.removeListener(name, forward);
  };
}

contextBridge.exposeInMainWorld('cvm', bridge);
