import { describe, expect, it } from 'vitest';
import { PasswordKeeper } from '../../../../src-renderer/console/password-keeper';

describe('PasswordKeeper', () => {
  it('offers the URL hint once; after the server refuses it, nothing (ask the user)', () => {
    const keeper = new PasswordKeeper();
    expect(keeper.choose('hint')).toBe('hint');
    keeper.failed('hint');
    expect(keeper.choose('hint')).toBeUndefined();
    expect(keeper.choose(undefined)).toBeUndefined();
  });

  it('prefers a password that worked, or one the user typed, over the hint', () => {
    const keeper = new PasswordKeeper();
    keeper.worked('good');
    expect(keeper.choose('hint')).toBe('good');
    keeper.setUserPassword('typed');
    expect(keeper.choose('hint')).toBe('typed');
  });

  it('forgets a remembered password the server refused, and trusts a retyped one again', () => {
    const keeper = new PasswordKeeper();
    keeper.setUserPassword('old');
    keeper.failed('old');
    expect(keeper.choose('')).toBeUndefined();
    keeper.setUserPassword('old');
    expect(keeper.choose('')).toBe('old');
  });
});
