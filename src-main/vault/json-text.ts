// JSON.parse, plus the line of the first error: V8's messages do not always say where the text
// went wrong, and a user fixing a file by hand needs the line.
import { parse as parseTolerant, type ParseError } from 'jsonc-parser';

export type JsonResult = { ok: true; value: unknown } | { ok: false; line: number };

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const errors: ParseError[] = [];
    parseTolerant(text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
    const offset = errors[0]?.offset ?? text.length;
    return { ok: false, line: text.slice(0, offset).split('\n').length };
  }
}
