// The vault's typed errors. They carry their envelope (kind, code, message) and, where the UI
// needs more, a typed extra: the per-field messages of a form, or what to do without a keychain.
// No message ever quotes a SecretKey or token.
import { EnvelopeError } from '../common/errors';
import type { FieldErrors } from './key-input';
import { ENGLISH } from '../../i18n/translator';

/**
 * The form was wrong: one message per field, shown next to it. Each message is a catalogue key
 * (i18n/en.ts `profiles.input.*`): the envelope carries the keys (`fieldKeys`, shown in the
 * window's language) and their English text (`fields` and the message, for the log).
 */
export class ProfileInputError extends EnvelopeError {
  declare readonly fields: FieldErrors;
  constructor(messages: FieldErrors) {
    const fields: FieldErrors = {};
    const fieldKeys: FieldErrors = {};
    for (const [field, message] of Object.entries(messages)) {
      // zod's own words for a shape no rule names (rare) have no key and stay as they are.
      fields[field] = englishFieldMessage(message);
      if (ENGLISH.has(message)) fieldKeys[field] = message;
    }
    const summary = Object.entries(fields)
      .map(([field, message]) => `${field}: ${message}`)
      .join(' ');
    super('invalid-input', 'InvalidProfileInput', summary, undefined, { fields, fieldKeys });
    this.name = 'ProfileInputError';
  }
}

/** A field message's English text (its catalogue key's), for the log and for import problems. */
export function englishFieldMessage(message: string): string {
  return ENGLISH.has(message) ? ENGLISH.translateKey(message) : message;
}

export type KeychainProblem = 'KeychainUnavailable' | 'KeychainLocked' | 'KeychainTimeout';

/**
 * The OS keychain could not do what was asked. Nothing was stored in plaintext instead; the user
 * may choose to keep the key in memory until the app quits (`storage: 'memory'`).
 */
export class KeychainError extends EnvelopeError {
  constructor(
    code: KeychainProblem,
    /** What went wrong, in words. */
    readonly problem: string,
    /** What the user can do about it, in words. */
    readonly fix: string,
    /** Whether storing the key in memory only (until the app quits) is a way out. */
    readonly canKeepInMemory = true,
  ) {
    super(
      'internal',
      code,
      `${problem} ${fix}${canKeepInMemory ? ' Or keep this key in memory only, until CVM Console quits.' : ''}`,
    );
    this.name = 'KeychainError';
  }
}

export function profileNotFound(profileId: string): EnvelopeError {
  return new EnvelopeError('auth', 'ProfileNotFound', `There is no profile named "${profileId}".`);
}
