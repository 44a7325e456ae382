// One disposal helper for timers, idle callbacks, listeners and subscriptions (src-renderer/lib).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Disposables } from '../../../src-renderer/lib/disposables';

afterEach(() => vi.useRealTimers());

describe('Disposables', () => {
  it('undoes everything it was given, newest first, once', () => {
    const order: string[] = [];
    const d = new Disposables();
    d.add(() => order.push('a'));
    d.add(() => order.push('b'));
    d.dispose();
    d.dispose();
    expect(order).toEqual(['b', 'a']);
    d.add(() => order.push('late')); // after dispose: undone at once
    expect(order).toEqual(['b', 'a', 'late']);
  });

  it('clears pending timers on dispose; a fired or cancelled timer leaves nothing behind', async () => {
    vi.useFakeTimers();
    const d = new Disposables();
    const fired: string[] = [];
    d.timeout(() => fired.push('soon'), 10);
    const cancel = d.timeout(() => fired.push('cancelled'), 10);
    d.timeout(() => fired.push('late'), 1000);
    cancel();
    await vi.advanceTimersByTimeAsync(10);
    expect(fired).toEqual(['soon']);
    expect(vi.getTimerCount()).toBe(1);
    d.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fired).toEqual(['soon']);
  });

  it('removes its event listeners, and keeps going when one cleanup throws', () => {
    const d = new Disposables();
    const target = new EventTarget();
    const seen = vi.fn();
    d.listen(target, 'ping', seen);
    d.add(() => {
      throw new Error('broken cleanup');
    });
    target.dispatchEvent(new Event('ping'));
    d.dispose();
    target.dispatchEvent(new Event('ping'));
    expect(seen).toHaveBeenCalledTimes(1);
  });
});
