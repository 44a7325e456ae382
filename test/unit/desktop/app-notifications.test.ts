// Notifications fed from what happens: the open-consoles registry turns window reports into
// "lost" and "restored" (only after a real outage), the inventory's poller says when a power
// action came to rest; the notifier (over a fake Notification) shows them only for a window
// without the focus, and a click brings that window.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NotificationConstructorOptions } from 'electron';
import type { ReportedConsole } from '../../../src-main/contract';
import {
  installAppNotifications,
  type AppNotificationDeps,
} from '../../../src-main/desktop/app-notifications';
import { OpenConsoles, RESTORED_AFTER_MS } from '../../../src-main/desktop/open-consoles';
import type { PowerFinished } from '../../../src-main/inventory/inventory-service';
import { demoInventory } from '../../support/demo-inventory';
import { DesktopNotifier, type NotificationClass } from '../../../src-main/shell/notifier';

function fakeNotifications() {
  const shown: FakeNotification[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = () => true;
    constructor(readonly options: NotificationConstructorOptions) {
      super();
    }
    show() {
      shown.push(this);
    }
  }
  return { Notification: FakeNotification as unknown as NotificationClass, shown };
}

const ref = { profileId: 'work', region: 'ap-seoul', instanceId: 'ins-web00001' };
const tab = (phase: ReportedConsole['phase']): ReportedConsole => ({ ref, title: 'web-prod-01', phase });

function rig() {
  let now = 1_000_000;
  const consoles = new OpenConsoles({ now: () => now });
  const power = new EventEmitter();
  const { Notification, shown } = fakeNotifications();
  const focused = new Set<number>();
  const deps: AppNotificationDeps = {
    notifier: new DesktopNotifier(Notification),
    enabled: () => true,
    senderFocused: (sender) => focused.has(sender),
    showSender: vi.fn(),
    anyFocused: () => focused.size > 0,
    showMainWindow: vi.fn(),
  };
  const off = installAppNotifications(
    consoles,
    {
      onPowerFinished: (l: (f: PowerFinished) => void) => {
        power.on('finished', l);
        return () => void power.off('finished', l);
      },
    },
    deps,
  );
  return {
    consoles,
    power,
    shown,
    focused,
    deps,
    off,
    advance: (ms: number) => (now += ms),
    texts: () => shown.map((n) => `${n.options.title} | ${n.options.body}`),
  };
}

describe('console notifications', () => {
  it('a console in a background window that gives up is announced once, with why; a click shows its window', () => {
    const r = rig();
    r.consoles.report(3, [tab('connecting')]);
    r.consoles.report(3, [tab('connected')]);
    r.consoles.report(3, [tab('reconnecting')]);
    r.consoles.report(3, [tab('gone')]);
    r.consoles.report(3, [tab('gone')]);
    expect(r.texts()).toEqual([
      'Console lost: web-prod-01 | The instance no longer exists. CVM Console stopped reconnecting to web-prod-01 (ap-seoul). Open it to try again.',
    ]);
    r.shown[0]!.emit('click');
    expect(r.deps.showSender).toHaveBeenCalledWith(3);
  });

  it('keeps quiet for the focused window, for a console the user closed, and when notifications are off', () => {
    const r = rig();
    r.focused.add(3);
    r.consoles.report(3, [tab('connected')]);
    r.consoles.report(3, [tab('failed')]);
    r.focused.clear();
    r.consoles.report(4, [tab('connected')]);
    r.consoles.report(4, [tab('cancelled')]); // the user's Disconnect
    r.consoles.report(4, [tab('failed')]); // not alive before: not a loss
    expect(r.shown).toHaveLength(0);
    const quiet = rig();
    quiet.deps.enabled = () => false;
    quiet.consoles.report(5, [tab('connected')]);
    quiet.consoles.report(5, [tab('gone')]);
    expect(quiet.shown).toHaveLength(0);
  });

  it('says a console is back only after a real outage, not after a quick reconnect', () => {
    const r = rig();
    r.consoles.report(3, [tab('connected')]);
    r.consoles.report(3, [tab('reconnecting')]);
    r.advance(300);
    r.consoles.report(3, [tab('connected')]);
    expect(r.shown).toHaveLength(0);
    r.consoles.report(3, [tab('waiting-instance')]);
    r.advance(RESTORED_AFTER_MS / 2);
    r.consoles.report(3, [tab('reconnecting')]);
    r.advance(RESTORED_AFTER_MS / 2);
    r.consoles.report(3, [tab('connected')]);
    expect(r.texts()).toEqual(['Console back: web-prod-01 | web-prod-01 (ap-seoul) is connected again.']);
  });

  it('off() stops the notifications', () => {
    const r = rig();
    r.off();
    r.consoles.report(3, [tab('connected')]);
    r.consoles.report(3, [tab('failed')]);
    expect(r.shown).toHaveLength(0);
  });
});

describe('power notifications', () => {
  it('a finished action is announced while no window has the focus; a click shows the main window', () => {
    const r = rig();
    const target = { region: 'ap-seoul', instanceId: 'ins-web00001', name: 'web-prod-01' };
    r.focused.add(1);
    r.power.emit('finished', { profileId: 'work', action: 'stop', done: [target], failed: [] });
    expect(r.shown).toHaveLength(0);
    r.focused.clear();
    r.power.emit('finished', { profileId: 'work', action: 'stop', done: [target], failed: [] });
    expect(r.texts()).toEqual(['Stop finished | Stop finished on web-prod-01.']);
    r.shown[0]!.emit('click');
    expect(r.deps.showMainWindow).toHaveBeenCalledTimes(1);
  });

  describe('over the inventory service and the demo cloud', () => {
    let rig: Awaited<ReturnType<typeof demoInventory>>;
    beforeAll(async () => {
      rig = await demoInventory({ instances: 30, seed: 3, transitions: { stopMs: 100, startMs: 100 } });
    });
    afterAll(() => rig.close());

    it('the poller tells when every accepted instance came to rest, named from the cache', async () => {
      const { inventory } = rig;
      await inventory.list({ profileId: 'demo', listingId: 'l' });
      await inventory.settled();
      const running = inventory
        .cached('demo')!
        .instances.filter((i) => i.state === 'RUNNING')
        .slice(0, 2);
      expect(running).toHaveLength(2);
      const finished = new Promise<PowerFinished>((resolve) => inventory.onPowerFinished(resolve));
      const outcomes = await inventory.power({
        profileId: 'demo',
        action: 'stop',
        targets: running.map((i) => ({ region: i.region, instanceId: i.instanceId })),
      });
      expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
      const f = await finished;
      expect(f).toMatchObject({ profileId: 'demo', action: 'stop', failed: [] });
      expect(f.done.map((t) => t.name).sort()).toEqual(running.map((i) => i.name).sort());
      // The cache in memory follows the poller (the tray shows the new state).
      const after = inventory
        .cached('demo')!
        .instances.filter((i) => running.some((r) => r.instanceId === i.instanceId));
      expect(after.map((i) => i.state)).toEqual(['STOPPED', 'STOPPED']);
    }, 20_000);
  });
});
