// `npm run demo-cloud` (jiti src-main/demo/cli.ts): the banner tells the truth, --help helps, and
// Ctrl+C or a SIGTERM to npm stops it.
import { describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseCliArgs, USAGE, watchParent } from '../../../src-main/demo/cli';
import { isolatedEnv, repoRoot, run } from '../../support/scratch-project';
import { canConnect } from '../../support/xvnc';
import { call } from './api/helpers';

describe('demo-cloud CLI', () => {
  it('parses its flags and refuses bad ones', () => {
    expect(parseCliArgs([])).toEqual({
      port: 0,
      instances: 500,
      latencyMs: 0,
      seed: '1',
      quiet: false,
      failRegions: {},
      help: false,
    });
    expect(parseCliArgs(['--help']).help).toBe(true);
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(
      parseCliArgs(['--port', '8123', '--instances', '10000', '--latency', '50', '--seed', 'abc', '--quiet']),
    ).toEqual({
      port: 8123,
      instances: 10000,
      latencyMs: 50,
      seed: 'abc',
      quiet: true,
      failRegions: {},
      help: false,
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

  it('npm run demo-cloud -- --help prints the usage and exits 0', async () => {
    const result = await run('npm', ['run', '--silent', 'demo-cloud', '--', '--help'], {
      cwd: repoRoot,
      env: isolatedEnv({}),
      timeoutMs: 30_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(USAGE);
    expect(USAGE).toContain('--instances N');
    expect(USAGE).toContain('ins-demo0001 to ins-demo0008 need 8 or more');
  });

  it('a SIGTERM to the npm run demo-cloud process stops the demo cloud too', async () => {
    // Its own process group, so that whatever is left can be cleaned up below.
    const npm = spawn('npm', ['run', 'demo-cloud', '--', '--quiet', '--instances', '8'], {
      cwd: repoRoot,
      env: isolatedEnv({}),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const npmExited = new Promise<void>((resolve) => npm.on('exit', () => resolve()));
    try {
      // npm, jiti and the demo cloud's start take ~3 s alone and over 20 s on a loaded core.
      await expect.poll(() => out, { timeout: 45_000, interval: 50 }).toContain('Press Ctrl+C to stop.');
      const port = Number(/API endpoint\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      expect(await canConnect(port)).toBe(true);
      npm.kill('SIGTERM');
      await npmExited;
      // The demo cloud (node, two processes below npm) notices and closes its port.
      await expect.poll(() => canConnect(port), { timeout: 10_000, interval: 100 }).toBe(false);
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    }
  }, 75_000);
});

describe('watchParent', () => {
  it('calls back once the parent changes or stops running, and not before', () => {
    vi.useFakeTimers();
    try {
      let parent = 100;
      let running = true;
      const gone = vi.fn();
      watchParent(gone, { intervalMs: 500, parentPid: () => parent, isRunning: () => running });
      vi.advanceTimersByTime(5_000);
      expect(gone).not.toHaveBeenCalled();
      parent = 1; // re-parented: the shell that started it has died
      vi.advanceTimersByTime(500);
      expect(gone).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(5_000);
      expect(gone).toHaveBeenCalledTimes(1);

      const goneToo = vi.fn();
      parent = 200;
      watchParent(goneToo, { intervalMs: 500, parentPid: () => parent, isRunning: () => running });
      running = false; // Windows: same parent id, but it no longer runs
      vi.advanceTimersByTime(500);
      expect(goneToo).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
