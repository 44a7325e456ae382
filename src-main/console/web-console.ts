// Tencent's official console page, the fallback when the embedded console keeps failing: the page
// takes the console URL exactly as DescribeInstanceVncUrl returns it (percent-encoded).
export const TENCENT_WEB_CONSOLE_PAGE = 'https://img.qcloud.com/qcloud/app/active_vnc/index.html';

export function webConsolePageUrl(decodedConsoleUrl: string): string {
  return `${TENCENT_WEB_CONSOLE_PAGE}?InstanceVncUrl=${encodeURIComponent(decodedConsoleUrl)}`;
}
