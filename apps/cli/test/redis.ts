/** Debian's redis-server on a free loopback port, without persistence (.ci/run installs it when absent). */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** A running redis-server: its URL, and how to stop it. */
export interface TestRedis {
  url: string;
  stop: () => Promise<void>;
}

/** Starts redis-server in `cwd` on a free loopback port; resolves once it answers PING. */
export async function startRedis(cwd: string): Promise<TestRedis> {
  if (spawnSync('redis-server', ['--version']).status !== 0)
    throw new Error('redis-server is not installed (apt-get install redis-server)');
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore', cwd },
  );
  for (let k = 0; k < 200; k++) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .trim() === 'PONG'
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) =>
        proc.exitCode !== null ? resolve() : (proc.once('exit', () => resolve()), proc.kill('SIGTERM')),
      ),
  };
}
