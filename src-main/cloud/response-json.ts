// Parses an API answer that may come from a hostile server: nesting is bounded before parsing
// (JSON.parse spends seconds on a million nested brackets), and every string in it is scrubbed of
// our secrets after parsing (an echo may hide behind \u escapes that a text search would miss).
import { redactSecrets } from './errors';

/** API 3.0 answers nest a few levels; a DescribeInstances page about six. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/** True when no object or array in `text` is nested deeper than `max` (strings are skipped). */
export function nestingWithin(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end === -1) return true; // unterminated: JSON.parse refuses it
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return false;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return true;
}

/** Replaces each secret in every string value of a freshly parsed JSON value, in place. */
function scrubStrings(root: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (typeof root === 'string') return redactSecrets(root, secrets);
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (typeof value === 'string') record[key] = redactSecrets(value, secrets);
      else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return root;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; why: string };

export function parseResponseJson(text: string, secrets: readonly (string | undefined)[]): ParsedJson {
  if (!nestingWithin(text, MAX_JSON_DEPTH)) return { ok: false, why: 'nested too deeply' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: 'not JSON' };
  }
  // Without a backslash every parsed string is verbatim text: if no secret is in the text, none
  // is in the value, and the walk is skipped (the common case, and the fast one).
  const present = secrets.some((s) => s && s.length >= 4 && text.includes(s));
  return { ok: true, value: present || text.includes('\\') ? scrubStrings(value, secrets) : value };
}
