// Character accuracy of recognised text against the truth: 1 - edit distance / length of the truth,
// after whitespace runs are folded to one space (OCR does not keep spacing; cells keep it exactly,
// and are compared line by line elsewhere).

export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

export function foldSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** 0..1; whitespace-insensitive. */
export function characterAccuracy(truth: string, got: string): number {
  const t = foldSpaces(truth);
  const g = foldSpaces(got);
  return t.length === 0 ? (g.length === 0 ? 1 : 0) : Math.max(0, 1 - editDistance(t, g) / [...t].length);
}
