// The app's "Demo cloud" profile: the demo cloud is started in the main process the first time
// the profile is used, with its own per-run key (never written to the keychain), and the cloud
// client is pointed at it. Nothing runs until then, and close() stops it with the app.
import type { ProfileSummary } from '../contract';
import { createCvmClient, type CvmClient, type CvmClientOptions } from '../cloud';
import type { ProfileSource } from '../vault/profiles';
import { startDemoCloud, type DemoCloud, type DemoCloudOptions } from './demo-cloud';

export const DEMO_PROFILE: ProfileSummary = {
  id: 'demo',
  name: 'Demo cloud',
  kind: 'demo',
  site: 'china',
  defaultRegion: 'ap-guangzhou',
};

export interface DemoProfileOptions {
  /** Fleet size etc.; the app uses a small fleet so the demo list is easy to read. */
  cloud?: DemoCloudOptions;
  /** Extra client options (the app passes Electron's net.fetch). */
  client?: Omit<CvmClientOptions, 'credentials' | 'endpoint'>;
  start?: (opts: DemoCloudOptions) => Promise<DemoCloud>;
}

export class DemoProfile implements ProfileSource {
  readonly summary = DEMO_PROFILE;
  private running: Promise<{ cloud: DemoCloud; client: CvmClient }> | undefined;

  constructor(private readonly options: DemoProfileOptions = {}) {}

  /** Starts the demo cloud on first use; every later call shares it. */
  async client(): Promise<CvmClient> {
    return (await this.ensure()).client;
  }

  /** The running demo cloud, for the e2e tests and benchmarks (undefined until first use). */
  async cloud(): Promise<DemoCloud | undefined> {
    return this.running ? (await this.running).cloud : undefined;
  }

  private ensure(): Promise<{ cloud: DemoCloud; client: CvmClient }> {
    this.running ??= (async () => {
      const cloud = await (this.options.start ?? startDemoCloud)({ instances: 60, ...this.options.cloud });
      const { secretId, secretKey } = cloud.credentials;
      const client = createCvmClient({
        ...this.options.client,
        credentials: async () => ({ secretId, secretKey }),
        endpoint: cloud.endpoint,
      });
      return { cloud, client };
    })();
    // A failed start may be retried by the next call.
    this.running.catch(() => (this.running = undefined));
    return this.running;
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await (await running).cloud.close();
  }
}
