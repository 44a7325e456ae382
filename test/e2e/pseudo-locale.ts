// A pseudo-long language for the overflow test, made at test time from the English catalogue and
// registered only in the test: a copy of the built renderer whose English catalogue is replaced by
// one where every message is about 40 % longer, with accented letters (a German-length stand-in for
// Korean and other long languages). The app is untouched: choosing English in the copy shows it.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'acorn';
import en from '../../i18n/en';
import type { Catalogue } from '../../i18n/catalogues';

const ACCENTS: Record<string, string> = {
  a: 'á',
  e: 'ë',
  i: 'î',
  o: 'ö',
  u: 'ü',
  c: 'ç',
  n: 'ñ',
  s: 'š',
  y: 'ý',
  z: 'ž',
  A: 'Å',
  E: 'É',
  I: 'Î',
  O: 'Ö',
  U: 'Ü',
  C: 'Ç',
  N: 'Ñ',
  S: 'Š',
  Y: 'Ý',
  Z: 'Ž',
};

/** One word made ~40 % longer: its letters accented, then its own letters again (compound-word style). */
function lengthenWord(word: string): string {
  const accented = [...word].map((c) => ACCENTS[c] ?? c).join('');
  const extra = Math.ceil(word.length * 0.4);
  let tail = '';
  for (let i = 0; i < extra; i++) tail += accented[i % accented.length]!.toLowerCase();
  return accented + tail;
}

/** A message made ~40 % longer; placeholders ({{name}}, {{count, number}}) are kept as they are. */
export function pseudoLong(message: string): string {
  return message
    .split(/(\{\{[^}]*\}\})/)
    .map((part) => (part.startsWith('{{') ? part : part.replace(/[A-Za-z]+/g, lengthenWord)))
    .join('');
}

function leaves(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

// The few shapes of acorn's tree this needs.
interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}
interface Property extends Node {
  key: Node & { name?: string; value?: unknown };
  value: Node & { value?: unknown; expressions?: unknown[]; quasis?: { value: { cooked: string } }[] };
}

function keyName(p: Property): string | undefined {
  if (p.key.type === 'Identifier') return p.key.name;
  return typeof p.key.value === 'string' ? p.key.value : undefined;
}

function stringValue(node: Property['value']): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions?.length === 0)
    return node.quasis?.[0]?.value.cooked;
  return undefined;
}

/** The literal's leaves (key path → [start, end, text]) when it is exactly the English catalogue. */
function matchCatalogue(node: Node, english: Map<string, string>): Map<string, [number, number]> | undefined {
  const found = new Map<string, [number, number]>();
  const walk = (object: Node, prefix: string): boolean => {
    for (const p of object.properties as Property[]) {
      if (p.type !== 'Property') return false;
      const name = keyName(p);
      if (name === undefined) return false;
      if (p.value.type === 'ObjectExpression') {
        if (!walk(p.value, `${prefix}${name}.`)) return false;
        continue;
      }
      const text = stringValue(p.value);
      if (text === undefined || english.get(prefix + name) !== text) return false;
      found.set(prefix + name, [p.value.start, p.value.end]);
    }
    return true;
  };
  return walk(node, '') && found.size === english.size ? found : undefined;
}

function findCatalogue(tree: Node, english: Map<string, string>): Map<string, [number, number]> | undefined {
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const n = node as Node;
    if (n.type === 'ObjectExpression') {
      const match = matchCatalogue(n, english);
      if (match) return match;
    }
    for (const value of Object.values(n)) if (value && typeof value === 'object') stack.push(value);
  }
  return undefined;
}

/** The bundle's source with the English catalogue's messages replaced by their pseudo-long forms. */
export function pseudoBundle(source: string): string {
  const english = leaves(en);
  const tree = parse(source, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as Node;
  const spans = findCatalogue(tree, english);
  if (!spans) throw new Error('pseudo locale: the English catalogue was not found in the renderer bundle');
  let out = source;
  // From the end, so earlier offsets stay valid.
  for (const [key, [start, end]] of [...spans].sort((a, b) => b[1][0] - a[1][0])) {
    out = out.slice(0, start) + JSON.stringify(pseudoLong(english.get(key)!)) + out.slice(end);
  }
  return out;
}

/** A temporary copy of the built renderer that shows the pseudo-long language for English; remove() deletes it. */
export function pseudoRenderer(rendererDir = 'out/renderer'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cvm-pseudo-renderer-'));
  cpSync(rendererDir, dir, { recursive: true });
  const assets = join(dir, 'assets');
  let replaced = 0;
  for (const name of readdirSync(assets).filter((n) => n.endsWith('.js'))) {
    const file = join(assets, name);
    const source = readFileSync(file, 'utf8');
    if (!source.includes(JSON.stringify(en.settings.closeToTrayHint).slice(1, -1))) continue;
    writeFileSync(file, pseudoBundle(source));
    replaced++;
  }
  if (replaced === 0) throw new Error('pseudo locale: no renderer bundle holds the English catalogue');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
