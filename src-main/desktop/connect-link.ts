// The two ways to ask for a console from outside the app, parsed strictly:
//   cvm-console://connect?instance=ins-…[&region=…][&profile=…]   (a link the OS hands over)
//   --connect ins-… [--region …] [--profile …]                    (the command line)
// Only the three parameters, each once, each of its exact shape. Anything else — another scheme
// or action, a user name or password, a fragment, a parameter we do not know (a key above all),
// a malformed escape, non-ASCII text, an oversized link — ends in one error with a fixed message
// (the input is never echoed back) and nothing happens. A link never carries a key.
import { instanceIdSchema, profileIdSchema, regionSchema, type ErrorEnvelope } from '../contract';
import { ENGLISH, type Translate } from '../../i18n/translator';

export const LINK_SCHEME = 'cvm-console';
/** A valid link is under 160 characters; anything far longer is refused before it is looked at. */
export const MAX_LINK_LENGTH = 512;
/** The command-line switch that starts the app in the tray (start at login uses it). */
export const HIDDEN_SWITCH = '--hidden';

/** What a link or the command line asks for: an instance, perhaps with its region and profile. */
export interface ConnectLink {
  instanceId: string;
  region?: string;
  profileId?: string;
}

export type LinkErrorCode =
  | 'NotALink'
  | 'LinkTooLong'
  | 'UnknownScheme'
  | 'UnknownAction'
  | 'LinkCarriesCredentials'
  | 'LinkCarriesKey'
  | 'UnknownParameter'
  | 'DuplicateParameter'
  | 'MissingInstance'
  | 'BadInstanceId'
  | 'BadRegion'
  | 'BadProfileId'
  | 'BadCommandLine'
  | 'ConflictingLinks'
  | 'TooManyLinks';

export type LinkError = ErrorEnvelope & { kind: 'invalid-input'; code: LinkErrorCode };
export type LinkResult = { ok: true; link: ConnectLink } | { ok: false; error: LinkError };

// Each code's message as a catalogue key (literal, so the catalogue check sees it is used).
const MESSAGES = {
  NotALink: 'link.error.notALink',
  LinkTooLong: 'link.error.tooLong',
  UnknownScheme: 'link.error.unknownScheme',
  UnknownAction: 'link.error.unknownAction',
  LinkCarriesCredentials: 'link.error.credentials',
  LinkCarriesKey: 'link.error.key',
  UnknownParameter: 'link.error.unknownParameter',
  DuplicateParameter: 'link.error.duplicateParameter',
  MissingInstance: 'link.error.missingInstance',
  BadInstanceId: 'link.error.badInstanceId',
  BadRegion: 'link.error.badRegion',
  BadProfileId: 'link.error.badProfileId',
  BadCommandLine: 'link.error.badCommandLine',
  ConflictingLinks: 'link.error.conflicting',
  TooManyLinks: 'link.error.tooMany',
} as const satisfies Record<LinkErrorCode, string>;

/** A link error's message in `t`'s language (the envelope's own `message` is English, for logs). */
export function linkErrorMessage(code: LinkErrorCode, t: Translate = ENGLISH.t): string {
  return t(MESSAGES[code], { format: t('link.format') });
}

export function fail(code: LinkErrorCode): { ok: false; error: LinkError } {
  return {
    ok: false,
    error: { kind: 'invalid-input', code, message: linkErrorMessage(code), messageKey: MESSAGES[code] },
  };
}

type Parameter = 'instance' | 'region' | 'profile';
const PARAMETERS: readonly Parameter[] = ['instance', 'region', 'profile'];
/** Names that smell of a secret: refused with their own message, so nobody thinks it was a typo. */
const SECRET_NAME = /secret|key|token|passw|credential|signature|akid|auth/i;
/** Printable ASCII without space: what a link is made of once the OS has encoded it. */
const LINK_CHARS = /^[\x21-\x7e]+$/;

/** Checks the values' shapes (the contract's own rules) and builds the link. */
function checked(values: Partial<Record<Parameter, string>>): LinkResult {
  const { instance, region, profile } = values;
  if (instance === undefined || instance === '') return fail('MissingInstance');
  if (!instanceIdSchema.safeParse(instance).success) return fail('BadInstanceId');
  if (region !== undefined && !regionSchema.safeParse(region).success) return fail('BadRegion');
  if (profile !== undefined && !profileIdSchema.safeParse(profile).success) return fail('BadProfileId');
  return {
    ok: true,
    link: {
      instanceId: instance,
      ...(region !== undefined ? { region } : {}),
      ...(profile !== undefined ? { profileId: profile } : {}),
    },
  };
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** True for text that claims to be one of our links (even a malformed one). */
export function looksLikeLink(text: string): boolean {
  return text.slice(0, LINK_SCHEME.length + 1).toLowerCase() === `${LINK_SCHEME}:`;
}

/** Parses `cvm-console://connect?instance=…[&region=…][&profile=…]`. */
export function parseConnectLink(raw: unknown): LinkResult {
  if (typeof raw !== 'string' || raw.length === 0) return fail('NotALink');
  if (raw.length > MAX_LINK_LENGTH) return fail('LinkTooLong');
  if (!looksLikeLink(raw)) return fail('UnknownScheme');
  if (!LINK_CHARS.test(raw) || raw.includes('#') || raw.includes('\\')) return fail('NotALink');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('NotALink');
  }
  if (url.username !== '' || url.password !== '') return fail('LinkCarriesCredentials');
  if (url.host !== 'connect' || (url.pathname !== '' && url.pathname !== '/')) return fail('UnknownAction');

  const values: Partial<Record<Parameter, string>> = {};
  for (const part of url.search.slice(1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    if (name === null || value === null) return fail('NotALink');
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      return fail(SECRET_NAME.test(name) ? 'LinkCarriesKey' : 'UnknownParameter');
    }
    const key = name as Parameter;
    if (values[key] !== undefined) return fail('DuplicateParameter');
    values[key] = value;
  }
  return checked(values);
}

// A Map, not an object: an argument named `valueOf` or `__proto__` must not find anything.
const SWITCHES = new Map<string, Parameter>([
  ['--connect', 'instance'],
  ['--region', 'region'],
  ['--profile', 'profile'],
]);

export interface CommandLine {
  /** null when the command line asks for no console. */
  link: LinkResult | null;
  /** Started by start-at-login: stay in the tray. */
  hidden: boolean;
}

/**
 * Reads a command line (the app's own, or a second launch's): a `cvm-console:` argument, or the
 * `--connect` switches (`--connect ins-…` or `--connect=ins-…`). Every other argument — the
 * executable, the app folder in development, Chromium's own switches — is ignored.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const links: string[] = [];
  const values: Partial<Record<Parameter, string>> = {};
  let hidden = false;
  let error: LinkResult | undefined;
  const refuse = (code: LinkErrorCode) => (error ??= fail(code));

  for (let i = 0; i < argv.length; i++) {
    const arg = String(argv[i]);
    if (arg === HIDDEN_SWITCH) {
      hidden = true;
      continue;
    }
    if (looksLikeLink(arg)) {
      links.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const key = SWITCHES.get(name);
    if (key === undefined) continue;
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !String(argv[i + 1]).startsWith('-')) value = String(argv[++i]);
    if (value === undefined || value === '')
      refuse(key === 'instance' ? 'MissingInstance' : 'BadCommandLine');
    else if (value.length > MAX_LINK_LENGTH) refuse('LinkTooLong');
    else if (values[key] !== undefined) refuse('DuplicateParameter');
    else values[key] = value;
  }

  const switches = Object.keys(values).length > 0;
  if (error) return { link: error, hidden };
  if (links.length > 1 || (links.length === 1 && switches)) return { link: fail('ConflictingLinks'), hidden };
  if (links.length === 1) return { link: parseConnectLink(links[0]), hidden };
  if (!switches) return { link: null, hidden };
  if (values.instance === undefined) return { link: fail('BadCommandLine'), hidden };
  return { link: checked(values), hidden };
}

/** The link that opens this console: the inverse of parseConnectLink. */
export function formatConnectLink(link: ConnectLink): string {
  const query = [`instance=${link.instanceId}`];
  if (link.region) query.push(`region=${link.region}`);
  if (link.profileId) query.push(`profile=${link.profileId}`);
  return `${LINK_SCHEME}://connect?${query.join('&')}`;
}
