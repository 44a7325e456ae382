// The demo cloud's port is held from app start, so the window's CSP can name it before the demo
// cloud exists; main.ts wires it exactly like this.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { reserveLoopbackPort } from '../../../src-main/console/reserved-port';
import { DemoProfile } from '../../../src-main/demo/demo-profile';
import { startDemoCloud } from '../../../src-main/demo/demo-cloud';
import { consoleConnectSources } from '../../../src-main/cloud/console-gateways';
import { loopbackConsolePorts } from '../../../src-main/shell/security-policy';

/** Resolves with what happened to a TCP connection: the holder hangs up without a byte. */
function probe(port: number): Promise<{ bytes: number; closed: boolean }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (d) => (bytes += d.length));
    socket.on('error', reject);
    socket.on('close', () => resolve({ bytes, closed: true }));
  });
}

let demo: DemoProfile | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

describe('reserveLoopbackPort', () => {
  it('holds a port (hanging up on anyone) until released, then hands it to the demo cloud', async () => {
    const reserved = await reserveLoopbackPort();
    expect(reserved.port).toBeGreaterThan(0);
    expect(await probe(reserved.port)).toEqual({ bytes: 0, closed: true });

    demo = new DemoProfile({
      cloud: { instances: 5, port: reserved.port },
      start: (options) => (reserved.release(), startDemoCloud(options)),
    });
    const client = await demo.client();
    expect((await demo.cloud())?.port).toBe(reserved.port);
    expect(reserved.release()).toBe(reserved.port); // a second release is harmless

    // The console URL the demo hands out is one the app's CSP header allows, on that port alone.
    const { url } = await client.describeInstanceVncUrl({
      region: 'ap-guangzhou',
      instanceId: 'ins-demo0001',
    });
    expect(url.startsWith(`ws://127.0.0.1:${reserved.port}/vnc?s=`)).toBe(true);
    expect(consoleConnectSources(loopbackConsolePorts(reserved.port, {}))).toContain(
      `ws://127.0.0.1:${reserved.port}`,
    );
  });
});
