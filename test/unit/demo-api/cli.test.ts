// `npm run demo-cloud` (jiti src-main/demo/cli.ts): the banner tells the truth and Ctrl+C stops it.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseCliArgs } from '../../../src-main/demo/cli';
import { call } from './helpers';

describe('demo-cloud CLI', () => {
  it('parses its flags and refuses bad ones', () => {
    expect(parseCliArgs([])).toEqual({
      port: 0,
      instances: 500,
      latencyMs: 0,
      seed: '1',
      quiet: false,
      failRegions: {},
    });
    expect(
      parseCliArgs(['--port', '8123', '--instances', '10000', '--latency', '50', '--seed', 'abc', '--quiet']),
    ).toEqual({
      port: 8123,
      instances: 10000,
      latencyMs: 50,
      seed: 'abc',
      quiet: true,
      failRegions: {},
    });
    expect(
      parseCliArgs(['--fail-region', 'ap-tokyo', '--fail-region', 'eu-frankfurt:InternalError']).failRegions,
    ).toEqual({ 'ap-tokyo': 'AuthFailure.UnauthorizedOperation', 'eu-frankfurt': 'InternalError' });
    expect(() => parseCliArgs(['--fail-region', 'mars-1'])).toThrow(/not a demo region/);
    expect(() => parseCliArgs(['--fail-region', 'ap-tokyo:<script>'])).toThrow(/error code/);
    expect(() => parseCliArgs(['--instances', '-1'])).toThrow(/--instances/);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--colour'])).toThrow();
  });

  it('prints the endpoint, the demo key and instances; the key works; SIGINT stops it', async () => {
    const jitiCli = createRequire(import.meta.url)
      .resolve('jiti/package.json')
      .replace(/package\.json$/, 'lib/jiti-cli.mjs');
    const child = spawn(
      process.execPath,
      [jitiCli, 'src-main/demo/cli.ts', '--instances', '60', '--seed', '9'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => out, { timeout: 15_000, interval: 50 }).toContain('Press Ctrl+C to stop.');
      const endpoint = /API endpoint\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const secretId = /SecretId\s+(\S+)/.exec(out)?.[1];
      const secretKey = /SecretKey\s+(\S+)/.exec(out)?.[1];
      expect(endpoint && secretId && secretKey).toBeTruthy();
      expect(out).toContain('60 instances in 18 regions (seed 9)');
      expect(out).toMatch(/ins-demo0001\s+ap-guangzhou\s+RUNNING\s+web-prod-01/);
      expect(out).toMatch(/ins-demo0004\s+ap-guangzhou\s+STOPPED/);
      const port = Number(new URL(endpoint!).port);
      const res = await call(port, {
        action: 'DescribeInstances',
        params: { Limit: 1 },
        region: 'ap-guangzhou',
        secretId: secretId!,
        secretKey: secretKey!,
      });
      expect(res.json.Response.TotalCount).toBeGreaterThan(0);
      // Each request is logged on one line, without the key.
      await expect.poll(() => out).toMatch(/DescribeInstances ap-guangzhou → ok/);
      expect(out.split('Press Ctrl+C to stop.')[1]).not.toContain(secretKey!);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });
});
