// The error a promise rejects with, checked to be of the expected type (a resolve fails the test).
import { expect } from 'vitest';

export async function rejectionOf<T>(
  p: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as T;
}
