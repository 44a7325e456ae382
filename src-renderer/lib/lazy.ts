// A module loaded on first need, once: a dynamic import keeps it out of the window's first script,
// whose compile and evaluation come before the first screen. A failed load is tried again next time.
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}
