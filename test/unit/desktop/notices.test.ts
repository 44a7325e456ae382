// Notification texts, and when the app keeps quiet.
import { describe, expect, it } from 'vitest';
import { closeToTrayNotice, consoleNotice, powerNotice } from '../../../src-main/desktop/notices';
import { Translator } from '../../../i18n/translator';

const web = { name: 'web-prod-01', instanceId: 'ins-aaaaaaaa', region: 'ap-guangzhou' };
const db = { name: '', instanceId: 'ins-bbbbbbbb', region: 'ap-seoul' };
const background = { enabled: true, focused: false };

describe('consoleNotice', () => {
  it('tells about a console in a background window that was lost for good or came back', () => {
    expect(consoleNotice('lost', web, background, 'notice.reason.stopped')).toEqual({
      title: 'Console lost: web-prod-01',
      body: 'The instance was stopped. CVM Console stopped reconnecting to web-prod-01 (ap-guangzhou). Open it to try again.',
    });
    expect(consoleNotice('restored', db, background)).toEqual({
      title: 'Console back: ins-bbbbbbbb',
      body: 'ins-bbbbbbbb (ap-seoul) is connected again.',
    });
  });

  it('says why in the app language, the reason included', () => {
    const i18n = new Translator('zh-CN');
    const notice = consoleNotice('lost', web, background, 'notice.reason.stopped', i18n.t)!;
    expect(notice.body.startsWith('实例已关机。')).toBe(true);
  });

  it('keeps quiet when the window is focused or notifications are off', () => {
    expect(consoleNotice('lost', web, { enabled: true, focused: true })).toBeNull();
    expect(consoleNotice('restored', web, { enabled: false, focused: false })).toBeNull();
  });

  it('cleans names from the cloud', () => {
    const odd = { ...web, name: `evil\u202e\n${'x'.repeat(200)}` };
    const notice = consoleNotice('restored', odd, background)!;
    expect(notice.title).not.toMatch(/[\u202e\n]/);
    expect(notice.title.length).toBeLessThan(80);
  });
});

describe('powerNotice', () => {
  it('says which action finished, on one or several instances, and what failed', () => {
    expect(powerNotice('reboot', [web], [], background)).toEqual({
      title: 'Reboot finished',
      body: 'Reboot finished on web-prod-01.',
    });
    expect(powerNotice('start', [web, db], [], background)!.body).toBe('Start finished on 2 instances.');
    expect(powerNotice('stop', [web], [db], background)).toEqual({
      title: 'Stop failed',
      body: 'Stop finished on web-prod-01 and failed on ins-bbbbbbbb. The inventory shows why.',
    });
    expect(powerNotice('stop', [], [web, db], background)!.body).toBe(
      'Stop failed on 2 instances. The inventory shows why.',
    );
  });

  it('keeps quiet when there is nothing to say or nobody to tell', () => {
    expect(powerNotice('start', [], [], background)).toBeNull();
    expect(powerNotice('start', [web], [], { enabled: true, focused: true })).toBeNull();
    expect(powerNotice('start', [web], [], { enabled: false, focused: false })).toBeNull();
  });
});

describe('closeToTrayNotice', () => {
  it('names the tray, or the menu bar on macOS', () => {
    expect(closeToTrayNotice('win32').body).toContain('stays in the tray');
    expect(closeToTrayNotice('darwin').body).toContain('stays in the menu bar');
  });
});
