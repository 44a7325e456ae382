// Every client action against every misbehaviour of a hostile API server on 127.0.0.1 (real fetch,
// real sockets): redirects to another origin, lying Date headers, a gzip bomb, endless and slow
// bodies, echoed secrets, oversized and wrongly shaped answers. Each call must end in the expected
// typed error (or a scrubbed success) within its timeout, memory must stay within 50 MB of where it
// started, nothing may reach the other origin, and no secret may appear in any error, result, log
// line, stdout or stderr.
import type { ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../../src-main/contract';
import {
  CloudError,
  createCvmClient,
  MAX_RETRIES,
  RateLimiterRegistry,
  type CvmClient,
} from '../../../src-main/cloud/index';
import { captureOutput, dump, findCanary, type OutputCapture } from './helpers/leak-check';
import {
  startHostileServer,
  trickle,
  writeForever,
  type HostileRequest,
  type HostileServer,
  type Misbehaviour,
} from './helpers/hostile-server';

const SECRET_KEY = 'HOSTILEsecretKEY0xC4n4ry99';
const TOKEN = 'HOSTILEstsTOKEN0xT0k3n77';
const CANARIES = [SECRET_KEY, TOKEN];
const CREDS = { secretId: 'AKIDhostile000000001', secretKey: SECRET_KEY, token: TOKEN };
const R = 'ap-guangzhou';
const ID = 'ins-r9hr2upy';
/** Per-attempt timeout: short where the server stalls (the timeout is what ends the call), generous elsewhere. */
const STALL_TIMEOUT_MS = 150;
const TIMEOUT_MS = 3000;
const MEMORY_LIMIT = 50 * 1024 * 1024;

type Action = (c: CvmClient) => Promise<unknown>;
const ACTIONS: Record<string, Action> = {
  describeRegions: (c) => c.describeRegions(),
  describeInstances: (c) => c.describeInstances({ region: R }),
  listAllInstances: (c) => c.listAllInstances({ region: R }),
  listInstancesEverywhere: async (c) => {
    const listings = [];
    for await (const listing of c.listInstancesEverywhere()) {
      if (!listing.ok) throw listing.error;
      listings.push(listing);
    }
    return listings;
  },
  describeInstanceVncUrl: (c) => c.describeInstanceVncUrl({ region: R, instanceId: ID }),
  startInstances: (c) => c.startInstances({ region: R, ids: [ID] }),
  stopInstances: (c) => c.stopInstances({ region: R, ids: [ID] }),
  rebootInstances: (c) => c.rebootInstances({ region: R, ids: [ID] }),
};
type ActionName = keyof typeof ACTIONS;

/** The most attempts one action can make: Describe* retry, and describeRegions has a fallback. */
function maxAttempts(action: ActionName): number {
  if (/^(start|stop|reboot)/.test(action)) return 1;
  const perCall = MAX_RETRIES + 1;
  return action === 'describeRegions' || action === 'listInstancesEverywhere' ? 2 * perCall : perCall;
}

// --- answers ------------------------------------------------------------------------------------

function json(res: ServerResponse, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const apiError =
  (code: string, message: string, requestId: string, headers: Record<string, string> = {}): Misbehaviour =>
  (_req, res) =>
    json(res, { Response: { Error: { Code: code, Message: message }, RequestId: requestId } }, headers);

/** A success of the right shape for the action, every string of it an echo of our secrets. */
function echoingSuccess(req: HostileRequest): Record<string, unknown> {
  const fields: Record<string, Record<string, unknown>> = {
    DescribeRegions: {
      TotalCount: 1,
      RegionSet: [{ Region: R, RegionName: `gz ${SECRET_KEY}`, RegionState: 'AVAILABLE' }],
    },
    DescribeInstances: {
      TotalCount: 1,
      InstanceSet: [{ InstanceId: ID, InstanceName: TOKEN, Tags: [{ Key: SECRET_KEY, Value: TOKEN }] }],
    },
    DescribeInstanceVncUrl: {
      InstanceVncUrl: encodeURIComponent(`wss://gzvnc.qcloud.com/vnc?s=${TOKEN}&password=${SECRET_KEY}`),
    },
  };
  return { Response: { ...(fields[req.action] ?? {}), RequestId: TOKEN } };
}

// 400 MB of zeros in about 420 kB: one 1 MB gzip member, 400 times (gzip allows concatenated members).
const GZIP_BOMB = Buffer.concat(Array<Buffer>(400).fill(gzipSync(Buffer.alloc(1 << 20), { level: 9 })));

type Expectation = { kind: ErrorKind; code: string } | 'scrubbed success';
interface Case {
  name: string;
  answer: (server: HostileServer) => Misbehaviour;
  expect: (action: ActionName) => Expectation;
  /** Run the actions one after the other: each may hold up to the 10 MB cap. */
  heavy?: boolean;
  /** The server stalls: only the client's timeout (STALL_TIMEOUT_MS) ends the call. */
  stalls?: boolean;
}

const all =
  (kind: ErrorKind, code: string): Case['expect'] =>
  () => ({ kind, code });
const malformed = all('server', 'MalformedResponse');
const DAY = 86_400_000;

const CASES: Case[] = [
  ...[301, 302, 303, 307, 308].map((status): Case => ({
    name: `HTTP ${status} to another origin`,
    answer: (server) => (_req, res) => {
      res.writeHead(status, { Location: `${server.elsewhere}/steal` });
      res.end();
    },
    expect: all('server', 'HttpRedirect'),
  })),
  {
    name: 'HTTP 302 with an API answer and no Location',
    answer: () => (req, res) => {
      res.writeHead(302, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(echoingSuccess(req)));
    },
    expect: all('server', 'HttpRedirect'),
  },
  ...[
    ['1900', 'Mon, 01 Jan 1900 00:00:00 GMT'],
    ['275760', 'Sat, 13 Sep 275760 00:00:00 GMT'],
    ['two days ahead', new Date(Date.now() + 2 * DAY).toUTCString()],
    ['garbage', 'the day after tomorrow'],
    ['an hour ahead, every time', new Date(Date.now() + 3_600_000).toUTCString()],
  ].map(([label, date]): Case => ({
    name: `SignatureExpire with Date ${label}`,
    answer: () => apiError('AuthFailure.SignatureExpire', 'expired', crypto.randomUUID(), { Date: date! }),
    expect: all('clock', 'AuthFailure.SignatureExpire'),
  })),
  {
    name: 'a gzip bomb (420 kB → 400 MB)',
    heavy: true,
    answer: () => (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(GZIP_BOMB);
    },
    expect: all('server', 'ResponseTooLarge'),
  },
  {
    name: 'an endless body',
    heavy: true,
    answer: () => (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"Response":{"RequestId":"');
      writeForever(res, Buffer.alloc(64 * 1024, 'a'));
    },
    expect: all('server', 'ResponseTooLarge'),
  },
  {
    name: 'a Content-Length of 1 TB',
    answer: () => (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(1e12) });
      res.write('{"Response":');
    },
    expect: all('server', 'ResponseTooLarge'),
  },
  {
    name: 'a body that trickles one byte every 50 ms',
    stalls: true,
    answer: () => (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      trickle(res, 50);
    },
    expect: all('network', 'RequestTimeout'),
  },
  {
    name: 'no answer at all',
    stalls: true,
    answer: () => () => {},
    expect: all('network', 'RequestTimeout'),
  },
  {
    name: 'a body shorter than its Content-Length, then hang-up',
    answer: () => (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"Response":', () => res.destroy());
    },
    expect: all('network', 'NetworkError'),
  },
  {
    name: 'the STS token as Error.Code and RequestId, the SecretKey as Message',
    answer: () => apiError(TOKEN, SECRET_KEY, TOKEN),
    expect: all('server', 'InvalidErrorCode'),
  },
  {
    name: 'the SecretKey inside a plausible Error.Code',
    answer: () => apiError(`AuthFailure.${SECRET_KEY}`, `${TOKEN}`, crypto.randomUUID()),
    expect: all('server', 'InvalidErrorCode'),
  },
  {
    name: 'a 1 MB Error.Code and a 1 MB RequestId',
    heavy: true,
    answer: () => apiError(`A${'a'.repeat(1 << 20)}`, 'x'.repeat(1 << 20), 'r'.repeat(1 << 20)),
    expect: all('server', 'InvalidErrorCode'),
  },
  {
    name: 'secrets echoed in every string of a well-shaped success',
    answer: () => (req, res) => json(res, echoingSuccess(req)),
    expect: () => 'scrubbed success',
  },
  {
    name: 'HTTP 500 quoting the secrets',
    answer: () => (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`boom ${SECRET_KEY} ${TOKEN}`);
    },
    expect: all('server', 'HttpStatus.500'),
  },
  {
    name: 'a 5 MB console URL (other actions: a 5 MB field they ignore)',
    heavy: true,
    answer: () => (req, res) =>
      json(res, {
        Response: {
          ...(echoingSuccess(req)['Response'] as object),
          InstanceVncUrl: `wss://gzvnc.qcloud.com/vnc?s=${'A'.repeat(5 << 20)}`,
        },
      }),
    expect: (action) =>
      action === 'describeInstanceVncUrl'
        ? { kind: 'server', code: 'UnexpectedConsoleUrl' }
        : 'scrubbed success',
  },
  {
    name: 'HTML instead of JSON',
    answer: () => (_q, res) => json(res, '<html>hi</html>'),
    expect: malformed,
  },
  { name: 'an empty body', answer: () => (_q, res) => json(res, ''), expect: malformed },
  { name: 'JSON null', answer: () => (_q, res) => json(res, 'null'), expect: malformed },
  { name: 'Response as an array', answer: () => (_q, res) => json(res, { Response: [] }), expect: malformed },
  {
    name: 'RequestId as a number',
    answer: () => (_q, res) => json(res, { Response: { RequestId: 7 } }),
    expect: malformed,
  },
  {
    name: 'Error.Code as an object',
    answer: () => (_q, res) => json(res, { Response: { Error: { Code: { a: 1 } }, RequestId: TOKEN } }),
    expect: malformed,
  },
  {
    name: 'JSON nested a million levels deep',
    answer: () => (_q, res) => json(res, `${'['.repeat(1e6)}${']'.repeat(1e6)}`),
    expect: malformed,
  },
  {
    name: 'fields of the wrong type for the action',
    answer: () => (req, res) =>
      json(res, {
        Response: {
          RequestId: crypto.randomUUID(),
          RegionSet: 'none',
          TotalCount: -1,
          InstanceSet: { a: 1 },
          InstanceVncUrl: 42,
          // Start/Stop/Reboot read nothing but the RequestId: give them a broken envelope instead.
          ...(/^(Start|Stop|Reboot)/.test(req.action) ? { Error: 'yes' } : {}),
        },
      }),
    expect: malformed,
  },
];

// --- the run ------------------------------------------------------------------------------------

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Outcome {
  action: ActionName;
  client: CvmClient;
  ms: number;
  error?: CloudError;
  thrown?: unknown;
  value?: unknown;
}

async function runAction(
  server: HostileServer,
  action: ActionName,
  capture: OutputCapture,
  timeoutMs: number,
): Promise<Outcome> {
  const client = createCvmClient({
    credentials: async () => CREDS,
    endpoint: server.endpoint,
    timeoutMs,
    sleep: async () => {},
    rateLimiter: new RateLimiterRegistry({ clock: () => 0, sleep: async () => {} }),
  });
  const started = performance.now();
  try {
    const value = await ACTIONS[action]!(client);
    // Log the result as a careless caller might: the log must still hold no secret.
    capture.log.info({ action, value }, 'hostile result');
    return { action, client, ms: performance.now() - started, value };
  } catch (err) {
    capture.log.error({ action, err }, 'hostile error');
    return err instanceof CloudError
      ? { action, client, ms: performance.now() - started, error: err }
      : { action, client, ms: performance.now() - started, thrown: err };
  }
}

describe('the client against a hostile API server', () => {
  let server: HostileServer;
  let capture: OutputCapture;
  const seen: string[] = [];

  beforeAll(async () => {
    server = await startHostileServer();
    capture = captureOutput();
  });
  afterAll(async () => {
    capture?.stop();
    await server?.close();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    server.misbehave = c.answer(server);
    const reachedElsewhere = server.elsewhereLog.length;
    gc();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    const names = Object.keys(ACTIONS) as ActionName[];
    const timeoutMs = c.stalls ? STALL_TIMEOUT_MS : TIMEOUT_MS;
    const outcomes: Outcome[] = [];
    try {
      // One heavy answer at a time, collected before the next: what one answer can cost.
      if (c.heavy) {
        for (const a of names) {
          outcomes.push(await runAction(server, a, capture, timeoutMs));
          gc();
        }
      } else
        outcomes.push(...(await Promise.all(names.map((a) => runAction(server, a, capture, timeoutMs)))));
    } finally {
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage.rss());
    }

    for (const o of outcomes) {
      const expected = c.expect(o.action);
      const where = `${c.name} / ${o.action}`;
      expect(o.thrown, `${where}: threw something that is not a CloudError`).toBeUndefined();
      if (expected === 'scrubbed success') {
        expect(o.error, `${where}: ${o.error?.code}`).toBeUndefined();
      } else {
        expect(o.error, `${where}: resolved instead of failing`).toBeInstanceOf(CloudError);
        expect({ kind: o.error?.kind, code: o.error?.code }, where).toEqual(expected);
        // Bounded: a short message, nothing of a 1 MB server string.
        expect(JSON.stringify(o.error).length + o.error!.message.length, where).toBeLessThan(1500);
      }
      expect(o.ms, `${where}: took ${Math.round(o.ms)} ms`).toBeLessThan(
        maxAttempts(o.action) * timeoutMs + 2000,
      );
      seen.push(dump(o.error ?? o.value));
    }
    expect(
      peak - baseline,
      `${c.name}: memory grew by ${((peak - baseline) / 1048576).toFixed(1)} MB`,
    ).toBeLessThan(MEMORY_LIMIT);
    // Nothing, not even a GET without our headers, went to the other origin.
    expect(server.elsewhereLog.slice(reachedElsewhere)).toEqual([]);

    // Bad answers change nothing: once the server behaves, every one of these clients works.
    server.misbehave = (_req, res) => json(res, { Response: { RequestId: crypto.randomUUID() } });
    for (const o of outcomes) {
      await expect(
        o.client.startInstances({ region: R, ids: [ID] }),
        `${c.name} / ${o.action}: afterwards`,
      ).resolves.toMatchObject({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    }
  });

  it('no secret appears in any error, result, log line, stdout or stderr', async () => {
    expect(seen.length).toBe(CASES.length * Object.keys(ACTIONS).length);
    const haystack = [...seen, await capture.text()].join('\n');
    // The log really was written, and the echoed secrets really were there to be scrubbed.
    expect(haystack).toContain('hostile error');
    expect(haystack).toContain('***');
    expect(findCanary(haystack, CANARIES)).toBeUndefined();
  });
});
