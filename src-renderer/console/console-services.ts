// What a console needs from the main process, as one injectable object: the app passes `api`,
// component tests pass fakes. Keeps the session free of the bridge.
import type { InstanceRef, IssuedConsoleUrl } from '../../src-main/contract';
import { api } from '../api';

export interface ConsoleServices {
  issueUrl(ref: InstanceRef): Promise<IssuedConsoleUrl>;
  instanceState(ref: InstanceRef): Promise<string>;
  startInstance(ref: InstanceRef): Promise<void>;
  openWebConsole(ref: InstanceRef): Promise<void>;
  /** Where the screenshot was saved; null when the user cancelled the dialog. */
  saveScreenshot(suggestedName: string, pngBase64: string): Promise<string | null>;
  copyScreenshot(pngBase64: string): Promise<boolean>;
  /** Where the transcript (.txt) was saved; null when the user cancelled the dialog. */
  saveTranscript(suggestedName: string, text: string): Promise<string | null>;
  /** Shows a file saved by saveScreenshot in the system's file manager. */
  showInFolder(path: string): Promise<void>;
  /** Puts text on the system clipboard (Copy diagnostics, Copy details). */
  copyText(text: string): Promise<void>;
  /** Tells main's log how a link ended (fire and forget: logging never disturbs the console). */
  reportLink(
    ref: InstanceRef,
    report: { event: 'closed' | 'security-failure'; code?: number; wasClean?: boolean },
  ): void;
  /** Subscribes to system resume (wake from sleep); returns the unsubscribe function. */
  onSystemResume(listener: () => void): () => void;
  /** Subscribes to the gateway's refusals of console handshakes (HTTP status, by instance). */
  onHandshakeRefused(listener: (refusal: { ref: InstanceRef; status: number }) => void): () => void;
}

export const appConsoleServices: ConsoleServices = {
  issueUrl: (ref) => api.console.issueUrl(ref),
  instanceState: async (ref) => (await api.instances.get(ref)).state,
  startInstance: async (ref) => void (await api.instances.start(ref)),
  openWebConsole: async (ref) => void (await api.console.openWebConsole(ref)),
  saveScreenshot: async (name, png) => {
    const result = await api.console.saveScreenshot({ suggestedName: name, pngBase64: png });
    return result.saved ? (result.path ?? '') : null;
  },
  saveTranscript: async (name, text) => {
    const result = await api.console.saveTranscript({ suggestedName: name, text });
    return result.saved ? (result.path ?? '') : null;
  },
  copyScreenshot: async (png) => (await api.console.copyScreenshot({ pngBase64: png })).copied,
  showInFolder: async (path) => void (await api.console.showInFolder({ path })),
  copyText: async (text) => void (await api.console.copyText({ text })),
  reportLink: (ref, report) => void api.console.report({ ref, ...report }).catch(() => {}),
  onSystemResume: (listener) => api.events.onResume(() => listener()),
  onHandshakeRefused: (listener) => api.events.onHandshake(listener),
};
