// What a key does in the inventory table: pure, so it is tested without a DOM.
export type TableKeyAction =
  | { kind: 'move'; index: number }
  | { kind: 'open' }
  | { kind: 'toggle' }
  /** A printable key: type it into the search box. */
  | { kind: 'search'; text: string }
  | { kind: 'none' };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** `index` is the cursor's row (-1: none yet), `count` the rows shown, `page` the rows per screen. */
export function tableKey(event: KeyLike, index: number, count: number, page: number): TableKeyAction {
  if (count === 0) return printable(event);
  const last = count - 1;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  switch (event.key) {
    case 'ArrowDown':
      return { kind: 'move', index: index < 0 ? 0 : clamp(index + 1) };
    case 'ArrowUp':
      return { kind: 'move', index: index < 0 ? 0 : clamp(index - 1) };
    case 'PageDown':
      return { kind: 'move', index: clamp(Math.max(0, index) + Math.max(1, page - 1)) };
    case 'PageUp':
      return { kind: 'move', index: clamp(Math.max(0, index) - Math.max(1, page - 1)) };
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: last };
    case 'Enter':
      return index >= 0 ? { kind: 'open' } : { kind: 'none' };
    case ' ':
      return index >= 0 ? { kind: 'toggle' } : { kind: 'none' };
    default:
      return printable(event);
  }
}

function printable(event: KeyLike): TableKeyAction {
  if (event.ctrlKey || event.metaKey || event.altKey) return { kind: 'none' };
  return [...event.key].length === 1 && event.key !== ' '
    ? { kind: 'search', text: event.key }
    : { kind: 'none' };
}
