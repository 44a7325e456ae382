/** The window's localStorage, or undefined where there is none or reading it throws (a locked-down page). */
export function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
