// Tencent's console gateways serve their page from https://img.qcloud.com; a gateway that checks
// the WebSocket Origin (unconfirmed, but OpenStack's proxy does) would refuse ours. When the
// setting is on, the Origin of console WebSockets to qcloud.com hosts is set to that page's origin.
import type { Session } from 'electron';
import { applyConsoleOrigin, TENCENT_GATEWAY_URL_PATTERNS } from '../console/origin-policy';

export function installConsoleOriginRewrite(session: Session, enabled: () => boolean): void {
  session.webRequest.onBeforeSendHeaders({ urls: [...TENCENT_GATEWAY_URL_PATTERNS] }, (details, callback) =>
    callback({ requestHeaders: applyConsoleOrigin(details, { rewriteTencentOrigin: enabled() }) }),
  );
}
