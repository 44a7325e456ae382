// How channel and event names map to the functions the preload exposes. Pure string helpers with
// no imports, so the preload bundle needs nothing but these and the names themselves.

/** `app:info` → `['app', 'info']`. */
export function splitChannel(name: string): [string, string] {
  const i = name.indexOf(':');
  return [name.slice(0, i), name.slice(i + 1)];
}

/** `system:resume` → `onResume`. */
export function eventListenerName(name: string): string {
  const method = splitChannel(name)[1];
  return `on${method.charAt(0).toUpperCase()}${method.slice(1)}`;
}
