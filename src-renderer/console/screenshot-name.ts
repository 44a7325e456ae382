// The file name a screenshot is offered under: the instance's name (or id) and the local time,
// reduced to characters every file system accepts.
export function screenshotName(label: string, atMs: number): string {
  const at = new Date(atMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp =
    `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-` +
    `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  const safe = label
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);
  return `${safe || 'console'}-${stamp}.png`;
}
