// Finds keys the user already keeps for Tencent's own tools (reference §6): the environment,
// tccli profiles (~/.tccli/<name>.credential + <name>.configure) and the SDKs' credentials file
// (~/.tencentcloud/credentials). Files are only read, never copied or changed. A file that is
// malformed yields a problem naming the file and line, and no candidate at all.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { parseIni, IniSyntaxError } from './ini';
import { parseJson } from './json-text';
import {
  maskSecretId,
  regionField,
  roleArnField,
  secretIdField,
  secretKeyField,
  sessionNameField,
  tokenField,
} from './key-input';
import type { ImportCandidate, ImportProblem, ImportSource } from '../contract';
import { issueKey } from './key-input';
import { keyed, type KeyedText } from '../common/keyed-text';
import { ENGLISH, type Translate } from '../../i18n/translator';

export type { ImportCandidate, ImportProblem, ImportSource };

/** A candidate with its secrets: stays inside the vault. */
export interface FoundCredential extends ImportCandidate {
  secretId: string;
  secretKey: string;
  token?: string;
  sessionName?: string;
}

export interface FoundCredentials {
  found: FoundCredential[];
  problems: ImportProblem[];
}

export interface ImportLocations {
  env: Record<string, string | undefined>;
  /** The user's home folder (os.homedir() in the app). */
  home: string;
  /** Main's translator's `t`, for the name it suggests (it becomes the profile's). Default: English. */
  t?: Translate;
}

const MAX_FILE_BYTES = 64 * 1024;
const MAX_TCCLI_PROFILES = 100;
const TCCLI_NAME = /^[\w.-]{1,64}$/;

export function publicCandidate(c: FoundCredential): ImportCandidate {
  const out: ImportCandidate = {
    ref: c.ref,
    source: c.source,
    origin: c.origin,
    suggestedName: c.suggestedName,
    kind: c.kind,
    secretIdMasked: c.secretIdMasked,
  };
  if (c.region) out.region = c.region;
  if (c.site) out.site = c.site;
  if (c.roleArn) out.roleArn = c.roleArn;
  return out;
}

/** Checks one value with an editor field's rules; the reason names the field as the file does. */
function check<S extends z.ZodType<string, string>>(
  schema: S,
  value: unknown,
  field: string,
): { ok: true; value: string } | { ok: false; reason: KeyedText } {
  if (typeof value !== 'string')
    return { ok: false, reason: keyed('profiles.importProblem.notText', { field }) };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const rule = keyed(issue ? issueKey(issue) : 'profiles.input.generic.invalid');
  return { ok: false, reason: keyed('profiles.importProblem.field', { field, rule }) };
}

/** A problem's English, for the log: the window words it from its keys. */
function english(text: KeyedText): string {
  return ENGLISH.word(text) ?? text.key;
}

/** A file that gave nothing: where, why (keyed, for the window) and the English for the log. */
function fileProblem(source: ImportSource, file: string, reason: KeyedText, line?: number): ImportProblem {
  const text = keyed('profiles.importProblem.nothingImported', { reason });
  return {
    source,
    file,
    ...(line !== undefined ? { line } : {}),
    text,
    message: `${file}${line !== undefined ? ` line ${line}` : ''}: ${english(text)}`,
  };
}

class Rejected extends Error {
  constructor(
    readonly reason: KeyedText,
    readonly line?: number,
  ) {
    super(english(reason));
  }
}

interface RawKey {
  secretId: unknown;
  secretKey: unknown;
  token?: unknown;
  roleArn?: unknown;
  sessionName?: unknown;
  names: { secretId: string; secretKey: string; token: string; roleArn: string; sessionName: string };
  lineOf: (name: string) => number | undefined;
}

/** The checked key, or Rejected naming the line of the first bad value. */
function checkKey(
  raw: RawKey,
): Pick<FoundCredential, 'kind' | 'secretId' | 'secretKey' | 'token' | 'roleArn' | 'sessionName'> {
  const fail = (name: string, reason: KeyedText): never => {
    throw new Rejected(reason, raw.lineOf(name));
  };
  const id = check(secretIdField, raw.secretId, raw.names.secretId);
  if (!id.ok) return fail(raw.names.secretId, id.reason);
  const key = check(secretKeyField, raw.secretKey, raw.names.secretKey);
  if (!key.ok) return fail(raw.names.secretKey, key.reason);
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';
  const out: ReturnType<typeof checkKey> = { kind: 'keys', secretId: id.value, secretKey: key.value };
  if (present(raw.roleArn)) {
    const arn = check(roleArnField, raw.roleArn, raw.names.roleArn);
    if (!arn.ok) return fail(raw.names.roleArn, arn.reason);
    out.kind = 'role';
    out.roleArn = arn.value;
    if (present(raw.sessionName)) {
      const session = check(sessionNameField, raw.sessionName, raw.names.sessionName);
      if (!session.ok) return fail(raw.names.sessionName, session.reason);
      out.sessionName = session.value;
    }
  } else if (present(raw.token)) {
    const token = check(tokenField, raw.token, raw.names.token);
    if (!token.ok) return fail(raw.names.token, token.reason);
    out.kind = 'sts';
    out.token = token.value;
  }
  return out;
}

function lineFinder(text: string): (needle: string) => number | undefined {
  const lines = text.split(/\r?\n/);
  return (needle) => {
    const i = lines.findIndex((l) => l.includes(needle));
    return i === -1 ? undefined : i + 1;
  };
}

async function readSmallFile(file: string): Promise<string | undefined> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new Rejected(keyed('profiles.importProblem.unreadable'));
  }
  if (!info.isFile()) throw new Rejected(keyed('profiles.importProblem.notAFile'));
  if (info.size > MAX_FILE_BYTES) throw new Rejected(keyed('profiles.importProblem.tooLarge'));
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new Rejected(keyed('profiles.importProblem.unreadable'));
  }
}

function readJsonObject(text: string): Record<string, unknown> {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Rejected(keyed('profiles.importProblem.notJson'), parsed.line);
  const json = parsed.value;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Rejected(keyed('profiles.importProblem.notObject'), 1);
  }
  return json as Record<string, unknown>;
}

// ---- environment -------------------------------------------------------------------------

function fromEnvironment(env: ImportLocations['env'], t: Translate, out: FoundCredentials): void {
  const id = env['TENCENTCLOUD_SECRET_ID'];
  const key = env['TENCENTCLOUD_SECRET_KEY'];
  if (!id && !key) return;
  const problem = (text: KeyedText): void => {
    out.problems.push({ source: 'environment', text, message: english(text) });
  };
  if (!id || !key) {
    const name = id ? 'TENCENTCLOUD_SECRET_KEY' : 'TENCENTCLOUD_SECRET_ID';
    problem(keyed('profiles.importProblem.envIncomplete', { name }));
    return;
  }
  let checked;
  try {
    checked = checkKey({
      secretId: id,
      secretKey: key,
      // tccli reads TENCENTCLOUD_TOKEN, the SDKs TENCENTCLOUD_SESSION_TOKEN.
      token: env['TENCENTCLOUD_SESSION_TOKEN'] ?? env['TENCENTCLOUD_TOKEN'],
      names: {
        secretId: 'TENCENTCLOUD_SECRET_ID',
        secretKey: 'TENCENTCLOUD_SECRET_KEY',
        token:
          env['TENCENTCLOUD_SESSION_TOKEN'] !== undefined
            ? 'TENCENTCLOUD_SESSION_TOKEN'
            : 'TENCENTCLOUD_TOKEN',
        roleArn: '',
        sessionName: '',
      },
      lineOf: () => undefined,
    });
  } catch (err) {
    if (!(err instanceof Rejected)) throw err;
    problem(err.reason);
    return;
  }
  const found: FoundCredential = {
    ref: 'env',
    source: 'environment',
    origin: 'environment variables',
    suggestedName: t('profiles.import.fromEnvironment'),
    secretIdMasked: maskSecretId(checked.secretId),
    ...checked,
  };
  const region = env['TENCENTCLOUD_REGION'];
  if (region) {
    const r = check(regionField, region, 'TENCENTCLOUD_REGION');
    if (r.ok) found.region = r.value;
    else problem(keyed('profiles.importProblem.ignored', { reason: r.reason }));
  }
  out.found.push(found);
}

// ---- tccli ---------------------------------------------------------------------------------

async function fromTccli(home: string, out: FoundCredentials): Promise<void> {
  const dir = join(home, '.tccli');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.credential')).sort();
  } catch {
    return; // no tccli here
  }
  for (const fileName of names.slice(0, MAX_TCCLI_PROFILES)) {
    const profile = fileName.slice(0, -'.credential'.length);
    const credFile = join(dir, fileName);
    if (!TCCLI_NAME.test(profile)) {
      const text = keyed('profiles.importProblem.unusualName');
      out.problems.push({ source: 'tccli', file: credFile, text, message: `${credFile}: ${english(text)}` });
      continue;
    }
    const confFile = join(dir, `${profile}.configure`);
    let file = credFile;
    try {
      const text = await readSmallFile(credFile);
      if (text === undefined) continue;
      const cred = readJsonObject(text);
      const lineOf = lineFinder(text);
      const type = cred['type'];
      if (typeof type === 'string' && type !== '' && type !== 'default') {
        throw new Rejected(
          keyed('profiles.importProblem.signIn', { type: type.slice(0, 20) }),
          lineOf('"type"'),
        );
      }
      const checked = checkKey({
        secretId: cred['secretId'],
        secretKey: cred['secretKey'],
        token: cred['token'],
        roleArn: cred['role-arn'],
        sessionName: cred['role-session-name'],
        names: {
          secretId: 'secretId',
          secretKey: 'secretKey',
          token: 'token',
          roleArn: 'role-arn',
          sessionName: 'role-session-name',
        },
        lineOf: (name) => lineOf(`"${name}"`) ?? 1,
      });
      const found: FoundCredential = {
        ref: `tccli:${profile}`,
        source: 'tccli',
        origin: credFile,
        suggestedName: `tccli ${profile}`,
        secretIdMasked: maskSecretId(checked.secretId),
        ...checked,
      };
      file = confFile;
      const confText = await readSmallFile(confFile);
      if (confText !== undefined) {
        const conf = readJsonObject(confText);
        const confLine = lineFinder(confText);
        const sys = conf['_sys_param'];
        const region =
          sys && typeof sys === 'object' ? (sys as Record<string, unknown>)['region'] : undefined;
        if (region !== undefined && region !== '') {
          const r = check(regionField, region, 'region');
          if (!r.ok) throw new Rejected(r.reason, confLine('"region"'));
          found.region = r.value;
        }
        const cvm = conf['cvm'];
        const endpoint =
          cvm && typeof cvm === 'object' ? (cvm as Record<string, unknown>)['endpoint'] : undefined;
        if (typeof endpoint === 'string' && /(^|\.)intl\.tencentcloudapi\.com$/.test(endpoint))
          found.site = 'intl';
      }
      out.found.push(found);
    } catch (err) {
      if (!(err instanceof Rejected)) throw err;
      out.problems.push(fileProblem('tccli', file, err.reason, err.line));
    }
  }
}

// ---- SDK credentials file --------------------------------------------------------------------

async function fromSdkFile(home: string, out: FoundCredentials): Promise<void> {
  const file = join(home, '.tencentcloud', 'credentials');
  const report = (reason: KeyedText, line?: number): void => {
    out.problems.push(fileProblem('sdk', file, reason, line));
  };
  let sections;
  try {
    const text = await readSmallFile(file);
    if (text === undefined) return;
    sections = parseIni(text);
  } catch (err) {
    if (err instanceof IniSyntaxError) return report(err.reason, err.line);
    if (err instanceof Rejected) return report(err.reason, err.line);
    throw err;
  }
  const found: FoundCredential[] = [];
  for (const section of sections) {
    const value = (name: string) => section.values.get(name)?.value;
    try {
      const checked = checkKey({
        secretId: value('secret_id'),
        secretKey: value('secret_key'),
        token: value('token'),
        names: {
          secretId: `[${section.name}] secret_id`,
          secretKey: `[${section.name}] secret_key`,
          token: `[${section.name}] token`,
          roleArn: '',
          sessionName: '',
        },
        lineOf: (name) => section.values.get(name.split(' ')[1] ?? '')?.line ?? section.line,
      });
      found.push({
        ref: `sdk:${section.name}`,
        source: 'sdk',
        origin: file,
        suggestedName: section.name === 'default' ? 'SDK default' : `SDK ${section.name}`,
        secretIdMasked: maskSecretId(checked.secretId),
        ...checked,
      });
    } catch (err) {
      if (!(err instanceof Rejected)) throw err;
      return report(err.reason, err.line);
    }
  }
  out.found.push(...found);
}

/** Everything importable on this computer, and what could not be read. */
export async function findCredentials(where: ImportLocations): Promise<FoundCredentials> {
  const out: FoundCredentials = { found: [], problems: [] };
  fromEnvironment(where.env, where.t ?? ENGLISH.t, out);
  await fromTccli(where.home, out);
  await fromSdkFile(where.home, out);
  return out;
}
