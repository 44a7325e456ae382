// The hash routes the renderer understands. A detached console window loads
// `index.html#/console/<profileId>/<region>/<instanceId>` and shows just that console; the
// quick-connect window loads `#/palette` or `#/palette/<profileId>` (shell/palette-window.ts).
import type { InstanceRef } from '../../src-main/contract';

export type Route =
  { kind: 'workspace' } | { kind: 'console'; ref: InstanceRef } | { kind: 'palette'; profileId?: string };

// The contract's own rules (the renderer may not import its schemas at runtime).
const PROFILE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const REGION = /^[a-z]{2,4}(-[a-z0-9]+){1,3}$/;
const INSTANCE_ID = /^ins-[a-z0-9]{8}$/;

export function parseRoute(hash: string): Route {
  const palette = /^#\/palette(?:\/([^/]+))?\/?$/.exec(hash);
  if (palette) {
    const profileId = palette[1];
    return profileId && PROFILE_ID.test(profileId) ? { kind: 'palette', profileId } : { kind: 'palette' };
  }
  const match = /^#\/console\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(hash);
  if (!match) return { kind: 'workspace' };
  const [, profileId = '', region = '', instanceId = ''] = match;
  if (
    !PROFILE_ID.test(profileId) ||
    !REGION.test(region) ||
    region.length > 40 ||
    !INSTANCE_ID.test(instanceId)
  ) {
    return { kind: 'workspace' };
  }
  return { kind: 'console', ref: { profileId, region, instanceId } };
}

export function consoleHash(ref: InstanceRef): string {
  return `#/console/${ref.profileId}/${ref.region}/${ref.instanceId}`;
}
