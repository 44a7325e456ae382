// What a user types or pastes into the profile editor, cleaned and checked field by field, with a
// message for each field that is wrong. Pure rules (zod only), so the renderer can share them.
import { z } from 'zod';
import type { KeyKind, SecretStorage, Site } from '../contract';
import { isRegion } from '../common/instance-ref';
import {
  EXTERNAL_ID_RE,
  MAX_ROLE_DURATION_S,
  MIN_ROLE_DURATION_S,
  ROLE_ARN_RE,
  ROLE_SESSION_NAME_RE,
} from '../cloud/sts-client';

export type { KeyKind, SecretStorage, Site };
export const SITES = ['china', 'intl'] as const satisfies readonly Site[];
export const KEY_KINDS = ['keys', 'sts', 'role'] as const satisfies readonly KeyKind[];
export const SECRET_STORAGES = ['keychain', 'memory'] as const satisfies readonly SecretStorage[];

export const MAX_NAME_LENGTH = 64;
export const MAX_TOKEN_LENGTH = 4096;

// Copying a key from a web page or a chat often brings invisible passengers along: zero-width
// characters, a byte-order mark, non-breaking spaces, a line break. Keys never contain any
// whitespace, so all of it goes (a common cause of AuthFailure.SecretIdNotFound).
const INVISIBLE = /[\s\u00a0\u1680\u180e\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]/g;

/** A pasted key, token or ARN with every whitespace and invisible character removed. */
export function cleanPastedKey(raw: string): string {
  return raw.replace(INVISIBLE, '');
}

/** `AKIDabcd…wxyz`: first 4 and last 4 characters, enough to tell keys apart, never the whole. */
export function maskSecretId(secretId: string): string {
  if (secretId.length <= 8) return '…';
  return `${secretId.slice(0, 4)}…${secretId.slice(-4)}`;
}

const SECRET_ID_RE = /^AKID[A-Za-z0-9]{8,124}$/;
const LOOKS_LIKE_SECRET_ID = /^AKID[A-Za-z0-9]{32}$/;
const LOOKS_LIKE_SECRET_KEY = /^[A-Za-z0-9]{32}$/;
const PRINTABLE = /^[\x21-\x7e]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

const pasted = (missing: string) => z.string({ error: missing }).transform(cleanPastedKey);

export const secretIdField = pasted('Paste the SecretId (it starts with AKID).').pipe(
  z
    .string()
    .min(1, 'Paste the SecretId (it starts with AKID).')
    .regex(/^[A-Za-z0-9]*$/, 'A SecretId has only letters and digits.')
    .refine(
      (v) => v === '' || v.startsWith('AKID') || !LOOKS_LIKE_SECRET_KEY.test(v),
      'This looks like a SecretKey: the SecretId is the other value, the one that starts with AKID.',
    )
    .refine((v) => v === '' || v.startsWith('AKID'), 'A SecretId starts with AKID.')
    .refine(
      (v) => !v.startsWith('AKID') || SECRET_ID_RE.test(v),
      'A SecretId is AKID followed by letters and digits (36 characters in all for a long-term key).',
    ),
);

export const secretKeyField = pasted('Paste the SecretKey.').pipe(
  z
    .string()
    .min(1, 'Paste the SecretKey.')
    .max(128, 'A SecretKey is much shorter than this: check what was pasted.')
    .regex(PRINTABLE, 'A SecretKey has no spaces or special characters.')
    .refine(
      (v) => !LOOKS_LIKE_SECRET_ID.test(v),
      'This looks like a SecretId: the SecretKey is the other, secret value.',
    ),
);

export const tokenField = pasted('Paste the session token of the temporary key.').pipe(
  z
    .string()
    .min(1, 'Paste the session token of the temporary key.')
    .max(MAX_TOKEN_LENGTH, `A session token has at most ${MAX_TOKEN_LENGTH} characters.`)
    .regex(PRINTABLE, 'A session token has no spaces or special characters.'),
);

export const nameField = z
  .string({ error: 'Give the profile a name.' })
  .transform((v) => v.trim())
  .pipe(
    z
      .string()
      .min(1, 'Give the profile a name.')
      .max(MAX_NAME_LENGTH, `A name has at most ${MAX_NAME_LENGTH} characters.`)
      .refine((v) => !CONTROL.test(v), 'A name cannot contain control characters.'),
  );

export const siteField = z.enum(SITES, {
  error: 'Choose the China site (cloud.tencent.com) or the international site (tencentcloud.com).',
});

export const regionField = z
  .string({ error: 'Choose a default region.' })
  .transform((v) => v.trim())
  .pipe(z.string().refine(isRegion, 'A region looks like ap-guangzhou.'));

export const storageField = z.enum(SECRET_STORAGES, { error: 'Choose keychain or memory.' });

/** Epoch ms; null or absent when the expiry is not known (the server will say when it lapses). */
export const expiresAtField = z
  .number({ error: 'The expiry is a date and time.' })
  .int('The expiry is a date and time.')
  .positive('The expiry is a date and time.')
  .nullable();

export const roleArnField = pasted('Paste the role ARN (qcs::cam::uin/…:roleName/…).').pipe(
  z
    .string()
    .min(1, 'Paste the role ARN (qcs::cam::uin/…:roleName/…).')
    .regex(
      ROLE_ARN_RE,
      'A role ARN looks like qcs::cam::uin/100000000001:roleName/my-role (or …:role/4611686018427397919).',
    ),
);

export const externalIdField = pasted('The external ID is text.').pipe(
  z.string().regex(EXTERNAL_ID_RE, 'An external ID is 2 to 128 letters, digits or + = , . @ : / _ -.'),
);

export const sessionNameField = pasted('The session name is text.').pipe(
  z.string().regex(ROLE_SESSION_NAME_RE, 'A session name is 2 to 128 letters, digits or + = , . @ _ -.'),
);

export const durationField = z
  .number({ error: 'The session length is a number of seconds.' })
  .int('The session length is a whole number of seconds.')
  .min(MIN_ROLE_DURATION_S, `A role session lasts at least ${MIN_ROLE_DURATION_S} seconds.`)
  .max(MAX_ROLE_DURATION_S, `A role session lasts at most ${MAX_ROLE_DURATION_S} seconds (12 hours).`);

const common = {
  name: nameField,
  site: siteField,
  defaultRegion: regionField,
  secretId: secretIdField,
  secretKey: secretKeyField,
  storage: storageField.optional(),
};

export const createProfileInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('keys'), ...common }),
    z.strictObject({
      kind: z.literal('sts'),
      ...common,
      token: tokenField,
      expiresAt: expiresAtField.optional(),
    }),
    z.strictObject({
      kind: z.literal('role'),
      ...common,
      roleArn: roleArnField,
      externalId: externalIdField.optional(),
      sessionName: sessionNameField.optional(),
      durationSeconds: durationField.optional(),
    }),
  ],
  { error: 'Choose the kind of key: long-term, temporary (STS) or role.' },
);
export type CreateProfileInput = z.input<typeof createProfileInputSchema>;
export type CreateProfileFields = z.output<typeof createProfileInputSchema>;

/** A new key for an existing profile: every part of it at once (a SecretKey belongs to its SecretId). */
export const replaceKeySchema = z.strictObject({
  secretId: secretIdField,
  secretKey: secretKeyField,
  token: tokenField.optional(),
  expiresAt: expiresAtField.optional(),
});

export const updateProfileInputSchema = z.strictObject({
  name: nameField.optional(),
  site: siteField.optional(),
  defaultRegion: regionField.optional(),
  key: replaceKeySchema.optional(),
  storage: storageField.optional(),
  roleArn: roleArnField.optional(),
  /** null removes it. */
  externalId: externalIdField.nullable().optional(),
  sessionName: sessionNameField.optional(),
  durationSeconds: durationField.optional(),
});
export type UpdateProfileInput = z.input<typeof updateProfileInputSchema>;
export type UpdateProfileFields = z.output<typeof updateProfileInputSchema>;

/** field path (e.g. `secretKey`, `key.secretId`) → the first message about it. */
export type FieldErrors = Record<string, string>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field =
      issue.code === 'unrecognized_keys'
        ? issue.keys.join(', ')
        : issue.path.length > 0
          ? issue.path.join('.')
          : '(form)';
    const message =
      issue.code === 'unrecognized_keys' ? 'This field is not part of a profile.' : issue.message;
    out[field] ??= message;
  }
  return out;
}
