// The vault's typed errors. They carry their envelope (kind, code, message) and, where the UI
// needs more, a typed extra: the per-field messages of a form, or what to do without a keychain.
// No message ever quotes a SecretKey or token.
import { EnvelopeError } from '../common/errors';
import type { FieldErrors } from './key-input';
import { ENGLISH } from '../../i18n/translator';
import { keyed, type KeyedText } from '../common/keyed-text';

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
      // Every message is a key (issueKey); anything else is kept for the log only.
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
 * may choose to keep the key in memory until the app quits (`storage: 'memory'`). The window words
 * it from its keys (`keychain.error.*`: the problem, the fix for this OS, the way out); the
 * keychain's own words stay as the detail, and `message` is the English for the log.
 */
export class KeychainError extends EnvelopeError {
  constructor(
    code: KeychainProblem,
    /** What went wrong (`keychain.problem.*`). */
    readonly problem: KeyedText,
    /** What the user can do about it (`keychain.fix.*`). */
    readonly fix: KeyedText,
    /** Whether storing the key in memory only (until the app quits) is a way out. */
    readonly canKeepInMemory = true,
    /** The keychain's own words, kept as said. */
    detail?: string,
  ) {
    const messageKey = canKeepInMemory ? 'keychain.error.refusedOrMemory' : 'keychain.error.refused';
    const messageParams = { problem, fix };
    const english = ENGLISH.word(keyed(messageKey, messageParams)) ?? code;
    super('internal', code, detail ? `${english} (${detail})` : english, undefined, {
      messageKey,
      messageParams,
      ...(detail ? { detail } : {}),
    });
    this.name = 'KeychainError';
  }
}

export function profileNotFound(profileId: string): EnvelopeError {
  return new EnvelopeError(
    'auth',
    'ProfileNotFound',
    `There is no profile named "${profileId}".`,
    undefined,
    {
      messageKey: 'cloud.error.auth.profileNotFound',
    },
  );
}
