// The quick-connect palette searches every cached instance on each keystroke (DESIGN.md §7:
// filtering 10,000 instances ≤ 16 ms per keystroke). Measured on a fleet shaped like a real
// one: 3 profiles, 18 regions, names with environments and numbers, private and public IPs, tags.
import { PaletteSearch, type PaletteEntry } from '../../src-renderer/palette/palette-search';
import { defineBenchmark, timeBatches } from './kit';

const COUNT = 10_000;
const REGIONS = [
  'ap-guangzhou',
  'ap-shanghai',
  'ap-nanjing',
  'ap-beijing',
  'ap-chengdu',
  'ap-chongqing',
  'ap-hongkong',
  'ap-seoul',
  'ap-tokyo',
  'ap-singapore',
  'ap-bangkok',
  'ap-jakarta',
  'na-siliconvalley',
  'na-ashburn',
  'eu-frankfurt',
  'sa-saopaulo',
  'ap-mumbai',
  'ap-shanghai-fsi',
];
const ROLES = ['web', 'api', 'db', 'cache', 'worker', 'batch', 'gateway', 'search', 'vault', 'queue'];
const ENVS = ['prod', 'staging', 'dev', 'test'];
const STATES = ['RUNNING', 'RUNNING', 'RUNNING', 'STOPPED', 'STARTING', 'REBOOTING'];

/** A deterministic fleet (a small LCG): the same 10,000 instances on every run. */
export function paletteFleet(count = COUNT): PaletteEntry[] {
  let seed = 42;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  return Array.from({ length: count }, (_, i) => {
    const role = ROLES[next(ROLES.length)]!;
    const env = ENVS[next(ENVS.length)]!;
    const profileId = ['work', 'home', 'demo'][i % 3]!;
    const instanceId = `ins-${(i * 7919 + 12345).toString(36).padStart(8, '0').slice(-8)}`;
    const region = REGIONS[next(REGIONS.length)]!;
    return {
      key: `${profileId}/${instanceId}`,
      profileId,
      profileName: ['Work account', 'Home', 'Demo cloud'][i % 3]!,
      region,
      zone: `${region}-${1 + next(3)}`,
      osName: ['TencentOS Server 3.1', 'Ubuntu Server 22.04', 'Windows Server 2022'][next(3)]!,
      type: ['S5.MEDIUM4', 'SA2.LARGE8', 'S6.2XLARGE16'][next(3)]!,
      chargeType: 'POSTPAID_BY_HOUR',
      instanceId,
      name: `${role}-${env}-${String(next(1000)).padStart(3, '0')}`,
      state: STATES[next(STATES.length)]!,
      privateIps: [`10.${next(256)}.${next(256)}.${next(256)}`],
      publicIps: next(3) === 0 ? [`43.${next(256)}.${next(256)}.${next(256)}`] : [],
      tags: [
        { key: 'env', value: env },
        { key: 'team', value: ['infra', 'payments', 'search', 'data'][next(4)]! },
      ],
      ...(next(50) === 0 ? { favourite: true } : {}),
      ...(next(40) === 0 ? { openedAt: 1_700_000_000_000 + i } : {}),
    };
  });
}

/** What a user types, one keystroke at a time (each entry is the whole query after the key). */
function keystrokes(fleet: PaletteEntry[]): string[] {
  const typed = (text: string) => Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1));
  const ip = fleet[1234]!.privateIps[0]!;
  const id = fleet[4321]!.instanceId;
  return [
    ...typed('web-prod-12'),
    'web-prod-1',
    'web-prod-',
    ...typed('web-staging'),
    ...typed(ip),
    ...typed('env:staging payments'),
    ...typed(id),
    ...typed('guangzhou db'),
    'ins-zzzzzzzz',
  ];
}

export default [
  defineBenchmark({
    name: 'palette: keystroke over 10,000 cached instances',
    unit: 'ms',
    budget: 16,
    description:
      'one sample = one keystroke: search and rank across 10,000 instances of 3 profiles and 18 regions (name, ID, IP, tag typed out)',
    run: async ({ quick }) => {
      const fleet = paletteFleet();
      const times: number[] = [];
      for (let round = 0; round < (quick ? 1 : 5); round++) {
        const search = new PaletteSearch(fleet);
        for (const query of keystrokes(fleet)) {
          const start = performance.now();
          const result = search.search(query);
          times.push(performance.now() - start);
          if (result.hits.length > result.total) throw new Error('more hits than matches');
        }
      }
      return times;
    },
  }),
  defineBenchmark({
    name: 'palette: index 10,000 cached instances',
    unit: 'ms',
    description:
      'one sample = building the palette search over 10,000 instances (once per inventory refresh)',
    run: ({ quick }) => {
      const fleet = paletteFleet();
      return timeBatches(() => new PaletteSearch(fleet), { samples: quick ? 3 : 20 });
    },
  }),
];
