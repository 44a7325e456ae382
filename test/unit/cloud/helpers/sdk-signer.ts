// The official SDK's TC3 signer (tencentcloud-sdk-nodejs-common, pinned), used only in tests as
// an independent implementation. It is internal to that package, hence the deep require.
import { createRequire } from 'node:module';

interface SdkSign {
  sign3(args: {
    method: string;
    url: string;
    payload: Buffer;
    timestamp: number;
    service: string;
    secretId: string;
    secretKey: string;
    multipart: boolean;
    boundary?: string;
    headers: Record<string, string>;
  }): string;
}

const require = createRequire(import.meta.url);
const Sign = (require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign') as { default: SdkSign })
  .default;

/** The Authorization header the SDK computes; it always signs `content-type;host` (host = URL hostname). */
export function sdkAuthorization(input: {
  url: string;
  contentType: string;
  body: Buffer;
  timestamp: number;
  service: string;
  secretId: string;
  secretKey: string;
}): string {
  return Sign.sign3({
    method: 'POST',
    url: input.url,
    payload: input.body,
    timestamp: input.timestamp,
    service: input.service,
    secretId: input.secretId,
    secretKey: input.secretKey,
    multipart: false,
    headers: { 'Content-Type': input.contentType },
  });
}
