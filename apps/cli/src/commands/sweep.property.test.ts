/**
 * Issue #20, property-based, over the sweep commands' inputs that the other property tests do not reach:
 *
 * - `sweep status` and `sweep collect` over a sweep directory whose files (sweep.json, results.jsonl, running.json)
 *   a careless or hostile user has edited, truncated or replaced (by a FIFO, a directory, /dev/zero, a /proc file),
 *   and over collect's options: each run is either accepted with finite JSON (and collect's CSV written), or
 *   refused with exit 1 and one line naming the file or the option — and no CSV written.
 * - `sweep worker --concurrency`, `--idle-exit`, `--lock-ms` on a real redis-server: refused in one line naming the
 *   option before Redis is reached, or the worker runs, exits by itself when the idle time is short, and stops
 *   within 5 s of SIGTERM.
 *
 * Seeds are fixed (fast-check `seed`), so a failure reproduces.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describeWithTool } from '@softmax-ntk/test-helpers';
import { allFinite, expectOneLineNaming } from '../../test/finite';
import { startRedis, type TestRedis } from '../../test/redis';
import { runCli, type CliRun } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

/** Values as a hostile or careless user types them. */
const optionValue = fc.oneof(
  fc.integer({ min: -3, max: 300 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('', ' ', '0x10', '1e400', '-0', '1_000', 'NaN', 'Infinity', '0.2', '1e9', '1e-300', '1e306', '3abc'),
);

// ---------------------------------------------------------------------------------------------------------------
// sweep status / collect over edited sweep directories

const MANIFEST = 'sweep.json';
const RESULTS = 'results.jsonl';
const RUNNING = 'running.json';

type Edit =
  | { kind: 'replace'; file: string; text: string }
  | { kind: 'truncate'; file: string; at: number }
  | { kind: 'field'; file: typeof MANIFEST; path: readonly string[]; value: unknown }
  | { kind: 'record'; line: number; key: string; value: unknown }
  | { kind: 'append'; text: string }
  | { kind: 'special'; file: string; what: 'fifo' | 'dir' | 'dev-zero' | 'proc' | 'dangling' };

const anyFile = fc.constantFrom(MANIFEST, RESULTS, RUNNING);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), file: anyFile, text: fc.json() }),
  fc.record({
    kind: fc.constant('replace' as const),
    file: anyFile,
    text: fc.constantFrom(
      '\uFEFF{}',
      '',
      '{"format":"softmax-ntk/sweep"}',
      '{"a":1,"a":2}',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      'null\n',
      '{"id":"x","status":"done","attempts":1,"result":{"loss":1e400}}\n',
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), file: anyFile, at: fc.nat({ max: 2000 }) }),
  fc.record({
    kind: fc.constant('field' as const),
    file: fc.constant(MANIFEST),
    path: fc.constantFrom(
      ['format'],
      ['version'],
      ['sweepId'],
      ['name'],
      ['grid'],
      ['grid', 'experiment'],
      ['grid', 'axes'],
      ['grid', 'axes', 'n'],
      ['grid', 'fixed', 'm'],
      ['grid', 'record'],
      ['cells'],
      ['executor'],
      ['queue'],
      ['queueName'],
      ['updatedAt'],
    ),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  fc.record({
    kind: fc.constant('record' as const),
    line: fc.nat({ max: 1 }),
    key: fc.constantFrom('id', 'status', 'attempts', 'result', 'error', 'params', 'result.loss', 'result.steps'),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  fc.record({
    kind: fc.constant('append' as const),
    text: fc.oneof(
      fc.json().map((j) => `${j}\n`),
      fc.string({ unit: 'binary', maxLength: 200 }),
    ),
  }),
  fc.record({
    kind: fc.constant('special' as const),
    file: anyFile,
    what: fc.constantFrom('fifo' as const, 'dir' as const, 'dev-zero' as const, 'proc' as const, 'dangling' as const),
  }),
);

function applyEdit(dir: string, e: Edit): void {
  const path = join(dir, e.kind === 'record' || e.kind === 'append' ? RESULTS : e.file);
  switch (e.kind) {
    case 'replace':
      writeFileSync(path, e.text);
      return;
    case 'truncate':
      writeFileSync(path, readFileSync(path).subarray(0, e.at));
      return;
    case 'field': {
      const m = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      let o = m;
      for (const k of e.path.slice(0, -1)) {
        if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
        o = o[k] as Record<string, unknown>;
      }
      o[e.path[e.path.length - 1] as string] = e.value;
      writeFileSync(path, JSON.stringify(m));
      return;
    }
    case 'record': {
      const lines = readFileSync(path, 'utf8').split('\n');
      const rec = JSON.parse(lines[e.line] as string) as Record<string, unknown>;
      const [k, sub] = e.key.split('.') as [string, string | undefined];
      if (sub) (rec[k] as Record<string, unknown>)[sub] = e.value;
      else rec[k] = e.value;
      lines[e.line] = JSON.stringify(rec);
      writeFileSync(path, lines.join('\n'));
      return;
    }
    case 'append':
      writeFileSync(path, readFileSync(path, 'utf8') + e.text);
      return;
    case 'special':
      rmSync(path, { force: true });
      if (e.what === 'fifo') spawnSync('mkfifo', [path]);
      else if (e.what === 'dir') mkdirSync(path);
      else if (e.what === 'dev-zero') symlinkSync('/dev/zero', path);
      else if (e.what === 'proc') symlinkSync('/proc/self/status', path);
      else symlinkSync(join(dir, 'nowhere'), path);
      return;
  }
}

/** Accepted with finite JSON on stdout, or refused in one line naming one of `names`. */
function acceptedOrNamed(r: CliRun, names: RegExp): boolean {
  if (r.code === 0) {
    expect(allFinite(JSON.parse(r.stdout))).toBe(true);
    return true;
  }
  expectOneLineNaming(r, names);
  return false;
}

describe('property: sweep status and sweep collect over edited sweep directories', () => {
  let base = '';
  beforeAll(async () => {
    const grid = tmp.path('grid.json');
    writeFileSync(
      grid,
      JSON.stringify({ experiment: 'train', axes: { n: [3, 4] }, fixed: { m: 4, d: 1, steps: 3 }, seeds: 1 }),
    );
    base = tmp.path('base.sweep');
    const r = await runCli(['--quiet', '--json', 'sweep', 'run', grid, '--out', base]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(base, RESULTS), 'utf8').trim().split('\n')).toHaveLength(2);
    writeFileSync(
      join(base, RUNNING),
      JSON.stringify({ pid: process.pid, host: 'elsewhere', running: [], updatedAt: '2026-12-06T00:00:00Z' }),
    );
  });

  it('each edit: finite output, or one line naming the file (status) — and collect writes its CSV only when accepted', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(edit, async (e) => {
        const dir = tmp.path(`edited-${k++}.sweep`);
        cpSync(base, dir, { recursive: true });
        applyEdit(dir, e);
        const names = new RegExp(`${MANIFEST}|${RESULTS}|${RUNNING}|${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
        const status = await runCli(['--quiet', '--json', 'sweep', 'status', '--out', dir]);
        acceptedOrNamed(status, names);
        const csv = tmp.path(`edited-${k}.csv`);
        const collect = await runCli([
          '--quiet',
          '--json',
          'sweep',
          'collect',
          '--out',
          dir,
          '--csv',
          csv,
          '--no-plot',
        ]);
        expect(existsSync(csv)).toBe(acceptedOrNamed(collect, names));
        // an edit of running.json alone changes nothing that is refused: the file is only a hint
        if (e.kind !== 'record' && e.kind !== 'append' && e.file === RUNNING) expect(status.code).toBe(0);
        rmSync(dir, { recursive: true, force: true });
        rmSync(csv, { force: true });
      }),
      { seed: 60, numRuns: 80 },
    );
  }, 300_000);

  it('collect options: finite output with the CSV, or one line naming the option and no CSV', async () => {
    const options: Record<string, fc.Arbitrary<string>> = {
      '--level': optionValue,
      '--reduce': fc.oneof(fc.constantFrom('none', 'median', 'mean', 'min', 'max', 'geomean'), fc.string()),
      '--where': fc.oneof(
        fc.string(),
        fc.constantFrom('n=3', 'n=3,steps=3', 'converged=true', 'nope=1', '=1', 'n', 'n==3', 'n=[1]'),
      ),
      '--x': fc.oneof(fc.constantFrom('n', 'steps', 'nope', 'loss', ''), fc.string()),
      '--by': fc.oneof(fc.constantFrom('n', 'converged', 'nope', 'n,n', ','), fc.string()),
    };
    let k = 0;
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...Object.keys(options))
          .chain((o) => fc.tuple(fc.constant(o), options[o] as fc.Arbitrary<string>)),
        async ([option, value]) => {
          const csv = tmp.path(`opt-${k++}.csv`);
          const args: Record<string, string> = { '--x': 'n', '--y': 'steps', [option]: value };
          const r = await runCli([
            ...['--quiet', '--json', 'sweep', 'collect', '--out', base, '--csv', csv, '--no-plot'],
            ...Object.entries(args).flat(),
          ]);
          const flag = option === '--x' ? /--x|--y/ : option;
          expect(existsSync(csv)).toBe(acceptedOrNamed(r, flag instanceof RegExp ? flag : new RegExp(flag)));
          rmSync(csv, { force: true });
        },
      ),
      { seed: 61, numRuns: 60 },
    );
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------------------------
// sweep worker options on a real Redis

/** Bound the issue sets on a stop after SIGTERM. */
const STOP_BOUND_MS = 5000;

/**
 * Runs `sweep worker` in-process until it is waiting (its SIGTERM handler is installed) or has finished. Returns
 * the run and, if it was still running, the handler (the in-process equivalent of a SIGTERM).
 */
async function startWorker(
  argv: string[],
): Promise<{ done: Promise<CliRun>; settled: () => boolean; term?: () => void }> {
  const before = new Set(process.listeners('SIGTERM'));
  let settled = false;
  const done = runCli(argv).finally(() => (settled = true));
  const t0 = Date.now();
  for (;;) {
    const added = process.listeners('SIGTERM').filter((l) => !before.has(l));
    if (settled) return { done, settled: () => settled };
    if (added.length) return { done, settled: () => settled, term: () => added.forEach((l) => l('SIGTERM')) };
    if (Date.now() - t0 > 60_000) throw new Error('the worker neither started nor finished in 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeWithTool('redis-server', 'property: sweep worker --concurrency, --idle-exit, --lock-ms', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis(tmp.dir());
  });
  afterAll(() => redis?.stop());

  it('refused in one line naming the option, or the worker runs, leaves when idle, and stops within 5 s of SIGTERM', async () => {
    const defaults: Record<string, string> = { '--concurrency': '1', '--idle-exit': '600', '--lock-ms': '10000' };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(defaults)), optionValue, async (option, value) => {
        const args = { ...defaults, [option]: value };
        // 120MB: up to 2 threads of ≥ 50 MB each are accepted
        const argv = ['--quiet', '--json', '--max-memory', '120MB', 'sweep', 'worker', '--queue', redis.url];
        const w = await startWorker([...argv, ...Object.entries(args).flat()]);
        if (!w.term) {
          const r = await w.done;
          if (r.code !== 0) {
            expectOneLineNaming(r, option);
            return;
          }
          // finished by itself: only a short --idle-exit may do that
          expect({ option, value, idle: Number(args['--idle-exit']) }).toMatchObject({ option: '--idle-exit' });
          expect(Number(value)).toBeLessThan(60);
          expect(JSON.parse(r.stdout)).toEqual({ queue: redis.url, done: 0, failed: 0 });
          return;
        }
        const idle = Number(args['--idle-exit']);
        // a short idle time: the worker leaves by itself (the check runs every min(idle, 250 ms))
        if (idle <= 0.5) await Promise.race([w.done, new Promise((r) => setTimeout(r, 10_000))]);
        if (idle <= 0.5) expect({ option, value, leftByItself: w.settled() }).toMatchObject({ leftByItself: true });
        if (!w.settled()) {
          const t0 = Date.now();
          w.term();
          await Promise.race([w.done, new Promise((r) => setTimeout(r, 15_000))]);
          expect({ option, value, stopMs: Date.now() - t0, stopped: w.settled() }).toMatchObject({ stopped: true });
          expect(Date.now() - t0).toBeLessThan(STOP_BOUND_MS);
        }
        const r = await w.done;
        expect({ option, value, code: r.code, stderr: r.stderr }).toMatchObject({ code: 0, stderr: '' });
        expect(JSON.parse(r.stdout)).toEqual({ queue: redis.url, done: 0, failed: 0 });
      }),
      { seed: 62, numRuns: 30 },
    );
  }, 600_000);
});
