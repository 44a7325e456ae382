// What a window says about an error: the catalogue text of its key in the window's language, with
// Tencent's own message (or the local detail) and the code kept after it; else the envelope's
// English message; else the fallback.
import { translateKey, wordText } from './translate';
import { keyed, type KeyedParam, type KeyedText } from '../../src-main/common/keyed-text';

interface ErrorLike {
  message?: unknown;
  messageKey?: unknown;
  messageParams?: unknown;
  detail?: unknown;
  code?: unknown;
}

export function errorText(error: unknown, fallback = ''): string {
  if (typeof error !== 'object' || error === null) return fallback;
  const e = error as ErrorLike;
  const params =
    typeof e.messageParams === 'object' && e.messageParams !== null
      ? (e.messageParams as Record<string, KeyedParam>)
      : undefined;
  const text = typeof e.messageKey === 'string' ? wordText(keyed(e.messageKey, params)) : undefined;
  if (text !== undefined) {
    const detail = typeof e.detail === 'string' && e.detail !== '' ? e.detail : undefined;
    return detail ? `${text} (${detail})` : text;
  }
  return typeof e.message === 'string' && e.message !== '' ? e.message : fallback;
}

/** A form's per-field messages in the window's language (their catalogue keys), else as sent. */
export function fieldTexts(error: { fields?: unknown; fieldKeys?: unknown }): Record<string, string> {
  const fields = isTextRecord(error.fields) ? error.fields : {};
  const keys = isTextRecord(error.fieldKeys) ? error.fieldKeys : {};
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    const key = keys[field];
    out[field] = (key !== undefined ? translateKey(key) : undefined) ?? message;
  }
  return out;
}

function isTextRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')
  );
}

/** A keyed message (main's import problems, test notes) in the window's language, else the fallback. */
export function keyedText(text: KeyedText | undefined, fallback = ''): string {
  return (text ? wordText(text) : undefined) ?? fallback;
}
