import { describe, expect, it } from 'vitest';
import { INSTANCE_ID_RE } from '../../../src-main/common/instance-ref';
import { Fleet, type StateChange } from '../../../src-main/demo/fleet';
import { DEMO_INSTANCES } from '../../../src-main/demo/fleet-catalog';
import { REGIONS } from '../../../src-main/demo/fleet-catalog';

const START = Date.UTC(2025, 5, 1);

function clock(start = START): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('fleet generation', () => {
  it('generates 10,000 instances quickly, over every region, with valid unique ids', () => {
    // CPU time, not wall time: the cost of generating, not how busy the shared machine is.
    const began = process.cpuUsage();
    const fleet = new Fleet({ size: 10_000, seed: 42, now: () => START });
    const spent = process.cpuUsage(began);
    expect(fleet.size).toBe(10_000);
    expect((spent.user + spent.system) / 1000).toBeLessThan(1500);
    const ids = fleet.ids();
    expect(new Set(ids).size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(INSTANCE_ID_RE);
    let total = 0;
    for (const r of REGIONS) {
      const list = fleet.inRegion(r.region);
      expect(list.length, r.region).toBeGreaterThan(0);
      for (const rec of list) expect(r.zones).toContain(rec.zone);
      total += list.length;
    }
    expect(total).toBe(10_000);
  });

  it('is deterministic: the same seed gives the same fleet, another seed another one', () => {
    const snapshot = (seed: number) => {
      const f = new Fleet({ size: 2000, seed, now: () => START });
      return f.ids().map((id) => {
        const r = f.get(id);
        return `${id}|${r?.name}|${r?.zone}|${r?.state}|${r?.privateIp}|${r?.publicIp}|${r?.osName}|${JSON.stringify(r?.tags)}`;
      });
    };
    const a = snapshot(7);
    expect(snapshot(7)).toEqual(a);
    const b = snapshot(8);
    expect(b).not.toEqual(a);
    // The well-known demo instances are the same in every fleet.
    expect(b.slice(0, DEMO_INSTANCES.length).map((s) => s.split('|')[1])).toEqual(
      a.slice(0, DEMO_INSTANCES.length).map((s) => s.split('|')[1]),
    );
  });

  it('has realistic, mixed contents', () => {
    const fleet = new Fleet({ size: 10_000, seed: 3, now: () => START });
    const all = fleet.ids().map((id) => fleet.get(id)!);
    const count = (pred: (r: (typeof all)[number]) => boolean) => all.filter(pred).length;
    const running = count((r) => r.state === 'RUNNING');
    expect(running / all.length).toBeGreaterThan(0.7);
    for (const s of ['STOPPED', 'REBOOTING', 'STARTING'])
      expect(
        count((r) => r.state === s),
        s,
      ).toBeGreaterThan(0);
    const windows = count((r) => r.platform === 'windows');
    expect(windows).toBeGreaterThan(0);
    expect(windows / all.length).toBeLessThan(0.15);
    expect(count((r) => r.publicIp === null)).toBeGreaterThan(0);
    expect(count((r) => r.publicIp !== null)).toBeGreaterThan(0);
    expect(count((r) => r.privateIp.startsWith('10.'))).toBeGreaterThan(0);
    expect(count((r) => r.privateIp.startsWith('172.'))).toBeGreaterThan(0);
    for (const r of all.slice(0, 500)) {
      expect(r.privateIp).toMatch(/^(10|172)\.\d+\.\d+\.\d+$/);
      expect(r.createdTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(r.cpu).toBeGreaterThan(0);
      expect(r.memory).toBeGreaterThan(0);
    }
    expect(all.some((r) => /^web-prod-\d{2}$/.test(r.name))).toBe(true);
    expect(all.some((r) => r.osName === 'Windows Server 2022 数据中心版 64位中文版')).toBe(true);
    expect(all.some((r) => r.osName === 'Ubuntu Server 22.04 LTS 64bit')).toBe(true);
    expect(all.some((r) => r.tags.some((t) => t.Key === 'env'))).toBe(true);
    // Private addresses are unique within a region, so filtering by one finds one instance.
    for (const region of REGIONS) {
      const ips = fleet.inRegion(region.region).map((r) => r.privateIp);
      expect(new Set(ips).size, region.region).toBe(ips.length);
    }
    const publics = all.map((r) => r.publicIp).filter((x) => x !== null);
    expect(new Set(publics).size).toBe(publics.length);
  });

  it('starts with the well-known demo instances', () => {
    const fleet = new Fleet({ size: 50, now: () => START });
    expect(fleet.ids().slice(0, DEMO_INSTANCES.length)).toEqual(DEMO_INSTANCES.map((d) => d.id));
    expect(fleet.get('ins-demo0001')).toMatchObject({
      state: 'RUNNING',
      region: 'ap-guangzhou',
      platform: 'linux',
    });
    expect(fleet.get('ins-demo0003')).toMatchObject({ platform: 'windows' });
    expect(fleet.get('ins-demo0004')).toMatchObject({ state: 'STOPPED' });
    expect(fleet.get('ins-demo0006')?.vncPassword).toBe('cvmdemo1');
    expect(fleet.get('ins-demo0008')).toMatchObject({ region: 'ap-shanghai-fsi' });
    expect(new Fleet({ size: 3, now: () => START }).ids()).toEqual([
      'ins-demo0001',
      'ins-demo0002',
      'ins-demo0003',
    ]);
  });
});

describe('instance state machine (injected clock)', () => {
  it('Start: STOPPED → STARTING → RUNNING after the start time, with LatestOperation fields', () => {
    const c = clock();
    const fleet = new Fleet({ size: 10, now: c.now, transitions: { startMs: 3000 } });
    const changes: StateChange[] = [];
    fleet.onStateChange((e) => changes.push(e));
    fleet.start('ins-demo0004', 'req-1');
    expect(fleet.get('ins-demo0004')).toMatchObject({
      state: 'STARTING',
      latestOperation: 'StartInstances',
      latestOperationState: 'OPERATING',
      latestOperationRequestId: 'req-1',
    });
    c.advance(2999);
    expect(fleet.get('ins-demo0004')?.state).toBe('STARTING');
    c.advance(1);
    expect(fleet.get('ins-demo0004')).toMatchObject({ state: 'RUNNING', latestOperationState: 'SUCCESS' });
    expect(changes.map((e) => `${e.from}>${e.to}:${e.cause}`)).toEqual([
      'STOPPED>STARTING:api',
      'STARTING>RUNNING:settle',
    ]);
  });

  it('Stop: RUNNING → STOPPING → STOPPED; HARD is quicker', () => {
    const c = clock();
    const fleet = new Fleet({ size: 10, now: c.now });
    fleet.stop('ins-demo0001', 'r1');
    fleet.stop('ins-demo0002', 'r2', true);
    expect(fleet.get('ins-demo0001')?.state).toBe('STOPPING');
    c.advance(1000);
    expect(fleet.get('ins-demo0002')?.state).toBe('STOPPED');
    expect(fleet.get('ins-demo0001')?.state).toBe('STOPPING');
    c.advance(2000);
    expect(fleet.get('ins-demo0001')).toMatchObject({ state: 'STOPPED', latestOperation: 'StopInstances' });
  });

  it('Reboot: RUNNING → REBOOTING → RUNNING', () => {
    const c = clock();
    const fleet = new Fleet({ size: 10, now: c.now });
    fleet.reboot('ins-demo0001', 'r1');
    expect(fleet.get('ins-demo0001')).toMatchObject({
      state: 'REBOOTING',
      latestOperation: 'RebootInstances',
    });
    expect(fleet.pendingTransition('ins-demo0001')).toEqual({ to: 'RUNNING', at: START + 4000 });
    c.advance(4000);
    expect(fleet.get('ins-demo0001')?.state).toBe('RUNNING');
    expect(fleet.pendingTransition('ins-demo0001')).toBeUndefined();
  });

  it('seeded transitional instances settle by themselves; ins-demo0005 reboots for 20 s', () => {
    const c = clock();
    const fleet = new Fleet({ size: 3000, seed: 5, now: c.now });
    expect(fleet.get('ins-demo0005')?.state).toBe('REBOOTING');
    const transitional = fleet
      .ids()
      .filter((id) => ['STARTING', 'REBOOTING', 'STOPPING', 'PENDING'].includes(fleet.get(id)!.state));
    expect(transitional.length).toBeGreaterThan(10);
    c.advance(20_000);
    expect(fleet.get('ins-demo0005')?.state).toBe('RUNNING');
    c.advance(60_000);
    for (const id of transitional) expect(['RUNNING', 'STOPPED']).toContain(fleet.get(id)!.state);
  });

  it('setState forces a state, cancels a transition, and can settle later', () => {
    const c = clock();
    const fleet = new Fleet({ size: 10, now: c.now });
    fleet.start('ins-demo0004', 'r');
    fleet.setState('ins-demo0004', 'SHUTDOWN');
    c.advance(10_000);
    expect(fleet.get('ins-demo0004')?.state).toBe('SHUTDOWN');
    fleet.setState('ins-demo0004', 'STARTING', { settleTo: 'RUNNING', afterMs: 500 });
    c.advance(499);
    expect(fleet.get('ins-demo0004')?.state).toBe('STARTING');
    c.advance(1);
    expect(fleet.get('ins-demo0004')?.state).toBe('RUNNING');
    expect(() => fleet.setState('ins-zzzzzzzz', 'RUNNING')).toThrow();
  });
});
