// A small seeded PRNG so the same seed always yields the same fleet (docs, tests and
// benchmarks can name instances). Math.random is never used for fleet data.

/** Hashes a seed (number or string) to 32 bits (cyrb53-style mixing, truncated). */
function hashSeed(seed: number | string): number {
  const text = String(seed);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return h1 >>> 0;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T extends { weight: number }>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** `n` characters from [a-z0-9]. */
  alnum(n: number): string;
}

/** mulberry32: tiny, fast and good enough for synthetic data. */
export function createRandom(seed: number | string): Random {
  let state = hashSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(next() * items.length)] as T;
  };
  const weighted = <T extends { weight: number }>(items: readonly T[]): T => {
    const total = items.reduce((s, x) => s + x.weight, 0);
    let roll = next() * total;
    for (const item of items) {
      roll -= item.weight;
      if (roll < 0) return item;
    }
    return pick(items);
  };
  const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const alnum = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += ALNUM[Math.floor(next() * ALNUM.length)];
    return out;
  };
  return { next, int, pick, weighted, chance: (p) => next() < p, alnum };
}
