// Static facts the demo fleet is drawn from: the 18 regions of the reference (§3), their zones,
// public images, instance types and naming vocabulary, and the fixed demo instances the docs and
// tests name. Plain data, no logic.
import type { InstanceState, Tag } from './fleet';

export interface RegionSpec {
  region: string;
  /** What DescribeRegions returns by default (zh-CN). */
  nameZh: string;
  /** What DescribeRegions returns with X-TC-Language: en-US. */
  nameEn: string;
  zones: string[];
  /** Relative share of the generated fleet. */
  weight: number;
  /** Host of the real console gateway nearest to the region (used when no demo gateway is wired). */
  vncHost: string;
}

export const REGIONS: readonly RegionSpec[] = [
  r('ap-guangzhou', '华南地区(广州)', 'South China(Guangzhou)', [3, 4, 6, 7], 16, 'gzvnc.qcloud.com:26789'),
  r('ap-shanghai', '华东地区(上海)', 'East China(Shanghai)', [2, 3, 4, 5, 8], 14, 'shvnc.qcloud.com:26789'),
  r('ap-nanjing', '华东地区(南京)', 'East China(Nanjing)', [1, 2, 3], 6, 'shvnc.qcloud.com:26789'),
  r('ap-beijing', '华北地区(北京)', 'North China(Beijing)', [3, 4, 5, 6, 7], 14, 'bjvnc.qcloud.com:26789'),
  r('ap-chengdu', '西南地区(成都)', 'Southwest China(Chengdu)', [1, 2], 5, 'cdvnc.qcloud.com:26789'),
  r('ap-chongqing', '西南地区(重庆)', 'Southwest China(Chongqing)', [1], 3, 'cdvnc.qcloud.com:26789'),
  r(
    'ap-hongkong',
    '港澳台地区(中国香港)',
    'Hong Kong, Macau and Taiwan (China)(Hong Kong, China)',
    [2, 3],
    7,
    'hkvnc.qcloud.com:26789',
  ),
  r('ap-seoul', '亚太东北(首尔)', 'Northeast Asia(Seoul)', [1, 2], 4, 'krvnc.qcloud.com:26789'),
  r('ap-tokyo', '亚太东北(东京)', 'Northeast Asia(Tokyo)', [1, 2], 4, 'jpvnc.qcloud.com:26789'),
  r(
    'ap-singapore',
    '亚太东南(新加坡)',
    'Southeast Asia(Singapore)',
    [1, 2, 3, 4],
    6,
    'sgvnc.qcloud.com:26789',
  ),
  r('ap-bangkok', '亚太东南(曼谷)', 'Southeast Asia(Bangkok)', [1, 2], 2, 'sgvnc.qcloud.com:26789'),
  r('ap-jakarta', '亚太东南(雅加达)', 'Southeast Asia(Jakarta)', [1, 2], 2, 'sgvnc.qcloud.com:26789'),
  r('na-siliconvalley', '美国西部(硅谷)', 'West US(Silicon Valley)', [1, 2], 4, 'usvnc.qcloud.com:443'),
  r('na-ashburn', '美国东部(弗吉尼亚)', 'East US(Virginia)', [1, 2], 3, 'usevnc.qcloud.com:443'),
  r('eu-frankfurt', '欧洲地区(法兰克福)', 'Europe(Frankfurt)', [1, 2], 3, 'devnc.qcloud.com:26789'),
  r('sa-saopaulo', '南美地区(圣保罗)', 'South America(São Paulo)', [1], 1, 'usevnc.qcloud.com:443'),
  r(
    'ap-shanghai-fsi',
    '华东地区(上海金融)',
    'East China(Shanghai Finance)',
    [1, 2, 3],
    1,
    'shvnc.qcloud.com:26789',
  ),
  r(
    'ap-shenzhen-fsi',
    '华南地区(深圳金融)',
    'South China(Shenzhen Finance)',
    [1, 2, 3],
    1,
    'gzvnc.qcloud.com:26789',
  ),
];

function r(
  region: string,
  nameZh: string,
  nameEn: string,
  zones: number[],
  weight: number,
  vncHost: string,
): RegionSpec {
  return { region, nameZh, nameEn, zones: zones.map((z) => `${region}-${z}`), weight, vncHost };
}

export function findRegion(region: string): RegionSpec | undefined {
  return REGIONS.find((x) => x.region === region);
}

/** Finance regions are only served by their regional endpoint (reference §5). */
export function isFinanceRegion(region: string): boolean {
  return region.endsWith('-fsi');
}

export interface ImageSpec {
  osName: string;
  imageId: string;
  platform: 'linux' | 'windows';
  weight: number;
  defaultLoginUser: string;
}

export const IMAGES: readonly ImageSpec[] = [
  {
    osName: 'TencentOS Server 3.1 (TK4)',
    imageId: 'img-eb30mz89',
    platform: 'linux',
    weight: 20,
    defaultLoginUser: 'root',
  },
  {
    osName: 'TencentOS Server 2.4 (TK4)',
    imageId: 'img-hdt9xxkt',
    platform: 'linux',
    weight: 4,
    defaultLoginUser: 'root',
  },
  {
    osName: 'Ubuntu Server 22.04 LTS 64bit',
    imageId: 'img-487zeit5',
    platform: 'linux',
    weight: 18,
    defaultLoginUser: 'ubuntu',
  },
  {
    osName: 'Ubuntu Server 20.04 LTS 64bit',
    imageId: 'img-22trbn9x',
    platform: 'linux',
    weight: 8,
    defaultLoginUser: 'ubuntu',
  },
  {
    osName: 'CentOS 7.9 64bit',
    imageId: 'img-l8og963d',
    platform: 'linux',
    weight: 16,
    defaultLoginUser: 'root',
  },
  {
    osName: 'CentOS Stream 9 64bit',
    imageId: 'img-8d3p5dms',
    platform: 'linux',
    weight: 3,
    defaultLoginUser: 'root',
  },
  {
    osName: 'Debian 12.4 64bit',
    imageId: 'img-6t3yc1ia',
    platform: 'linux',
    weight: 8,
    defaultLoginUser: 'root',
  },
  {
    osName: 'Rocky Linux 9.2 64bit',
    imageId: 'img-n7nyt2d7',
    platform: 'linux',
    weight: 3,
    defaultLoginUser: 'root',
  },
  {
    osName: 'OpenCloudOS 9.0',
    imageId: 'img-fbtwoqxz',
    platform: 'linux',
    weight: 3,
    defaultLoginUser: 'root',
  },
  {
    osName: 'Windows Server 2022 数据中心版 64位中文版',
    imageId: 'img-9id7emv7',
    platform: 'windows',
    weight: 3,
    defaultLoginUser: 'Administrator',
  },
  {
    osName: 'Windows Server 2019 数据中心版 64位英文版',
    imageId: 'img-mmytdhbn',
    platform: 'windows',
    weight: 2,
    defaultLoginUser: 'Administrator',
  },
  {
    osName: 'Windows Server 2016 数据中心版 64位中文版',
    imageId: 'img-2tddq003',
    platform: 'windows',
    weight: 1,
    defaultLoginUser: 'Administrator',
  },
];

export interface InstanceTypeSpec {
  type: string;
  cpu: number;
  /** GiB, as the API reports it. */
  memory: number;
  weight: number;
}

export const INSTANCE_TYPES: readonly InstanceTypeSpec[] = [
  { type: 'S5.SMALL2', cpu: 1, memory: 2, weight: 8 },
  { type: 'S5.MEDIUM4', cpu: 2, memory: 4, weight: 18 },
  { type: 'S5.LARGE8', cpu: 4, memory: 8, weight: 14 },
  { type: 'S5.2XLARGE16', cpu: 8, memory: 16, weight: 6 },
  { type: 'SA2.MEDIUM4', cpu: 2, memory: 4, weight: 10 },
  { type: 'SA2.LARGE8', cpu: 4, memory: 8, weight: 10 },
  { type: 'SA2.2XLARGE32', cpu: 8, memory: 32, weight: 4 },
  { type: 'SA3.4XLARGE32', cpu: 16, memory: 32, weight: 3 },
  { type: 'S6.LARGE16', cpu: 4, memory: 16, weight: 5 },
  { type: 'M5.LARGE32', cpu: 4, memory: 32, weight: 3 },
  { type: 'C6.2XLARGE16', cpu: 8, memory: 16, weight: 3 },
  { type: 'IT5.8XLARGE128', cpu: 32, memory: 128, weight: 1 },
];

export const NAME_ROLES = [
  'web',
  'api',
  'db',
  'redis',
  'mysql',
  'worker',
  'batch',
  'gateway',
  'mq',
  'search',
  'es',
  'k8s-node',
  'jenkins',
  'bastion',
  'log',
  'monitor',
  'game',
  'ml',
  'cdn-origin',
  'etl',
] as const;

export const WINDOWS_ROLES = ['win-ad', 'win-sql', 'rdp-jump', 'win-iis', 'win-build'] as const;

export const ENVIRONMENTS = ['prod', 'prod', 'prod', 'staging', 'test', 'dev'] as const;

export const TEAMS = ['infra', 'web', 'data', 'payments', 'ml', 'game', 'security', 'growth'] as const;

export const OWNERS = ['alice', 'bob', 'chen.wei', 'li.na', 'wang.fang', 'zhang.min', 'kim', 'sato'] as const;

export const PROJECTS = ['storefront', 'checkout', 'analytics', 'realtime', 'billing', 'crm'] as const;

/** The console's default name for an instance nobody named. */
export const UNNAMED = '未命名';

/** First octets of public address pools Tencent Cloud hands out (for realism only). */
export const PUBLIC_IP_PREFIXES = [
  43, 49, 81, 101, 106, 111, 119, 124, 129, 139, 150, 159, 162, 170, 175, 182,
] as const;

/** Fixed instances generated first so docs and tests can name them. */
export interface DemoInstanceSpec {
  id: string;
  name: string;
  region: string;
  zone: string;
  state: InstanceState;
  osName: string;
  type: string;
  /** Initial transitional state settles to this after `settleAfterMs`. */
  settleTo?: InstanceState;
  settleAfterMs?: number;
  vncPassword?: string;
  publicIp: boolean;
  tags: Tag[];
  /** One line for the README and the CLI banner. */
  note: string;
}

export const DEMO_INSTANCES: readonly DemoInstanceSpec[] = [
  demo(
    'ins-demo0001',
    'web-prod-01',
    'ap-guangzhou-3',
    'RUNNING',
    'TencentOS Server 3.1 (TK4)',
    'S5.MEDIUM4',
    {
      note: 'Linux text console, running',
      tags: [tag('env', 'prod'), tag('team', 'web')],
    },
  ),
  demo(
    'ins-demo0002',
    'api-staging-01',
    'ap-guangzhou-4',
    'RUNNING',
    'Ubuntu Server 22.04 LTS 64bit',
    'SA2.LARGE8',
    {
      note: 'Ubuntu console (isUbuntu=true), running',
      tags: [tag('env', 'staging'), tag('team', 'web')],
    },
  ),
  demo(
    'ins-demo0003',
    'win-ad-01',
    'ap-guangzhou-3',
    'RUNNING',
    'Windows Server 2022 数据中心版 64位中文版',
    'S5.LARGE8',
    {
      note: 'Windows lock screen (isWindows=true): try Ctrl+Alt+Del',
      tags: [tag('env', 'prod'), tag('team', 'infra')],
    },
  ),
  demo('ins-demo0004', 'batch-dev-01', 'ap-guangzhou-6', 'STOPPED', 'CentOS 7.9 64bit', 'S5.SMALL2', {
    note: 'stopped: the console offers Start',
    publicIp: false,
    tags: [tag('env', 'dev'), tag('team', 'data')],
  }),
  demo('ins-demo0005', 'db-prod-01', 'ap-guangzhou-3', 'REBOOTING', 'Debian 12.4 64bit', 'M5.LARGE32', {
    note: 'rebooting at start-up, RUNNING about 20 s later',
    settleTo: 'RUNNING',
    settleAfterMs: 20_000,
    publicIp: false,
    tags: [tag('env', 'prod'), tag('team', 'data')],
  }),
  demo('ins-demo0006', 'vault-prod-01', 'ap-shanghai-2', 'RUNNING', 'Rocky Linux 9.2 64bit', 'S5.MEDIUM4', {
    note: 'VNC password required; the URL carries it as the password hint',
    vncPassword: 'cvmdemo1',
    tags: [tag('env', 'prod'), tag('team', 'security')],
  }),
  demo(
    'ins-demo0007',
    'edge-prod-01',
    'ap-tokyo-1',
    'RUNNING',
    'Ubuntu Server 20.04 LTS 64bit',
    'SA2.MEDIUM4',
    {
      note: 'another region (ap-tokyo)',
      tags: [tag('env', 'prod'), tag('team', 'growth')],
    },
  ),
  demo(
    'ins-demo0008',
    'core-fsi-01',
    'ap-shanghai-fsi-1',
    'RUNNING',
    'TencentOS Server 3.1 (TK4)',
    'S5.LARGE8',
    {
      note: 'finance region (ap-shanghai-fsi)',
      publicIp: false,
      tags: [tag('env', 'prod'), tag('team', 'payments')],
    },
  ),
];

export function tag(Key: string, Value: string): Tag {
  return { Key, Value };
}

function demo(
  id: string,
  name: string,
  zone: string,
  state: InstanceState,
  osName: string,
  type: string,
  more: Partial<DemoInstanceSpec> & { note: string; tags: Tag[] },
): DemoInstanceSpec {
  const region = zone.replace(/-\d+$/, '');
  return { id, name, region, zone, state, osName, type, publicIp: true, ...more };
}
