// The inventory store's link to main in the app: the contract's inventory channels and events.
import { api } from '../api';
import type { InventorySource } from './inventory-store.svelte';

export const apiInventorySource: InventorySource = {
  list: (input) => api.inventory.list(input),
  cached: async (profileId) => (await api.inventory.cached({ profileId })).cached,
  cachedPart: (profileId, offset, limit) => api.inventory.cached({ profileId, offset, limit }),
  power: (input) => api.inventory.power(input),
  marks: () => api.inventory.marks(),
  mark: (input) => api.inventory.mark(input),
  onListing: (listener) => api.events.onListing(listener),
  onInstances: (listener) => api.events.onInstances(listener),
};
