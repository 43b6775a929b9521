/**
 * A real Redis for the queue tests: Debian's `redis-server` on a free
 * loopback port, without persistence, started by the test and stopped after
 * it (`.ci/run` installs the package when the binary is absent).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'redis-server is not installed: `apt-get install redis-server` (.ci/run does this when it is absent)',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'sweep-redis-'));
  const port = await freePort();
  const proc: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await r.connect();
      if ((await r.ping()) === 'PONG') {
        r.disconnect();
        break;
      }
    } catch {
      r.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url} within 10 s`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  return {
    url,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((res) => proc.once('exit', res));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A redis-server that can be killed and started again on the same port, with its data kept (AOF, fsync always). */
export interface RestartableRedis extends RedisServer {
  port: number;
  /** SIGKILL: the outage a crash or a network cut gives (no goodbye to the clients). */
  kill(): Promise<void>;
  /** Start again on the same port and directory; resolves when it answers PING. */
  restart(): Promise<void>;
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      if ((await r.ping()) === 'PONG') {
        r.disconnect();
        return;
      }
    } catch {
      r.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url} within ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }
}

/** A restartable loopback redis-server; `password` sets requirepass (the URL then carries it). */
export async function startRestartableRedis(options: { password?: string } = {}): Promise<RestartableRedis> {
  if (spawnSync('redis-server', ['--version']).status !== 0)
    throw new Error('redis-server is not installed: `apt-get install redis-server`');
  const dir = mkdtempSync(join(tmpdir(), 'sweep-redis-restart-'));
  const port = await freePort();
  const auth = options.password ? `:${options.password}@` : '';
  const url = `redis://${auth}127.0.0.1:${port}`;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  args.push('--appendonly', 'yes', '--appendfsync', 'always');
  if (options.password) args.push('--requirepass', options.password);
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn('redis-server', args, { stdio: 'ignore' });
    await waitForPing(url, 10_000);
  };
  const kill = async (signal: NodeJS.Signals) => {
    const p = proc;
    if (p && p.exitCode === null && p.signalCode === null) {
      const exited = new Promise((res) => p.once('exit', res));
      p.kill(signal);
      await exited;
    }
  };
  await start();
  return {
    url,
    port,
    kill: () => kill('SIGKILL'),
    restart: start,
    async stop() {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
