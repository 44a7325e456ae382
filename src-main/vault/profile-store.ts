// The key profiles' metadata in `profiles.json` in the user-data folder: names, sites, regions,
// SecretIds, kinds — never a SecretKey or token (those live in the OS keychain). Read with a
// schema; written atomically. A file that cannot be read or understood is moved aside and the
// user told which file and why; it is never overwritten or emptied behind their back.
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-file';
import { isRegion } from '../common/instance-ref';
import { profileIdSchema, type StoreNotice } from '../contract';
import { EnvelopeError } from '../common/errors';
import { EXTERNAL_ID_RE, ROLE_ARN_RE, ROLE_SESSION_NAME_RE } from '../cloud/sts-client';
import { parseJson } from './json-text';
import { issueKey, MAX_NAME_LENGTH, SECRET_STORAGES, SITES } from './key-input';
import { keyed, type KeyedText } from '../common/keyed-text';
import { ENGLISH } from '../../i18n/translator';

export const PROFILES_FILE_VERSION = 1;
/** Far more than anyone keeps; a bigger file is not ours. */
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_PROFILES = 500;

const base = {
  id: profileIdSchema.refine((id) => id !== 'demo', 'the id "demo" belongs to the demo cloud'),
  name: z.string().min(1).max(MAX_NAME_LENGTH),
  site: z.enum(SITES),
  defaultRegion: z.string().refine(isRegion, 'not a region'),
  secretId: z.string().regex(/^[A-Za-z0-9]{1,128}$/),
  storage: z.enum(SECRET_STORAGES),
  createdAt: z.number().int().nonnegative(),
  lastUsedAt: z.number().int().nonnegative().nullable(),
};

export const profileRecordSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('keys'), ...base }),
  z.strictObject({ kind: z.literal('sts'), ...base, expiresAt: z.number().int().positive().nullable() }),
  z.strictObject({
    kind: z.literal('role'),
    ...base,
    roleArn: z.string().regex(ROLE_ARN_RE),
    externalId: z.string().regex(EXTERNAL_ID_RE).nullable(),
    sessionName: z.string().regex(ROLE_SESSION_NAME_RE),
    durationSeconds: z.number().int().positive(),
  }),
]);
export type ProfileRecord = z.infer<typeof profileRecordSchema>;

export const profilesFileSchema = z
  .strictObject({
    version: z.literal(PROFILES_FILE_VERSION),
    defaultProfileId: z.string().nullable(),
    profiles: z.array(profileRecordSchema).max(MAX_PROFILES),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    for (const [i, p] of file.profiles.entries()) {
      if (ids.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['profiles', i, 'id'], message: 'duplicate id' });
      ids.add(p.id);
    }
  });
export type ProfilesFile = z.infer<typeof profilesFileSchema>;

export const EMPTY_PROFILES: ProfilesFile = {
  version: PROFILES_FILE_VERSION,
  defaultProfileId: null,
  profiles: [],
};

export type { StoreNotice };

export interface LoadResult {
  data: ProfilesFile;
  notice?: StoreNotice;
}

/** Why the file could not be used: keyed for the window (`profiles.notice.reason.*`), English for the log. */
type Problem = { reason: string; reasonText: KeyedText };

function problem(reasonText: KeyedText): Problem {
  return { reason: ENGLISH.word(reasonText) ?? reasonText.key, reasonText };
}

/** The first thing wrong with the file's shape: where, and a generic kind of problem (never zod's words). */
function shapeProblem(error: z.ZodError): Problem {
  const issue = error.issues[0];
  const rule = keyed(issue ? issueKey(issue) : 'profiles.input.generic.invalid');
  if (!issue || issue.path.length === 0) return problem(keyed('profiles.notice.reason.shape', { rule }));
  const where = issue.path.join('.').slice(0, 80);
  return problem(keyed('profiles.notice.reason.shapeAt', { where, rule }));
}

function asideStamp(now: number): string {
  // A time that is also a valid file name on Windows (no colons).
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

export class ProfileStore {
  /** False after a bad file could not be moved aside: saving would overwrite it. */
  private writable = true;
  private writing: Promise<void> = Promise.resolve();

  private readonly now: () => number;
  private readonly rename: (from: string, to: string) => Promise<void>;

  constructor(
    readonly file: string,
    options: { now?: () => number; rename?: (from: string, to: string) => Promise<void> } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.rename = options.rename ?? rename;
  }

  async load(): Promise<LoadResult> {
    const read = await this.read();
    if ('data' in read) return { data: read.data };
    if ('newer' in read) {
      this.writable = false;
      return {
        data: EMPTY_PROFILES,
        notice: {
          code: 'ProfilesFileNewer',
          file: this.file,
          reason: read.newer,
          reasonText: keyed('profiles.notice.reason.format', { version: read.newerVersion }),
          message:
            `The profile list ${this.file} was written by a newer version of CVM Console ` +
            `(${read.newer}). Update CVM Console to see those profiles; this version will not change the file.`,
        },
      };
    }
    const { reason, reasonText } = read;
    const aside = `${this.file}.corrupt-${asideStamp(this.now())}-${randomBytes(2).toString('hex')}`;
    try {
      await this.rename(this.file, aside);
    } catch (err) {
      this.writable = false;
      const code = (err as { code?: unknown }).code;
      return {
        data: EMPTY_PROFILES,
        notice: {
          code: 'ProfilesFileStuck',
          file: this.file,
          reason,
          reasonText,
          message:
            `CVM Console could not use its profile list ${this.file}: ${reason}. It could not move the ` +
            `file aside either (${typeof code === 'string' ? code : 'error'}), so it will not save ` +
            'profiles until the file is fixed or removed. Your keys are still in the keychain.',
        },
      };
    }
    return {
      data: EMPTY_PROFILES,
      notice: {
        code: 'ProfilesFileCorrupt',
        file: this.file,
        movedTo: aside,
        reason,
        reasonText,
        message:
          `CVM Console could not use its profile list ${this.file}: ${reason}. The file was kept as ` +
          `${basename(aside)} in the same folder, and CVM Console starts with an empty list. ` +
          'Your keys are still in the keychain: add or import the profiles again.',
      },
    };
  }

  /** Writes the whole list; writes are queued, so the last call wins and none interleave. */
  save(data: ProfilesFile): Promise<void> {
    const checked = profilesFileSchema.parse(data);
    const next = this.writing.then(async () => {
      if (!this.writable) {
        throw new EnvelopeError(
          'internal',
          'ProfilesFileReadOnly',
          `The profile list ${this.file} is not saved: it could not be read and was left as it is.`,
          undefined,
          { messageKey: 'profiles.error.readOnly', messageParams: { file: this.file } },
        );
      }
      await writeFileAtomic(this.file, `${JSON.stringify(checked, null, 2)}\n`);
    });
    this.writing = next.catch(() => {});
    return next;
  }

  /** Resolves when every queued write has finished (the app awaits it before quitting). */
  flush(): Promise<void> {
    return this.writing;
  }

  private async read(): Promise<{ data: ProfilesFile } | { newer: string; newerVersion: number } | Problem> {
    let text: string;
    try {
      const info = await stat(this.file);
      if (!info.isFile()) return problem(keyed('profiles.notice.reason.notAFile'));
      if (info.size > MAX_FILE_BYTES) return problem(keyed('profiles.notice.reason.tooLarge'));
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ENOENT') return { data: EMPTY_PROFILES };
      const error = typeof code === 'string' ? code.slice(0, 40) : 'error';
      return problem(keyed('profiles.notice.reason.unreadable', { error }));
    }
    const parsedJson = parseJson(text);
    if (!parsedJson.ok) return problem(keyed('profiles.notice.reason.notJson', { line: parsedJson.line }));
    const json = parsedJson.value;
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > PROFILES_FILE_VERSION)
      return { newer: `format ${version}`, newerVersion: version };
    const parsed = profilesFileSchema.safeParse(json);
    if (!parsed.success) return shapeProblem(parsed.error);
    return { data: parsed.data };
  }
}
