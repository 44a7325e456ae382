// The renderer's side of the text worker: answers matched by id, pixels transferred, a worker that
// fails rejects what was waiting and is replaced on the next request.
import { describe, expect, it } from 'vitest';
import { TextClient } from '../../../../../src-renderer/console/text/text-client';
import type { TextWorkerPort } from '../../../../../src-renderer/console/text/text-client';
import { TextService } from '../../../../../src-renderer/console/text/text-service';
import type { TextRequest, TextResponse } from '../../../../../src-renderer/console/text/text-service';

// This folder is type-checked without the DOM lib: the event types come from the client's port.
type Transfers = Parameters<TextWorkerPort['postMessage']>[1];
type MessageArg = Parameters<NonNullable<TextWorkerPort['onmessage']>>[0];
type ErrorArg = Parameters<NonNullable<TextWorkerPort['onerror']>>[0];

/** A worker stand-in over the real TextService (as text-worker.ts wires it). */
function fakeWorker(log: { posted: TextRequest[]; transfers: Transfers[]; started: number }) {
  log.started++;
  const service = new TextService();
  const port: TextWorkerPort & { fail(message: string): void; terminated: boolean } = {
    onmessage: null,
    onerror: null,
    terminated: false,
    postMessage(message, transfer) {
      log.posted.push(message);
      log.transfers.push(transfer);
      void service
        .handle(message)
        .then((response: TextResponse) => port.onmessage?.({ data: response } as MessageArg));
    },
    terminate() {
      port.terminated = true;
    },
    fail(message) {
      port.onerror?.({ message, preventDefault: () => {} } as ErrorArg);
    },
  };
  return port;
}

describe('TextClient', () => {
  it('starts the worker on first use, transfers the pixels, and matches answers to requests', async () => {
    const log = { posted: [] as TextRequest[], transfers: [] as Transfers[], started: 0 };
    const client = new TextClient(() => fakeWorker(log));
    expect(log.started).toBe(0);
    const data = new Uint8ClampedArray(16 * 16 * 4);
    const [blank, lines] = await Promise.all([
      client.recognize('c1', { width: 16, height: 16, data }),
      client.search('c1', 'x'),
    ]);
    expect(blank.text).toBe('');
    expect(lines).toEqual([]);
    expect(log.started).toBe(1);
    expect(log.transfers[0]).toEqual([data.buffer]);
    expect(log.posted.map((r) => r.id)).toEqual([1, 2]);
    expect(await client.tail('c1', 10)).toEqual([]);
    expect(await client.exportText('c1')).toBe('');
  });

  it('passes the worker’s refusal on as an error', async () => {
    const log = { posted: [] as TextRequest[], transfers: [] as Transfers[], started: 0 };
    const client = new TextClient(() => fakeWorker(log));
    await expect(
      client.recognize('c1', { width: 2, height: 2, data: new Uint8ClampedArray(3) }),
    ).rejects.toThrow('RGBA bytes');
    await expect(client.tail('c1', -1)).rejects.toThrow('count must be an integer');
  });

  it('fails what was waiting when the worker dies, and starts a new one for the next request', async () => {
    const log = { posted: [] as TextRequest[], transfers: [] as Transfers[], started: 0 };
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = new TextClient(() => {
      const w = fakeWorker(log);
      // This one never answers: it dies instead.
      w.postMessage = (m, t) => void (log.posted.push(m), log.transfers.push(t));
      workers.push(w);
      return w;
    });
    const waiting = client.search('c1', 'x');
    workers[0]!.fail('could not load');
    await expect(waiting).rejects.toThrow('The text reader failed: could not load.');
    expect(workers[0]!.terminated).toBe(true);
    void client.search('c1', 'y').catch(() => {});
    expect(log.started).toBe(2);
    client.dispose();
  });
});
