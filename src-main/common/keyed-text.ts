// A message as a catalogue key and its values, so each window words it in its own language while
// main words the same message in English for the log. A value may itself be a keyed message (a
// reason inside a sentence): it is worded first, in the same language.

export type KeyedParam = string | number | KeyedText;

export interface KeyedText {
  key: string;
  params?: Record<string, KeyedParam>;
}

export function keyed(key: string, params?: Record<string, KeyedParam>): KeyedText {
  return params ? { key, params } : { key };
}

/** The words of a keyed message, or undefined when `translate` does not know one of its keys. */
export function wordKeyed(
  text: KeyedText,
  translate: (key: string, values: Record<string, unknown>) => string | undefined,
): string | undefined {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    if (typeof value !== 'object') {
      values[name] = value;
      continue;
    }
    const inner = wordKeyed(value, translate);
    if (inner === undefined) return undefined;
    values[name] = inner;
  }
  return translate(text.key, values);
}
