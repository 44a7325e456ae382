// Realistic inventory rows for renderer tests and benchmarks: a seeded demo fleet, as rows.
// (Built from the fleet's records directly: the component tests are type-checked for the
// browser, where the simulator's and main's Node-only modules cannot come along.)
import { Fleet } from '../../src-main/demo/fleet';
import { REGIONS } from '../../src-main/demo/fleet-catalog';
import type { InventoryInstance } from '../../src-main/contract';
import { rowKey, type InventoryRow } from '../../src-renderer/inventory/search-index';

export function fleetInstances(size: number, seed: number | string = 1): InventoryInstance[] {
  const fleet = new Fleet({ size, seed, now: () => Date.UTC(2025, 0, 1) });
  return REGIONS.flatMap((r) =>
    fleet.inRegion(r.region).map((rec) => ({
      instanceId: rec.id,
      name: rec.name,
      state: rec.state,
      region: rec.region,
      zone: rec.zone,
      osName: rec.osName,
      type: rec.type,
      privateIps: [rec.privateIp],
      publicIps: rec.publicIp ? [rec.publicIp] : [],
      tags: rec.tags.map((t) => ({ key: t.Key, value: t.Value })),
      chargeType: rec.chargeType,
    })),
  );
}

export function fleetRows(size: number, seed: number | string = 1, profileId = 'demo'): InventoryRow[] {
  return fleetInstances(size, seed).map((i) => ({ ...i, profileId, key: rowKey(profileId, i.instanceId) }));
}

/** DescribeRegions names as the demo cloud gives them in English. */
export const REGION_NAMES = REGIONS.map((r) => ({ region: r.region, name: r.nameEn }));
