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
import { englishFieldMessage } from './errors';

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

/** Checks one value with an editor field's rules; the message names the field as the file does. */
function check<S extends z.ZodType<string, string>>(
  schema: S,
  value: unknown,
  label: string,
): { ok: true; value: string } | { ok: false; message: string } {
  if (typeof value !== 'string') return { ok: false, message: `${label} is missing or not text` };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const message = parsed.error.issues[0]?.message;
  return { ok: false, message: `${label}: ${message ? englishFieldMessage(message) : 'not valid'}` };
}

/** Ends a message with exactly one full stop. */
function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

class Rejected extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
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
  const fail = (name: string, message: string): never => {
    throw new Rejected(message, raw.lineOf(name));
  };
  const id = check(secretIdField, raw.secretId, raw.names.secretId);
  if (!id.ok) return fail(raw.names.secretId, id.message);
  const key = check(secretKeyField, raw.secretKey, raw.names.secretKey);
  if (!key.ok) return fail(raw.names.secretKey, key.message);
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';
  const out: ReturnType<typeof checkKey> = { kind: 'keys', secretId: id.value, secretKey: key.value };
  if (present(raw.roleArn)) {
    const arn = check(roleArnField, raw.roleArn, raw.names.roleArn);
    if (!arn.ok) return fail(raw.names.roleArn, arn.message);
    out.kind = 'role';
    out.roleArn = arn.value;
    if (present(raw.sessionName)) {
      const session = check(sessionNameField, raw.sessionName, raw.names.sessionName);
      if (!session.ok) return fail(raw.names.sessionName, session.message);
      out.sessionName = session.value;
    }
  } else if (present(raw.token)) {
    const token = check(tokenField, raw.token, raw.names.token);
    if (!token.ok) return fail(raw.names.token, token.message);
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
    throw new Rejected('it could not be read');
  }
  if (!info.isFile()) throw new Rejected('it is not a file');
  if (info.size > MAX_FILE_BYTES)
    throw new Rejected('it is larger than 64 KB, too large for a credentials file');
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new Rejected('it could not be read');
  }
}

function readJsonObject(text: string): Record<string, unknown> {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Rejected('it is not valid JSON', parsed.line);
  const json = parsed.value;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Rejected('it is not a JSON object', 1);
  }
  return json as Record<string, unknown>;
}

// ---- environment -------------------------------------------------------------------------

function fromEnvironment(env: ImportLocations['env'], out: FoundCredentials): void {
  const id = env['TENCENTCLOUD_SECRET_ID'];
  const key = env['TENCENTCLOUD_SECRET_KEY'];
  if (!id && !key) return;
  const problem = (message: string): void => {
    out.problems.push({ source: 'environment', message });
  };
  if (!id || !key) {
    problem(
      `${id ? 'TENCENTCLOUD_SECRET_KEY' : 'TENCENTCLOUD_SECRET_ID'} is not set, so the key in the environment is incomplete.`,
    );
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
    problem((err as Error).message);
    return;
  }
  const found: FoundCredential = {
    ref: 'env',
    source: 'environment',
    origin: 'environment variables',
    suggestedName: 'From the environment',
    secretIdMasked: maskSecretId(checked.secretId),
    ...checked,
  };
  const region = env['TENCENTCLOUD_REGION'];
  if (region) {
    const r = check(regionField, region, 'TENCENTCLOUD_REGION');
    if (r.ok) found.region = r.value;
    else problem(`${r.message} (ignored)`);
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
      out.problems.push({
        source: 'tccli',
        file: credFile,
        message: 'The profile name has unusual characters; skipped.',
      });
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
          `this profile signs in with "${type.slice(0, 20)}", which CVM Console cannot import; create an API key instead`,
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
          if (!r.ok) throw new Rejected(r.message, confLine('"region"'));
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
      out.problems.push({
        source: 'tccli',
        file,
        ...(err.line !== undefined ? { line: err.line } : {}),
        message: `${file}${err.line !== undefined ? ` line ${err.line}` : ''}: ${sentence(err.message)} Nothing was imported from it.`,
      });
    }
  }
}

// ---- SDK credentials file --------------------------------------------------------------------

async function fromSdkFile(home: string, out: FoundCredentials): Promise<void> {
  const file = join(home, '.tencentcloud', 'credentials');
  const report = (message: string, line?: number): void => {
    out.problems.push({
      source: 'sdk',
      file,
      ...(line !== undefined ? { line } : {}),
      message: `${file}${line !== undefined ? ` line ${line}` : ''}: ${sentence(message)} Nothing was imported from it.`,
    });
  };
  let sections;
  try {
    const text = await readSmallFile(file);
    if (text === undefined) return;
    sections = parseIni(text);
  } catch (err) {
    if (err instanceof IniSyntaxError) return report(err.problem, err.line);
    if (err instanceof Rejected) return report(err.message, err.line);
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
      return report(err.message, err.line);
    }
  }
  out.found.push(...found);
}

/** Everything importable on this computer, and what could not be read. */
export async function findCredentials(where: ImportLocations): Promise<FoundCredentials> {
  const out: FoundCredentials = { found: [], problems: [] };
  fromEnvironment(where.env, out);
  await fromTccli(where.home, out);
  await fromSdkFile(where.home, out);
  return out;
}
