import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestingWithin, parseResponseJson } from '../../../src-main/cloud/response-json';

const SECRET = 'topSECRETkey123';

describe('nestingWithin', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(nestingWithin('{"a":[{"b":[]}]}', 4)).toBe(true);
    expect(nestingWithin('{"a":[{"b":[]}]}', 3)).toBe(false);
    expect(nestingWithin('{"a":"[[[[[[[[[["}', 1)).toBe(true);
    expect(nestingWithin('{"a":"x\\"[[[[[[\\\\"}', 1)).toBe(true);
    expect(nestingWithin('{"a":"x\\\\"}[[', 1)).toBe(false);
    expect(nestingWithin('"unterminated [[[[', 1)).toBe(true);
  });
});

describe('parseResponseJson', () => {
  it('refuses deep nesting at once instead of spending seconds in JSON.parse', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const started = performance.now();
    expect(parseResponseJson(deep, [])).toEqual({ ok: false, why: 'nested too deeply' });
    expect(performance.now() - started).toBeLessThan(500);
    const ok = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(parseResponseJson(ok, []).ok).toBe(true);
  });

  it('reports text that is not JSON', () => {
    expect(parseResponseJson('<html>', [])).toEqual({ ok: false, why: 'not JSON' });
  });

  it('scrubs secrets from every string, also when hidden behind escapes', () => {
    const escaped = [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const text = `{"a":"${escaped}","b":[{"c":"x ${SECRET} y"}],"${SECRET}":1,"d":"${SECRET}"}`;
    const parsed = parseResponseJson(text, [SECRET, undefined]);
    expect(parsed).toEqual({ ok: true, value: { a: '***', b: [{ c: 'x *** y' }], [SECRET]: 1, d: '***' } });
    expect(parseResponseJson(`"${SECRET}"`, [SECRET])).toEqual({ ok: true, value: '***' });
  });
});
