// The hash routes the renderer understands. A detached console window loads
// `index.html#/console/<profileId>/<region>/<instanceId>` and shows just that console.
import type { InstanceRef } from '../../src-main/contract';
import { isInstanceId, isProfileId, isRegion } from '../../src-main/common/instance-ref';

export type Route = { kind: 'workspace' } | { kind: 'console'; ref: InstanceRef };

export function parseRoute(hash: string): Route {
  const match = /^#\/console\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(hash);
  if (!match) return { kind: 'workspace' };
  const [, profileId = '', region = '', instanceId = ''] = match;
  if (!isProfileId(profileId) || !isRegion(region) || !isInstanceId(instanceId)) return { kind: 'workspace' };
  return { kind: 'console', ref: { profileId, region, instanceId } };
}

export function consoleHash(ref: InstanceRef): string {
  return `#/console/${ref.profileId}/${ref.region}/${ref.instanceId}`;
}
