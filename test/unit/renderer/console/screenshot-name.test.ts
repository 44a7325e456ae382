import { describe, expect, it } from 'vitest';
import { screenshotName } from '../../../../src-renderer/console/screenshot-name';

describe('screenshotName', () => {
  it('is the instance name and the local time, safe for any file system', () => {
    const at = new Date(2025, 0, 2, 3, 4, 5).getTime();
    expect(screenshotName('web-prod-01', at)).toBe('web-prod-01-20250102-030405.png');
    expect(screenshotName('数据库 / primary: "A"', at)).toBe('primary-A-20250102-030405.png');
    expect(screenshotName('未命名', at)).toBe('console-20250102-030405.png');
    // The contract's file-name rule: no folders or reserved characters.
    expect(screenshotName('a\\b/c:d*e?f"g<h>i|j', at)).toMatch(/^[^\\/:*?"<>|]+$/);
  });
});
