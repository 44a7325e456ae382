// The glyph set a recognizer starts with: every seed font, the 9-wide VGA text-mode form of each
// 8-wide font, and the overstruck bold that terminals draw when a font has no bold face.
import { SEED_FONTS } from './glyph-seeds';
import { decodeSeed, GlyphSet, nineWide, overstruck } from './glyph-set';
import type { FontTable } from './glyph-set';

export function seedFontTables(): FontTable[] {
  const tables: FontTable[] = [];
  for (const seed of SEED_FONTS) {
    const font = decodeSeed(seed);
    tables.push(font);
    // The demo font is drawn smeared already; Terminus has real bold faces.
    if (!font.name.startsWith('demo') && !font.name.includes('bold')) tables.push(overstruck(font));
    if (font.width === 8) tables.push(nineWide(font));
  }
  return tables;
}

/** A fresh glyph set (each recognizer learns into its own). */
export function defaultGlyphSet(): GlyphSet {
  return new GlyphSet(seedFontTables());
}
