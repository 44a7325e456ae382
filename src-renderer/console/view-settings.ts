// How a console is shown, chosen in the toolbar and kept across reconnects: each new noVNC RFB
// starts with these, and changes go to the live one.
import type RFB from '@novnc/novnc';

export type ScaleMode = 'fit' | 'actual' | 'remote';

export interface ViewSettings {
  scale: ScaleMode;
  viewOnly: boolean;
  /** JPEG quality 0–9 (noVNC default 6). */
  quality: number;
  /** Compression level 0–9 (noVNC default 2). */
  compression: number;
}

export const DEFAULT_VIEW_SETTINGS: ViewSettings = {
  scale: 'fit',
  viewOnly: false,
  quality: 6,
  compression: 2,
};

export const clamp09 = (n: number): number => Math.min(9, Math.max(0, Math.round(n)));

export function applyViewSettings(rfb: RFB, s: ViewSettings): void {
  rfb.clipViewport = false;
  rfb.scaleViewport = s.scale === 'fit';
  rfb.resizeSession = s.scale === 'remote';
  rfb.viewOnly = s.viewOnly;
  rfb.qualityLevel = s.quality;
  rfb.compressionLevel = s.compression;
}
