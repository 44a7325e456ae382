// Deep links and the command line, fuzzed: whatever arrives, the parser answers a link of the
// exact shapes or one error with a fixed, bounded message, and never throws or echoes its input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatConnectLink,
  MAX_LINK_LENGTH,
  parseCommandLine,
  parseConnectLink,
  type ConnectLink,
  type LinkResult,
} from '../../../src-main/desktop/connect-link';

const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
const instanceId = fc.string({ unit: alnum, minLength: 8, maxLength: 8 }).map((s) => `ins-${s}`);
const region = fc.stringMatching(/^[a-z]{2,4}(-[a-z0-9]{1,8}){1,3}$/).filter((r) => r.length <= 40);
const profileId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/);
const link: fc.Arbitrary<ConnectLink> = fc.record(
  { instanceId, region, profileId },
  { requiredKeys: ['instanceId'] },
);

/** The query parts of a valid link, in any order. */
function parts(l: ConnectLink): string[] {
  return [
    `instance=${l.instanceId}`,
    ...(l.region ? [`region=${l.region}`] : []),
    ...(l.profileId ? [`profile=${l.profileId}`] : []),
  ];
}
const shuffledLink = link.chain((l) =>
  fc.shuffledSubarray(parts(l), { minLength: parts(l).length }).map((p) => ({ l, query: p.join('&') })),
);

const ALL_MESSAGES = new Set<string>();
/** Every refusal: one known code, its fixed message (so no input is echoed), bounded in size. */
function expectRefusal(result: LinkResult, code?: string): void {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) return;
  expect(result.error.kind).toBe('invalid-input');
  if (code) expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeLessThan(200);
  ALL_MESSAGES.add(result.error.message);
}

describe('parseConnectLink', () => {
  it('reads every valid link, parameters in any order, with or without a trailing slash', () => {
    fc.assert(
      fc.property(shuffledLink, fc.boolean(), ({ l, query }, slash) => {
        const raw = `cvm-console://connect${slash ? '/' : ''}?${query}`;
        expect(parseConnectLink(raw)).toEqual({ ok: true, link: l });
        expect(parseConnectLink(formatConnectLink(l))).toEqual({ ok: true, link: l });
      }),
    );
  });

  it('decodes percent-escapes before checking the shapes', () => {
    expect(parseConnectLink('cvm-console://connect?instance=ins-%61bcdefgh&region=ap%2Dguangzhou')).toEqual({
      ok: true,
      link: { instanceId: 'ins-abcdefgh', region: 'ap-guangzhou' },
    });
    expectRefusal(parseConnectLink('cvm-console://connect?instance=ins-%E4%B8%ADbcdefgh'), 'BadInstanceId');
    expectRefusal(parseConnectLink('cvm-console://connect?instance=ins-%zzbcdefgh'), 'NotALink');
  });

  it('never throws on any string, and accepts only what re-formats to itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 700 }), fc.webUrl()), (raw) => {
        const result = parseConnectLink(raw);
        if (result.ok) expect(parseConnectLink(formatConnectLink(result.link))).toEqual(result);
        else expectRefusal(result);
      }),
      { numRuns: 2000 },
    );
    for (const raw of [undefined, null, 42, {}, ['cvm-console://connect?instance=ins-abcdefgh'], '']) {
      expectRefusal(parseConnectLink(raw), 'NotALink');
    }
  });

  it('never echoes the input in its message', () => {
    const marker = 'zq9marker7x';
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat(3), (noise, where) => {
        const raw = [
          `cvm-console://connect?instance=${marker}${noise}`,
          `cvm-console://connect?${marker}=${noise}`,
          `cvm-console://${marker}?instance=ins-abcdefgh`,
          `${marker}://connect?instance=ins-abcdefgh${noise}`,
        ][where]!;
        const result = parseConnectLink(raw);
        expectRefusal(result);
        if (!result.ok) expect(result.error.message).not.toContain(marker);
      }),
    );
  });

  it('refuses a parameter it does not know, and names a key as a key', () => {
    const unknown = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((n) => !['instance', 'region', 'profile'].includes(n));
    fc.assert(
      fc.property(shuffledLink, unknown, fc.string({ maxLength: 30 }), ({ query }, name, value) => {
        const raw = `cvm-console://connect?${query}&${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
        const result = parseConnectLink(raw);
        expectRefusal(result);
        if (!result.ok && raw.length <= MAX_LINK_LENGTH) {
          expect(['UnknownParameter', 'LinkCarriesKey']).toContain(result.error.code);
        }
      }),
    );
    for (const name of ['secretKey', 'SecretId', 'token', 'password', 'X-TC-Token', 'api_key']) {
      expectRefusal(
        parseConnectLink(`cvm-console://connect?instance=ins-abcdefgh&${name}=AKIDxyz`),
        'LinkCarriesKey',
      );
    }
    expectRefusal(parseConnectLink('cvm-console://connect?instance=ins-abcdefgh&Region=ap-guangzhou'));
  });

  it('refuses a parameter given twice, even with the same value', () => {
    fc.assert(
      fc.property(shuffledLink, fc.nat(), ({ query }, pick) => {
        const given = query.split('&');
        const again = given[pick % given.length]!;
        expectRefusal(parseConnectLink(`cvm-console://connect?${query}&${again}`), 'DuplicateParameter');
      }),
    );
  });

  it('refuses other schemes, other actions and hosts, ports, paths and fragments', () => {
    const q = '?instance=ins-abcdefgh';
    const cases: Array<[string, string]> = [
      [`https://connect${q}`, 'UnknownScheme'],
      [`cvm-consolex://connect${q}`, 'UnknownScheme'],
      [`file:///cvm-console://connect${q}`, 'UnknownScheme'],
      [`javascript:cvm-console://connect${q}`, 'UnknownScheme'],
      [`cvm-console://open${q}`, 'UnknownAction'],
      [`cvm-console://CONNECT${q}`, 'UnknownAction'],
      [`cvm-console://connect.evil.example${q}`, 'UnknownAction'],
      [`cvm-console://connect:443${q}`, 'UnknownAction'],
      [`cvm-console://connect/console${q}`, 'UnknownAction'],
      [`cvm-console:connect${q}`, 'UnknownAction'],
      [`cvm-console:///connect${q}`, 'UnknownAction'],
      [`cvm-console://connect${q}#region=ap-guangzhou`, 'NotALink'],
      [`cvm-console://connect${q}#`, 'NotALink'],
      ['cvm-console://connect', 'MissingInstance'],
      ['cvm-console://connect?instance=', 'MissingInstance'],
      ['cvm-console://connect?region=ap-guangzhou', 'MissingInstance'],
      ['cvm-console://connect?instance=ins-1122', 'BadInstanceId'],
      ['cvm-console://connect?instance=INS-ABCDEFGH', 'BadInstanceId'],
      ['cvm-console://connect?instance=ins-abcdefgh&region=Guangzhou', 'BadRegion'],
      ['cvm-console://connect?instance=ins-abcdefgh&region=ap-guangzhou.evil.com', 'BadRegion'],
      ['cvm-console://connect?instance=ins-abcdefgh&profile=-x', 'BadProfileId'],
      [`cvm-console://connect?instance=ins-abcdefgh&profile=${'a'.repeat(65)}`, 'BadProfileId'],
    ];
    for (const [raw, code] of cases) expectRefusal(parseConnectLink(raw), code);
    fc.assert(
      fc.property(fc.domain(), (host) => {
        fc.pre(host !== 'connect');
        expectRefusal(parseConnectLink(`cvm-console://${host}${q}`));
      }),
    );
  });

  it('refuses a link with a user name or password', () => {
    for (const raw of [
      'cvm-console://AKIDabc:secret@connect?instance=ins-abcdefgh',
      'cvm-console://user@connect?instance=ins-abcdefgh',
      'cvm-console://:pw@connect?instance=ins-abcdefgh',
    ]) {
      expectRefusal(parseConnectLink(raw), 'LinkCarriesCredentials');
    }
  });

  it('refuses non-ASCII, spaces and control characters anywhere', () => {
    fc.assert(
      fc.property(
        shuffledLink,
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }).filter((s) => /[^\x21-\x7e]/.test(s)),
        fc.nat(),
        ({ query }, odd, at) => {
          const raw = `cvm-console://connect?${query}`;
          const i = at % (raw.length + 1);
          expectRefusal(parseConnectLink(`${raw.slice(0, i)}${odd}${raw.slice(i)}`));
        },
      ),
    );
  });

  it('refuses an oversized link before parsing it', () => {
    fc.assert(
      fc.property(shuffledLink, fc.integer({ min: MAX_LINK_LENGTH, max: 100_000 }), ({ query }, size) => {
        const raw = `cvm-console://connect?${query}${'&'.repeat(size)}`;
        expectRefusal(parseConnectLink(raw), 'LinkTooLong');
      }),
      { numRuns: 50 },
    );
  });

  it('answers refusals with a handful of fixed messages', () => {
    // Collected across every test above: a message built from the input would make this set explode.
    expect(ALL_MESSAGES.size).toBeGreaterThan(5);
    expect(ALL_MESSAGES.size).toBeLessThanOrEqual(14);
  });
});

/** What Electron and Chromium put around the user's arguments. */
const noise = fc.constantFrom(
  '/opt/CVM Console/cvm-console',
  'C:\\Program Files\\CVM Console\\CVM Console.exe',
  '.',
  '--allow-file-access-from-files',
  '--original-process-start-time=13380000000000000',
  '--enable-features=WaylandWindowDecorations',
  '-psn_0_12345',
  '--',
  'https://example.com/',
  '--connection=foo',
);
const noiseArgs = fc.array(noise, { maxLength: 6 });

describe('parseCommandLine', () => {
  it('asks for nothing when the command line has neither a link nor --connect', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.string({ maxLength: 30 }), { maxLength: 12 })
          .filter((args) =>
            args.every((a) => !/^(--connect|--region|--profile)(=|$)/.test(a) && !/^cvm-console:/i.test(a)),
          ),
        (args) => {
          expect(parseCommandLine(args).link).toBeNull();
        },
      ),
    );
    expect(parseCommandLine(['cvm-console', '--connection=x'])).toEqual({ link: null, hidden: false });
  });

  it('reads --connect with its region and profile, as separate or = arguments, amid any noise', () => {
    fc.assert(
      fc.property(link, noiseArgs, noiseArgs, fc.boolean(), (l, before, after, joined) => {
        const pair = (name: string, value: string) => (joined ? [`${name}=${value}`] : [name, value]);
        const argv = [
          ...before,
          ...pair('--connect', l.instanceId),
          ...(l.region ? pair('--region', l.region) : []),
          ...(l.profileId ? pair('--profile', l.profileId) : []),
          ...after,
        ];
        expect(parseCommandLine(argv)).toEqual({ link: { ok: true, link: l }, hidden: false });
      }),
    );
  });

  it('reads a link argument (how Windows and Linux hand a link to the app)', () => {
    fc.assert(
      fc.property(link, noiseArgs, (l, before) => {
        const argv = [...before, formatConnectLink(l)];
        expect(parseCommandLine(argv).link).toEqual({ ok: true, link: l });
      }),
    );
    expectRefusal(
      parseCommandLine(['app', 'cvm-console://connect?instance=ins-abcdefgh&key=x']).link!,
      'LinkCarriesKey',
    );
  });

  it('refuses two requests at once, missing values, duplicates and switches without --connect', () => {
    const cases: Array<[string[], string]> = [
      [
        ['cvm-console://connect?instance=ins-aaaaaaaa', 'cvm-console://connect?instance=ins-bbbbbbbb'],
        'ConflictingLinks',
      ],
      [['cvm-console://connect?instance=ins-aaaaaaaa', '--connect', 'ins-bbbbbbbb'], 'ConflictingLinks'],
      [['--connect'], 'MissingInstance'],
      [['--connect='], 'MissingInstance'],
      [['--connect', '--region', 'ap-guangzhou'], 'MissingInstance'],
      [['--connect', 'ins-aaaaaaaa', '--region'], 'BadCommandLine'],
      [['--connect', 'ins-aaaaaaaa', '--connect', 'ins-aaaaaaaa'], 'DuplicateParameter'],
      [
        ['--connect', 'ins-aaaaaaaa', '--region=ap-guangzhou', '--region', 'ap-beijing'],
        'DuplicateParameter',
      ],
      [['--region', 'ap-guangzhou'], 'BadCommandLine'],
      [['--profile=demo'], 'BadCommandLine'],
      [['--connect', 'ins-1122'], 'BadInstanceId'],
      [['--connect', 'ins-aaaaaaaa', '--region', 'AP GUANGZHOU'], 'BadRegion'],
      [['--connect', `ins-aaaaaaaa${'a'.repeat(MAX_LINK_LENGTH)}`], 'LinkTooLong'],
    ];
    for (const [argv, code] of cases)
      expectRefusal(parseCommandLine(['/usr/bin/cvm-console', ...argv]).link!, code);
  });

  it('never throws, whatever the arguments', () => {
    const arg = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        '--connect',
        '--region',
        '--profile',
        '--hidden',
        'cvm-console://connect?instance=ins-abcdefgh',
      ),
      instanceId,
    );
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 10 }), (argv) => {
        const { link: result } = parseCommandLine(argv);
        if (result && !result.ok) expectRefusal(result);
      }),
      { numRuns: 2000 },
    );
  });

  it('notices --hidden (start at login) with or without a link', () => {
    expect(parseCommandLine(['app', '--hidden'])).toEqual({ link: null, hidden: true });
    expect(parseCommandLine(['app', '--hidden', '--connect', 'ins-abcdefgh'])).toEqual({
      link: { ok: true, link: { instanceId: 'ins-abcdefgh' } },
      hidden: true,
    });
  });
});
