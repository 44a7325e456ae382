// noVNC's RFB class, loaded on demand: it is the largest piece of the renderer and only a
// console needs it. (@novnc/novnc 1.7 uses top-level await; Vite bundles it as an ES chunk.)
import type RFBType from '@novnc/novnc';

export type RFB = RFBType;

export async function loadRfb(): Promise<typeof RFBType> {
  const module = await import('@novnc/novnc');
  return module.default;
}
