/**
 * A sort key that orders numbers inside text by value ("web-2" before "web-10"): the inventory's
 * sort in the renderer, and main's order of a saved inventory (so its first rows are the first
 * screen of the default sort, shown before the rest is indexed).
 */
export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(12, '0'));
}
