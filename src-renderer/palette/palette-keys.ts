// Keys of the app that are not menu commands (those are in common/app-shortcuts.ts).
/** The settings page: Ctrl+, (Cmd+, on macOS), as in most desktop apps. */
export function isSettingsKey(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key === ',';
}
