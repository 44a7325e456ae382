// An InventoryService over a demo cloud and a throwaway folder, for tests of what follows the
// inventory (the tray, notifications). close() stops the service and the demo cloud and removes
// the folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoProfile, type DemoProfileOptions } from '../../src-main/demo/demo-profile';
import { InventoryCache } from '../../src-main/inventory/inventory-cache';
import { InventoryService } from '../../src-main/inventory/inventory-service';
import { MarksStore } from '../../src-main/inventory/marks-store';
import { Profiles } from '../../src-main/vault/profiles';

export async function demoInventory(cloud: DemoProfileOptions['cloud']) {
  const dir = await mkdtemp(join(tmpdir(), 'cvm-demo-inventory-'));
  const demo = new DemoProfile({ cloud });
  const profiles = new Profiles([demo]);
  const inventory = new InventoryService({
    clientFor: (id) => profiles.client(id),
    checkProfile: (id) => void profiles.get(id),
    cache: new InventoryCache(join(dir, 'inventory')),
    marks: new MarksStore(join(dir, 'inventory', 'marks.json')),
    emitListing: () => {},
    emitInstances: () => {},
  });
  return {
    profiles,
    inventory,
    close: async () => {
      inventory.close();
      await demo.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
