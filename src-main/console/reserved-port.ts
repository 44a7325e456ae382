// A loopback port held from app start until the demo cloud takes it over. The window's CSP is fixed
// when the page loads, but the demo cloud starts only when first used: holding its port from the
// start lets the CSP name that exact port instead of every port on 127.0.0.1.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ReservedPort {
  readonly port: number;
  /**
   * Frees the port for its real server. The listening socket closes at once, so a server that
   * listens in the same tick gets the port. Safe to call more than once.
   */
  release(): number;
}

export async function reserveLoopbackPort(host = '127.0.0.1'): Promise<ReservedPort> {
  // Anyone connecting before the hand-over is simply hung up on.
  const holder: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(0, host, () => {
      holder.off('error', reject);
      resolve();
    });
  });
  const { port } = holder.address() as AddressInfo;
  let held = true;
  return {
    port,
    release() {
      if (held) {
        held = false;
        holder.close();
      }
      return port;
    },
  };
}
