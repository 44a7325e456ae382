// Which console a link opens: the link names an instance (and perhaps its region and profile);
// a console opens only under a profile that owns that instance. Ownership is known from a
// profile's last listing (the inventory cache) or, failing that, by asking the cloud in that
// profile's regions. A profile that is not set up, or an instance no profile owns, ends in one
// clear message, and nothing opens.
import type { ErrorEnvelope, InstanceRef } from '../contract';
import { toErrorEnvelope } from '../common/errors';
import { linkErrorMessage, type ConnectLink, type LinkResult } from './connect-link';
import { ENGLISH, type Translate } from '../../i18n/translator';
import { findInstance, type LookupClient, type LookupOutcome } from './find-instance';

/** A link looks through this many profiles at most (each lookup may ask every region). */
export const MAX_LOOKUP_PROFILES = 8;

export interface LinkProfile {
  id: string;
  name: string;
}

export interface LinkTargetSources {
  /** The user's profiles, the one to prefer first (the default or last used). */
  profiles: readonly LinkProfile[];
  /** The instance's region in the profile's cached inventory, if it is there. */
  cachedRegion(profileId: string, instanceId: string): string | undefined;
  /** Asks the cloud, with the profile's key, where the instance is (one region or all). */
  lookup(profileId: string, instanceId: string, region?: string): Promise<LookupOutcome>;
}

export type LinkTarget =
  { ok: true; ref: InstanceRef; via: 'cache' | 'lookup' } | { ok: false; error: ErrorEnvelope };

/** A cloud error in `t`'s language: its catalogue text (with Tencent's words after it), else its message. */
function errorMessage(error: ErrorEnvelope, t: Translate): string {
  const key = error.messageKey;
  if (key === undefined || !ENGLISH.has(key)) return error.message;
  const text = (t as unknown as (k: string) => string)(key);
  return error.detail ? `${text} (${error.detail})` : text;
}

const shortName = (name: string) => (name.length > 40 ? `${name.slice(0, 39)}…` : name);

/** `t` words the messages (main's translator: the app's language; English by default). */
export async function resolveLinkTarget(
  link: ConnectLink,
  sources: LinkTargetSources,
  t: Translate = ENGLISH.t,
): Promise<LinkTarget> {
  const { instanceId, region } = link;
  const candidates = link.profileId
    ? sources.profiles.filter((p) => p.id === link.profileId)
    : sources.profiles;
  if (candidates.length === 0) {
    return {
      ok: false,
      error: {
        kind: 'invalid-input',
        code: link.profileId ? 'ProfileNotFound' : 'NoProfile',
        message: link.profileId
          ? t('link.error.profileNotFound', { profile: link.profileId })
          : t('link.error.noProfile'),
      },
    };
  }

  for (const profile of candidates) {
    const cached = sources.cachedRegion(profile.id, instanceId);
    if (cached !== undefined && (region === undefined || region === cached)) {
      return { ok: true, ref: { profileId: profile.id, region: cached, instanceId }, via: 'cache' };
    }
  }

  const failures: Array<{ profile: LinkProfile; error: ErrorEnvelope }> = [];
  let asked = 0;
  for (const profile of candidates.slice(0, MAX_LOOKUP_PROFILES)) {
    try {
      const outcome = await sources.lookup(profile.id, instanceId, region);
      asked += outcome.asked;
      if (outcome.found) {
        return {
          ok: true,
          ref: { profileId: profile.id, region: outcome.found.region, instanceId },
          via: 'lookup',
        };
      }
      const first = outcome.failures[0];
      if (first) failures.push({ profile, error: toErrorEnvelope(first.error) });
    } catch (error) {
      failures.push({ profile, error: toErrorEnvelope(error) });
    }
  }

  const first = failures[0];
  if (first) {
    return {
      ok: false,
      error: {
        kind: first.error.kind,
        code: 'InstanceNotChecked',
        message: t(region ? 'link.error.notCheckedIn' : 'link.error.notChecked', {
          id: instanceId,
          region: region ?? '',
          profile: shortName(first.profile.name),
          message: errorMessage(first.error, t),
        }),
      },
    };
  }
  const one = candidates.length === 1 ? shortName(candidates[0]!.name) : undefined;
  const values = { id: instanceId, region: region ?? '', count: asked, profile: one ?? '' };
  return {
    ok: false,
    error: {
      kind: 'instance-gone',
      code: 'InstanceNotOwned',
      message:
        one !== undefined
          ? t(region ? 'link.error.notOwnedByIn' : 'link.error.notOwnedBy', values)
          : t(region ? 'link.error.notOwnedIn' : 'link.error.notOwned', values),
    },
  };
}

/** The sources a set of profiles gives: each profile's key asks the cloud; the cache, when given. */
export function profileLinkSources(
  profiles: { list(): readonly LinkProfile[]; client(profileId: string): Promise<LookupClient> },
  cachedRegion: LinkTargetSources['cachedRegion'] = () => undefined,
): LinkTargetSources {
  return {
    profiles: profiles.list(),
    cachedRegion,
    lookup: async (profileId, instanceId, region) =>
      findInstance(await profiles.client(profileId), instanceId, region ? { region } : {}),
  };
}

/** What a window is told to do with a link: open this console, or show this one message. */
export type LinkDelivery = { ref: InstanceRef; title: string } | { message: string };

/** A parsed link (or its parse error) carried to the end: the console to open, or the message. */
export async function deliverLink(
  result: LinkResult,
  sources: LinkTargetSources,
  t: Translate = ENGLISH.t,
): Promise<LinkDelivery> {
  if (!result.ok) return { message: linkErrorMessage(result.error.code, t) };
  const target = await resolveLinkTarget(result.link, sources, t);
  if (!target.ok) return { message: target.error.message };
  return { ref: target.ref, title: target.ref.instanceId };
}
