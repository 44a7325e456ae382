// The hash routes the renderer understands. A detached console window loads
// `index.html#/console/<profileId>/<region>/<instanceId>` and shows just that console; the
// quick-connect window loads `#/palette` or `#/palette/<profileId>` (shell/palette-window.ts).
import type { InstanceRef } from '../../src-main/contract';
import { isInstanceId, isProfileId, isRegion } from '../../src-main/common/instance-ref';

export type Route =
  { kind: 'workspace' } | { kind: 'console'; ref: InstanceRef } | { kind: 'palette'; profileId?: string };

export function parseRoute(hash: string): Route {
  const palette = /^#\/palette(?:\/([^/]+))?\/?$/.exec(hash);
  if (palette) {
    const profileId = palette[1];
    return profileId && isProfileId(profileId) ? { kind: 'palette', profileId } : { kind: 'palette' };
  }
  const match = /^#\/console\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(hash);
  if (!match) return { kind: 'workspace' };
  const [, profileId = '', region = '', instanceId = ''] = match;
  if (!isProfileId(profileId) || !isRegion(region) || !isInstanceId(instanceId)) return { kind: 'workspace' };
  return { kind: 'console', ref: { profileId, region, instanceId } };
}

export function consoleHash(ref: InstanceRef): string {
  return `#/console/${ref.profileId}/${ref.region}/${ref.instanceId}`;
}
