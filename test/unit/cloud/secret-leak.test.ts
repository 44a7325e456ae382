// Runs the client through every scenario of the other suites — success, each retry path, each
// error kind, hostile servers that echo secrets back in messages, codes and RequestIds, a redirect
// to another origin — with recognisable secrets, both directly and through the app's real IPC
// handlers and console broker. Then greps every output channel (console.*, stdout, stderr, the
// pino log file), every thrown error with all its properties and stack, every IPC envelope and
// result, and every request another origin received. The console URL's token and password may
// reach one place only: the successful console:issueUrl answer for the window.
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import type { Session } from 'electron';
import { createCvmClient, RateLimiterRegistry } from '../../../src-main/cloud/index';
import type { CvmClient, CvmClientOptions } from '../../../src-main/cloud/index';
import { buildHandlers } from '../../../src-main/handlers';
import { dispatch } from '../../../src-main/ipc/dispatch';
import { Profiles } from '../../../src-main/vault/profiles';
import { createConsoleUrlBroker } from '../../../src-main/console/url-broker';
import { installConsoleLinkLogging } from '../../../src-main/shell/console-link-log';
import type { Channel } from '../../../src-main/contract';
import { fakeServices } from '../../support/fake-services';
import { apiErr, apiOk, fakeFetch } from './helpers/fake-fetch';
import type { RecordedRequest, Reply } from './helpers/fake-fetch';
import { startSignedApiServer } from './helpers/signed-api-server';
import type { SignedApiServer } from './helpers/signed-api-server';
import { startHostileServer, type HostileServer } from './helpers/hostile-server';
import { captureOutput, dump, findCanary, type OutputCapture } from './helpers/leak-check';

const SECRET_KEY = 'CANARYsecretKEY0x5eC7e7';
const TOKEN = 'CANARYstsTOKEN0x70Ken';
const VNC_TOKEN = 'CANARYvncTOKEN0xVnc';
const VNC_PASSWORD = 'CANARYvncPASSWORD0xPw';
const SECRET_ID = 'AKIDcanary0000000001';
/** Never anywhere, not even in what the window receives. */
const KEY_CANARIES = [SECRET_KEY, TOKEN];
/** Only in the successful console URL handed to the window. */
const CONSOLE_CANARIES = [VNC_TOKEN, VNC_PASSWORD];
const CREDS = { secretId: SECRET_ID, secretKey: SECRET_KEY, token: TOKEN };
const ID = 'ins-r9hr2upy';
const R = 'ap-guangzhou';
const REF = { profileId: 'canary', region: R, instanceId: ID };
const SERVER_DATE = new Date(Date.now() + 3_600_000).toUTCString();
const CONSOLE_URL = `wss://gzvnc.qcloud.com:26789/vnc?s=${VNC_TOKEN}&password=${VNC_PASSWORD}&isWindows=false`;
const echo = `secret=${SECRET_KEY} token=${TOKEN}`;
const escapedToken = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

/** One way into the client: called directly, and through the IPC channel the window uses, if any. */
interface Route {
  direct: (c: CvmClient) => Promise<unknown>;
  ipc?: [Channel, unknown];
}
const vnc: Route = {
  direct: (c) => c.describeInstanceVncUrl({ region: R, instanceId: ID }),
  ipc: ['console:issueUrl', REF],
};
const listRegion: Route = {
  direct: (c) => c.listAllInstances({ region: R }),
  ipc: ['instances:list', { profileId: REF.profileId, region: R }],
};
const start: Route = {
  direct: (c) => c.startInstances({ region: R, ids: [ID] }),
  ipc: ['instances:start', REF],
};
const get: Route = {
  direct: (c) => c.describeInstances({ region: R, ids: [ID] }),
  ipc: ['instances:get', REF],
};
const everywhere: Route = {
  direct: async (c) => {
    const out = [];
    for await (const l of c.listInstancesEverywhere({ regions: [R, 'ap-seoul'] }))
      out.push(l.ok ? l : l.error);
    return out;
  },
  ipc: ['instances:list', { profileId: REF.profileId }],
};
const regions: Route = { direct: (c) => c.describeRegions() };
const stop: Route = { direct: (c) => c.stopInstances({ region: R, ids: [ID] }) };

// [name, reply script, route, extra options]
const FAKE_SCENARIOS: Array<
  [string, (req: RecordedRequest, n: number) => Reply, Route, Partial<CvmClientOptions>?]
> = [
  ['success: a console URL carrying the console canaries', () => apiOk({ InstanceVncUrl: CONSOLE_URL }), vnc],
  [
    'success: a percent-encoded console URL',
    () => apiOk({ InstanceVncUrl: encodeURIComponent(CONSOLE_URL) }),
    vnc,
  ],
  ['auth failure echoing secrets', () => apiErr('AuthFailure.SignatureFailure', echo), vnc],
  ['token failure echoing secrets', () => apiErr('AuthFailure.TokenFailure', echo), start],
  ['unknown code echoing secrets', () => apiErr('FailedOperation.Weird', echo), start],
  ['the SecretKey as Error.Code', () => apiErr(SECRET_KEY, 'x'), vnc],
  ['the STS token as Error.Code', () => apiErr(TOKEN, 'x'), start],
  ['the STS token inside Error.Code', () => apiErr(`AuthFailure.${TOKEN}`, 'x'), get],
  ['the STS token as the RequestId of an error', () => apiErr('InternalError', 'x', TOKEN), start],
  ['the SecretKey as the RequestId of a success', () => apiOk({}, SECRET_KEY), start],
  [
    'the STS token as the RequestId of a console URL',
    () => apiOk({ InstanceVncUrl: CONSOLE_URL }, TOKEN),
    vnc,
  ],
  [
    'the STS token JSON-escaped in Error.Message',
    () => ({
      text: `{"Response":{"Error":{"Code":"InternalError","Message":"${escapedToken}"},"RequestId":"x"}}`,
    }),
    start,
  ],
  [
    'the SecretKey as an instance name and tag',
    () =>
      apiOk({
        TotalCount: 1,
        InstanceSet: [
          { InstanceId: ID, InstanceName: SECRET_KEY, Tags: [{ Key: TOKEN, Value: SECRET_KEY }] },
        ],
      }),
    listRegion,
  ],
  ['throttled ×4', () => apiErr('RequestLimitExceeded', echo), start],
  ['internal error ×4', () => apiErr('InternalError', echo), vnc],
  ['clock skew twice', () => apiErr('AuthFailure.SignatureExpire', echo, 'r', { Date: SERVER_DATE }), start],
  [
    'a Date of 1900',
    () => apiErr('AuthFailure.SignatureExpire', echo, 'r', { Date: 'Mon, 01 Jan 1900 00:00:00 GMT' }),
    start,
  ],
  ['clock skew without Date', () => apiErr('AuthFailure.SignatureExpire', echo), start],
  ['instance stopped', () => apiErr('UnsupportedOperation.InstanceStateStopped', echo), vnc],
  ['malformed JSON with secret', () => ({ text: `{"Response": "${SECRET_KEY}` }), vnc],
  ['wrong type with secret', () => apiOk({ InstanceVncUrl: { key: SECRET_KEY, token: TOKEN } }), vnc],
  ['HTTP 500 with secret', () => ({ status: 500, text: echo }), start],
  ['HTTP 404 with secret', () => ({ status: 404, text: echo }), vnc],
  [
    'HTTP 302 with secret',
    () => ({ status: 302, headers: { Location: `https://x/${TOKEN}` }, text: echo }),
    vnc,
  ],
  ['network error mentioning secret', () => ({ networkError: `ECONNRESET ${SECRET_KEY}` }), vnc],
  ['network error code', () => ({ networkError: 'ECONNREFUSED' }), listRegion],
  ['timeout', () => ({ hang: true }), start, { timeoutMs: 5 }],
  [
    'console URL off the allowlist',
    () => apiOk({ InstanceVncUrl: `wss://${VNC_TOKEN}.evil.example/vnc?s=${VNC_TOKEN}` }),
    vnc,
  ],
  [
    'console URL over ws:',
    () => apiOk({ InstanceVncUrl: encodeURIComponent(`ws://gzvnc.qcloud.com/vnc?s=${VNC_TOKEN}`) }),
    vnc,
  ],
  [
    'console URL with a fragment',
    () => apiOk({ InstanceVncUrl: `wss://gzvnc.qcloud.com/vnc?s=${VNC_TOKEN}#${VNC_PASSWORD}` }),
    vnc,
  ],
  [
    'console URL badly encoded',
    () => apiOk({ InstanceVncUrl: `wss%3A%2F%2Fgzvnc.qcloud.com%2Fvnc%3Fs%3D${VNC_TOKEN}%E0%A4%A` }),
    vnc,
  ],
  [
    'paging with a failing page',
    (req) =>
      req.json['Offset'] === 0 ? apiOk({ TotalCount: 300, InstanceSet: [] }) : apiErr('InternalError', echo),
    listRegion,
  ],
  ['regions fallback failing', () => apiErr('UnauthorizedOperation', echo), regions],
  ['everywhere with failures', () => apiErr('UnsupportedRegion', echo), everywhere],
  [
    'credentials provider throws with the secret',
    () => apiOk({}),
    start,
    {
      credentials: async () => {
        throw new Error(`keychain said ${SECRET_KEY} ${TOKEN}`);
      },
    },
  ],
  [
    'credentials with a bad character',
    () => apiOk({}),
    start,
    {
      credentials: async () => ({ secretId: SECRET_ID, secretKey: `${SECRET_KEY}\n`, token: `${TOKEN} x` }),
    },
  ],
  ['invalid input', () => apiOk({}), { direct: (c) => c.stopInstances({ region: R, ids: ['ins-1122'] }) }],
];

/** Errors, logs, results other than the window's console URL: no canary of any kind. */
const observed: string[] = [];
/** The successful console:issueUrl answers for the window: console canaries expected, key canaries not. */
const delivered: string[] = [];
let capture: OutputCapture;

/** Handlers as main builds them, over one profile served by `client`, logging to the real log file. */
function appHandlers(client: CvmClient) {
  const profiles = new Profiles([
    {
      summary: { id: REF.profileId, name: 'Canary', kind: 'keys', site: 'china', defaultRegion: R },
      client: async () => client,
    },
  ]);
  return buildHandlers(
    fakeServices({
      profiles,
      consoleUrls: createConsoleUrlBroker({
        issue: async (ref) => (await profiles.client(ref.profileId)).describeInstanceVncUrl(ref),
      }),
      log: (record) => capture.log.info(record),
    }),
  );
}

/** Runs a route directly and over IPC, logging each failure as a careless main process might. */
async function runRoute(makeClient: () => CvmClient, route: Route, name: string): Promise<void> {
  try {
    const value = await route.direct(makeClient());
    (route === vnc ? delivered : observed).push(dump(value));
  } catch (err) {
    capture.log.error({ err, scenario: name }, 'call failed');
    observed.push(dump(err));
  }
  if (!route.ipc) return;
  const [channel, input] = route.ipc;
  const result = await dispatch(appHandlers(makeClient()), channel, input, (r) => capture.log.error(r));
  if (!result.ok) capture.log.warn({ envelope: result.error, scenario: name }, 'ipc failed');
  (result.ok && channel === 'console:issueUrl' ? delivered : observed).push(JSON.stringify(result));
}

const fakeClient = (
  script: (req: RecordedRequest, n: number) => Reply,
  extra?: Partial<CvmClientOptions>,
) => {
  let n = 0;
  const { fetch } = fakeFetch((req) => script(req, n++));
  return createCvmClient({
    credentials: async () => CREDS,
    fetch,
    endpoint: 'https://api.example.com',
    sleep: async () => {},
    rateLimiter: new RateLimiterRegistry({ clock: () => 0, sleep: async () => {} }),
    ...extra,
  });
};

describe('no secret leaks', () => {
  let server: SignedApiServer;
  let hostile: HostileServer;
  beforeAll(async () => {
    capture = captureOutput();
    let n = 0;
    server = await startSignedApiServer({ [SECRET_ID]: SECRET_KEY }, (req) => {
      n += 1;
      if (req.action === 'StartInstances')
        return { error: 'AuthFailure.UnauthorizedOperation', message: echo };
      if (req.action === 'StopInstances') return { raw: echo, status: 502 };
      if (req.action === 'RebootInstances')
        return n % 2 ? { error: 'RequestLimitExceeded', message: echo } : { fields: {} };
      // The demo cloud's shape: the gateway on the API endpoint's own port, carrying the canaries.
      const port = new URL(server.endpoint).port;
      const url = `ws://127.0.0.1:${port}/vnc?s=${VNC_TOKEN}&password=${VNC_PASSWORD}`;
      return { fields: { InstanceVncUrl: encodeURIComponent(url) } };
    });
    hostile = await startHostileServer();
  });
  afterAll(async () => {
    await server?.close();
    await hostile?.close();
    capture?.stop();
  });

  it.each(FAKE_SCENARIOS)('scenario: %s', async (name, script, route, extra) => {
    const [o, d] = [observed.length, delivered.length];
    await runRoute(() => fakeClient(script, extra), route, name);
    const produced = [...observed.slice(o), ...delivered.slice(d)];
    expect(produced).toHaveLength(route.ipc ? 2 : 1);
    expect(findCanary(produced.join('\n'), KEY_CANARIES)).toBeUndefined();
  });

  it('scenarios against the signed local server (real fetch, skewed clock, a console URL with the canaries)', async () => {
    server.skewMs = 3_600_000;
    const client = () =>
      createCvmClient({
        credentials: async () => CREDS,
        endpoint: server.endpoint,
        sleep: async () => {},
        rateLimiter: new RateLimiterRegistry(),
      });
    for (const route of [
      start,
      stop,
      { direct: (c: CvmClient) => c.rebootInstances({ region: R, ids: [ID] }) },
      vnc,
    ]) {
      await runRoute(client, route, 'signed server');
    }
    expect(server.log.filter((l) => !l.verified)).toEqual([]);
    expect(server.log.length).toBeGreaterThanOrEqual(6);
  });

  it.each([301, 302, 303, 307, 308])(
    'an HTTP %i to another origin: nothing reaches it, for every route',
    async (status) => {
      hostile.misbehave = (_req, res) => {
        res.writeHead(status, { Location: `${hostile.elsewhere}/steal` });
        res.end();
      };
      const client = () =>
        createCvmClient({
          credentials: async () => CREDS,
          endpoint: hostile.endpoint,
          sleep: async () => {},
          rateLimiter: new RateLimiterRegistry({ clock: () => 0, sleep: async () => {} }),
        });
      for (const route of [vnc, start, stop, listRegion, regions])
        await runRoute(client, route, `HTTP ${status}`);
      // What the other origin received counts as leaked: the X-TC-Token header, the signature.
      observed.push(JSON.stringify(hostile.elsewhereLog));
      expect(hostile.elsewhereLog).toEqual([]);
    },
  );

  it('a refused console handshake and the console report are logged without the console secrets', async () => {
    const hooks: Record<string, (details: Record<string, unknown>) => void> = {};
    const session = {
      webRequest: {
        onCompleted: (_f: unknown, l: (d: Record<string, unknown>) => void) => (hooks['completed'] = l),
        onErrorOccurred: (_f: unknown, l: (d: Record<string, unknown>) => void) => (hooks['error'] = l),
      },
    } as unknown as Session;
    installConsoleLinkLogging(session, capture.log);
    hooks['completed']!({ url: CONSOLE_URL, resourceType: 'webSocket', statusCode: 403 });
    hooks['error']!({ url: CONSOLE_URL, resourceType: 'webSocket', error: `net::ERR_FAILED ${CONSOLE_URL}` });
    const handlers = appHandlers(fakeClient(() => apiOk({ InstanceVncUrl: CONSOLE_URL })));
    const issued = await dispatch(handlers, 'console:issueUrl', REF, (r) => capture.log.error(r));
    delivered.push(JSON.stringify(issued));
    const reported = await dispatch(
      handlers,
      'console:report',
      { ref: REF, event: 'closed', code: 1006 },
      (r) => capture.log.error(r),
    );
    observed.push(JSON.stringify(reported));
    expect(reported).toEqual({ ok: true, value: { logged: true } });
  });

  it('nothing observed contains a SecretKey, STS token or console secret; the window got its URL', async () => {
    const output = await capture.text();
    // The run produced real material to search: errors, envelopes, log lines of every kind.
    expect(output).toContain('call failed');
    expect(output).toContain('ipc failed');
    expect(output).toContain('console-handshake-failed');
    expect(output).toContain('console-closed');
    const haystack = [...observed, output].join('\n');
    expect(haystack).toContain('AuthFailure.SignatureFailure');
    expect(haystack).toContain('***'); // the echoed secrets were there, and were scrubbed
    expect(findCanary(haystack, [...KEY_CANARIES, ...CONSOLE_CANARIES])).toBeUndefined();
    // The success path really carried the console canaries — to the window and nowhere else.
    const toWindow = delivered.join('\n');
    expect(toWindow).toContain(VNC_TOKEN);
    expect(toWindow).toContain(VNC_PASSWORD);
    expect(findCanary(toWindow, KEY_CANARIES)).toBeUndefined();
  });

  it('the grep itself works: a leaked secret would be found', async () => {
    expect(dump(new Error(`oops ${SECRET_KEY}`))).toContain(SECRET_KEY);
    capture.log.info({ note: `oops ${TOKEN}` });
    process.stderr.write(`oops ${VNC_TOKEN}\n`);
    const output = await capture.text();
    expect(findCanary(output, [TOKEN])).toBeDefined();
    expect(findCanary(output, [VNC_TOKEN])).toBeDefined();
  });
});
