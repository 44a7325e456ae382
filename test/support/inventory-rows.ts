// Realistic inventory rows for renderer tests and benchmarks: a seeded demo fleet, turned into
// rows exactly as main sends them (DescribeInstances JSON → the cloud client's shape → contract).
import { normalizeInstance } from '../../src-main/cloud/instances';
import type { RawInstance } from '../../src-main/cloud/schemas';
import { toApiInstance } from '../../src-main/demo/api-instances';
import { Fleet } from '../../src-main/demo/fleet';
import { REGIONS } from '../../src-main/demo/fleet-catalog';
import { toInventoryInstance } from '../../src-main/inventory/inventory-service';
import type { InventoryInstance } from '../../src-main/contract';
import { rowKey, type InventoryRow } from '../../src-renderer/inventory/search-index';

export function fleetInstances(size: number, seed: number | string = 1): InventoryInstance[] {
  const fleet = new Fleet({ size, seed, now: () => Date.UTC(2025, 0, 1) });
  return REGIONS.flatMap((r) =>
    fleet
      .inRegion(r.region)
      .map((rec) => toInventoryInstance(normalizeInstance(toApiInstance(rec) as RawInstance, r.region))),
  );
}

export function fleetRows(size: number, seed: number | string = 1, profileId = 'demo'): InventoryRow[] {
  return fleetInstances(size, seed).map((i) => ({ ...i, profileId, key: rowKey(profileId, i.instanceId) }));
}

/** DescribeRegions names as the demo cloud gives them in English. */
export const REGION_NAMES = REGIONS.map((r) => ({ region: r.region, name: r.nameEn }));
