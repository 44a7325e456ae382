// Counts the page's live objects by type and name from a V8 heap snapshot (CDP), after forced GCs: what a
// leak check compares. DOM and Blink objects keep their real names (`WebSocket`, `<canvas …>`)
// even in the minified build, where the app's own class names are mangled.
import type { CDPSession } from 'playwright-core';

export async function heapCensus(session: CDPSession): Promise<Map<string, number>> {
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }): void => void chunks.push(chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const nameAt = fields.indexOf('name');
  const typeAt = fields.indexOf('type');
  const types = snapshot.snapshot.meta.node_types[0];
  const counts = new Map<string, number>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const name = `${types[snapshot.nodes[i + typeAt]!]}:${snapshot.strings[snapshot.nodes[i + nameAt]!]}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}
