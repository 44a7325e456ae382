// A hostile "Tencent Cloud API" on 127.0.0.1: every request is answered by the misbehaviour the
// test sets (redirects, lying dates, gzip bombs, endless and slow bodies, echoed secrets, wrong
// shapes). A second server on another port stands for "another origin" and records whatever
// reaches it: a redirect followed would show up there.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileRequest {
  action: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers one request; may write slowly or forever (stop when `res` closes). */
export type Misbehaviour = (req: HostileRequest, res: ServerResponse) => void | Promise<void>;

export interface HostileServer {
  /** `http://127.0.0.1:PORT`: the API endpoint to give the client. */
  endpoint: string;
  /** Another origin (a different port): where redirects point. */
  elsewhere: string;
  /** Every request that reached the other origin, with its headers. */
  elsewhereLog: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  misbehave: Misbehaviour;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startHostileServer(): Promise<HostileServer> {
  const state = {
    elsewhereLog: [] as HostileServer['elsewhereLog'],
    misbehave: (() => {}) as Misbehaviour,
  };
  const api = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        action: String(req.headers['x-tc-action'] ?? ''),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      Promise.resolve(state.misbehave(request, res)).catch(() => res.destroy());
    });
  });
  // Whatever reaches the other origin answers like a happy API that echoes the token it was sent.
  const other = createServer((req, res) => {
    state.elsewhereLog.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const echoed = String(req.headers['x-tc-token'] ?? 'none');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        Response: {
          RequestId: echoed,
          TotalCount: 0,
          InstanceSet: [],
          RegionSet: [],
          InstanceVncUrl: `wss://gzvnc.qcloud.com/vnc?s=${echoed}`,
        },
      }),
    );
  });
  const endpoint = await listen(api);
  const elsewhere = await listen(other);
  return {
    endpoint,
    elsewhere,
    get elsewhereLog() {
      return state.elsewhereLog;
    },
    get misbehave() {
      return state.misbehave;
    },
    set misbehave(m: Misbehaviour) {
      state.misbehave = m;
    },
    close: async () => {
      await Promise.all([stop(api), stop(other)]);
    },
  };
}

/** Writes `chunk` until the client goes away, respecting backpressure. */
export function writeForever(res: ServerResponse, chunk: Buffer): void {
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk)) {
      /* keep filling until the socket's buffer is full */
    }
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

/** Writes one byte every `everyMs` until the client goes away. */
export function trickle(res: ServerResponse, everyMs: number): void {
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else res.write(' ');
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}
