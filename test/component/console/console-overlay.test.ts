import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import ConsoleOverlay from '../../../src-renderer/console/ConsoleOverlay.svelte';
import { describeOverlay } from '../../../src-renderer/console/overlay-model';
import type { ReconnectState } from '../../../src-renderer/console/reconnect-types';
import { setLocale } from '../../../src-renderer/lib/i18n.svelte';

afterEach(() => {
  cleanup();
  setLocale('en');
});

function show(state: ReconnectState, extra: Record<string, unknown> = {}) {
  const handlers = { onaction: vi.fn(), oncredentials: vi.fn(), onpassword: vi.fn() };
  render(ConsoleOverlay, { model: describeOverlay(state, 0)!, ...handlers, ...extra });
  return handlers;
}

describe('ConsoleOverlay', () => {
  it('shows reconnecting with the attempt, the reason and the countdown; Retry now and Cancel act', async () => {
    const h = show({ phase: 'reconnecting', attempt: 2, reason: 'dead-link', nextAttemptAt: 4000 });
    expect(screen.getByTestId('overlay-title').textContent).toBe('Reconnecting (attempt 2)…');
    expect(screen.getByTestId('overlay-detail').textContent).toMatch(/went silent/);
    expect(screen.getByTestId('overlay-countdown').textContent).toContain('Next attempt in 4 s');
    await fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(h.onaction.mock.calls).toEqual([['retry'], ['cancel']]);
  });

  it('offers Start for a stopped instance, and asks first, naming it', async () => {
    const h = show(
      { phase: 'stopped', attempt: 0, instanceState: 'STOPPED' },
      { instanceName: 'web-prod-01' },
    );
    expect(screen.getByTestId('overlay-instance-state').textContent).toBe('stopped');
    await fireEvent.click(screen.getByRole('button', { name: 'Start instance' }));
    expect(h.onaction).not.toHaveBeenCalled();
    expect(screen.getByTestId('start-confirm').textContent).toContain('Start the instance “web-prod-01”?');
    // Cancel goes back without starting.
    await fireEvent.click(screen.getByTestId('start-confirm-no'));
    expect(screen.queryByTestId('start-confirm')).toBeNull();
    expect(h.onaction).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Start instance' }));
    const yes = screen.getByTestId('start-confirm-yes');
    expect(document.activeElement).toBe(yes);
    expect(yes.textContent).toBe('Start web-prod-01');
    await fireEvent.click(yes);
    expect(h.onaction).toHaveBeenCalledWith('start');
  });

  it('once it keeps failing: Details discloses the raw error with Copy, and Copy diagnostics', async () => {
    const handlers = { onaction: vi.fn(), oncredentials: vi.fn(), onpassword: vi.fn(), oncopy: vi.fn() };
    const model = describeOverlay(
      {
        phase: 'reconnecting',
        attempt: 3,
        reason: 'connect-failed',
        lastError: { kind: 'server', code: 'InternalError', message: 'Internal error (E42).' },
      },
      0,
      { failures: 3, webConsole: true },
    )!;
    render(ConsoleOverlay, { model, ...handlers });
    expect(screen.getByTestId('overlay-detail').textContent).toBe('Tencent Cloud answered with an error.');
    expect(screen.getByTestId('overlay-advice').textContent).toMatch(/temporary/);
    const details = screen.getByTestId('overlay-details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(screen.getByTestId('overlay-details-message').textContent).toBe('Internal error (E42).');
    await fireEvent.click(screen.getByTestId('overlay-copy-details'));
    await fireEvent.click(screen.getByTestId('overlay-copy-diagnostics'));
    expect(handlers.oncopy.mock.calls).toEqual([['details'], ['diagnostics']]);
    await fireEvent.click(screen.getByRole('button', { name: 'Open in Tencent web console' }));
    expect(handlers.onaction).toHaveBeenCalledWith('web-console');
  });

  it('names the profile when the key was refused', () => {
    show(
      {
        phase: 'auth-problem',
        attempt: 1,
        lastError: { kind: 'auth', code: 'AuthFailure.SignatureFailure', message: 'The signature is wrong.' },
      },
      { profileName: 'Work account' },
    );
    expect(screen.getByTestId('overlay-profile-hint').textContent).toContain('“Work account”');
    expect(screen.getByTestId('overlay-detail').textContent).toBe('Tencent Cloud refused the API key.');
    expect(screen.getByTestId('overlay-details-message').textContent).toBe('The signature is wrong.');
  });

  it('asks for the VNC password during the handshake; Connect sends it, Cancel sends null', async () => {
    const h = show(
      { phase: 'connecting', attempt: 1, reason: 'credentials' },
      { credentialTypes: ['password'] },
    );
    expect(screen.getByTestId('overlay-title').textContent).toBe('Password needed');
    const input = screen.getByLabelText('Password') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: 's3cret' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(h.oncredentials).toHaveBeenCalledWith({ password: 's3cret' });
    expect(input.value).toBe('');
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(h.oncredentials).toHaveBeenLastCalledWith(null);
  });

  it('after a refused password, takes a new one for the next attempt', async () => {
    const h = show({ phase: 'failed', attempt: 1, reason: 'vnc-auth' });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'again' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(h.onpassword).toHaveBeenCalledWith('again');
  });

  it('speaks the window language: a failing console in Chinese, then in Korean without a reload', async () => {
    await setLocale('zh-CN');
    const state: ReconnectState = {
      phase: 'reconnecting',
      attempt: 3,
      reason: 'connect-failed',
      nextAttemptAt: 4000,
      lastError: { kind: 'server', code: 'InternalError', message: 'Internal error (E42).' },
    };
    render(ConsoleOverlay, {
      model: describeOverlay(state, 0, { failures: 3, webConsole: true })!,
      onaction: vi.fn(),
      oncredentials: vi.fn(),
      onpassword: vi.fn(),
    });
    expect(screen.getByTestId('overlay-title').textContent).toBe('重连中（第 3 次尝试）…');
    expect(screen.getByTestId('overlay-detail').textContent).toBe('腾讯云返回了错误。');
    expect(screen.getByTestId('overlay-countdown').textContent).toContain('4 秒后再次尝试');
    expect(screen.getByRole('button', { name: '立即重试' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '在腾讯云网页控制台中打开' })).toBeTruthy();
    // Tencent's own message stays as it came, under Details.
    expect(screen.getByTestId('overlay-details-message').textContent).toBe('Internal error (E42).');
    await setLocale('ko');
    await tick();
    expect(screen.getByRole('button', { name: '지금 다시 시도' })).toBeTruthy();
    expect(screen.getByTestId('overlay-countdown').textContent).toContain('4초 후 다시 시도');
  });
});
