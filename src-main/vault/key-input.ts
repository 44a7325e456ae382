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

export const secretIdField = pasted('profiles.input.secretIdMissing').pipe(
  z
    .string()
    .min(1, 'profiles.input.secretIdMissing')
    .regex(/^[A-Za-z0-9]*$/, 'profiles.input.secretIdChars')
    .refine(
      (v) => v === '' || v.startsWith('AKID') || !LOOKS_LIKE_SECRET_KEY.test(v),
      'profiles.input.secretIdLooksLikeKey',
    )
    .refine((v) => v === '' || v.startsWith('AKID'), 'profiles.input.secretIdPrefix')
    .refine((v) => !v.startsWith('AKID') || SECRET_ID_RE.test(v), 'profiles.input.secretIdShape'),
);

export const secretKeyField = pasted('profiles.input.secretKeyMissing').pipe(
  z
    .string()
    .min(1, 'profiles.input.secretKeyMissing')
    .max(128, 'profiles.input.secretKeyTooLong')
    .regex(PRINTABLE, 'profiles.input.secretKeyChars')
    .refine((v) => !LOOKS_LIKE_SECRET_ID.test(v), 'profiles.input.secretKeyLooksLikeId'),
);

export const tokenField = pasted('profiles.input.tokenMissing').pipe(
  z
    .string()
    .min(1, 'profiles.input.tokenMissing')
    .max(MAX_TOKEN_LENGTH, 'profiles.input.tokenTooLong')
    .regex(PRINTABLE, 'profiles.input.tokenChars'),
);

export const nameField = z
  .string({ error: 'profiles.input.nameMissing' })
  .transform((v) => v.trim())
  .pipe(
    z
      .string()
      .min(1, 'profiles.input.nameMissing')
      .max(MAX_NAME_LENGTH, 'profiles.input.nameTooLong')
      .refine((v) => !CONTROL.test(v), 'profiles.input.nameControl'),
  );

export const siteField = z.enum(SITES, {
  error: 'profiles.input.site',
});

export const regionField = z
  .string({ error: 'profiles.input.regionMissing' })
  .transform((v) => v.trim())
  .pipe(z.string().refine(isRegion, 'profiles.input.regionShape'));

export const storageField = z.enum(SECRET_STORAGES, { error: 'profiles.input.storage' });

/** Epoch ms; null or absent when the expiry is not known (the server will say when it lapses). */
export const expiresAtField = z
  .number({ error: 'profiles.input.expiry' })
  .int('profiles.input.expiry')
  .positive('profiles.input.expiry')
  .nullable();

export const roleArnField = pasted('profiles.input.roleArnMissing').pipe(
  z.string().min(1, 'profiles.input.roleArnMissing').regex(ROLE_ARN_RE, 'profiles.input.roleArnShape'),
);

export const externalIdField = pasted('profiles.input.externalIdText').pipe(
  z.string().regex(EXTERNAL_ID_RE, 'profiles.input.externalIdShape'),
);

export const sessionNameField = pasted('profiles.input.sessionNameText').pipe(
  z.string().regex(ROLE_SESSION_NAME_RE, 'profiles.input.sessionNameShape'),
);

export const durationField = z
  .number({ error: 'profiles.input.durationNumber' })
  .int('profiles.editor.durationNotNumber')
  .min(MIN_ROLE_DURATION_S, 'profiles.input.durationMin')
  .max(MAX_ROLE_DURATION_S, 'profiles.input.durationMax');

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
  { error: 'profiles.input.kind' },
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
    out[field] ??= issueKey(issue);
  }
  return out;
}

/**
 * The catalogue key of a zod issue: the rule's own (`profiles.input.*`), else a generic one for
 * the kind of issue, so zod's own English never reaches the screen (a shape no rule names).
 */
export function issueKey(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return 'profiles.input.notAField';
  if (/^profiles\.input\.\w+$/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return 'profiles.input.generic.type';
    case 'too_big':
      return 'profiles.input.generic.tooBig';
    case 'too_small':
      return 'profiles.input.generic.tooSmall';
    default:
      return 'profiles.input.generic.invalid';
  }
}
