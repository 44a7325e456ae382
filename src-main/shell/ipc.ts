// Registers every contract channel on ipcMain through one wrapper: it checks the sender frame,
// then hands the raw argument to the shared dispatcher (schema parse + error envelope).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type HandlerTable, type IpcResult } from '../contract';
import { dispatch } from '../ipc/dispatch';
import type { InternalErrorLog } from '../ipc/errors';
import { isTrustedSender } from './security-policy';
import { ENGLISH } from '../../i18n/translator';

export function registerIpcHandlers(
  ipcMain: IpcMain,
  handlers: HandlerTable,
  origins: readonly string[],
  log: InternalErrorLog,
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(
      channel,
      async (event: IpcMainInvokeEvent, input: unknown): Promise<IpcResult<unknown>> => {
        if (!isTrustedSender(event.senderFrame, origins)) {
          return {
            ok: false,
            error: {
              kind: 'forbidden',
              code: 'UntrustedSender',
              message: ENGLISH.t('ipc.untrustedSender'),
              messageKey: 'ipc.untrustedSender',
            },
          };
        }
        return dispatch(handlers, channel, input, log, { sender: event.sender.id });
      },
    );
  }
}
