// A stand-in Electron release served from a local mirror on 127.0.0.1, for the tests of the launch
// and packaging paths (the real binary cannot be downloaded here). The release is laid out as on
// GitHub and on mirrors (ELECTRON_MIRROR): <mirror>/v<version>/electron-v<version>-<platform>-<arch>.zip
// and <mirror>/v<version>/SHASUMS256.txt. The zip's `electron` is a shell script that records the
// directory and arguments it was launched with in $CVM_STAND_IN_LOG, then exits.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { strToU8, zipSync } from 'fflate';

export const STAND_IN_LOG_VAR = 'CVM_STAND_IN_LOG';

const STAND_IN_ELECTRON = `#!/bin/sh
# Stand-in for the Electron binary: records where and with what it was launched, then exits.
{ pwd; for arg in "$@"; do printf '%s\\n' "$arg"; done; } > "$${STAND_IN_LOG_VAR}"
`;

export interface StandInRelease {
  zipName: string;
  /** URL path (under the mirror) → file. */
  files: Map<string, Uint8Array>;
}

/** The release for this machine's platform and architecture, as Electron's installer asks for it. */
export function standInRelease(version: string): StandInRelease {
  const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const zip = zipSync({
    // os 3 (Unix) so that the permission bits (rwxr-xr-x) are kept when unpacked.
    electron: [strToU8(STAND_IN_ELECTRON), { os: 3, attrs: 0o755 << 16 }],
    version: strToU8(version),
  });
  const sha256 = createHash('sha256').update(zip).digest('hex');
  return {
    zipName,
    files: new Map([
      [`/v${version}/${zipName}`, zip],
      [`/v${version}/SHASUMS256.txt`, strToU8(`${sha256} *${zipName}\n`)],
    ]),
  };
}

export interface Mirror {
  /** Base URL for ELECTRON_MIRROR (ends with /). */
  url: string;
  /** The request targets received, in order ("CONNECT host:port" when it was used as a proxy). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves the files on 127.0.0.1 on a free port; anything else is a 404. It is also an HTTP proxy
 * for any host, serving the same files: it answers the absolute form (GET http://host/path) and
 * tunnels CONNECT host:port (what undici's proxy agent sends) to itself.
 */
export async function startMirror(files: Map<string, Uint8Array>): Promise<Mirror> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const target = req.url ?? '/';
    requests.push(target);
    const file = files.get(new URL(target, 'http://mirror.invalid').pathname);
    if (req.method !== 'GET' || !file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.byteLength });
    res.end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  server.on('connect', (req, client, head) => {
    requests.push(`CONNECT ${req.url ?? ''}`);
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
