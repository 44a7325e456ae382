// Reads a JSON file the app wrote for itself (settings, desktop state) through its schema. A
// missing file is normal (first run); an unreadable, malformed or mistyped one is reported and
// ignored, so a bad file never stops the app. It is left in place until the next write.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

export async function readJsonFile<S extends z.ZodType>(
  file: string,
  schema: S,
  warn: (message: string) => void,
  what: string,
): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    warn(`${what} ignored: not JSON`);
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  warn(`${what} ignored: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return undefined;
}
