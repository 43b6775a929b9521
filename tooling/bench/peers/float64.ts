/**
 * The equal-precision rows of the peer benchmark (issue 17), PyTorch the peer: in process — the float64 and float32
 * GD steps (Definition 3.5 with the gradient of Claim 3.4), the float64 Gram matrix H (Definition 3.6) and dense eigvalsh /
 * eigh at nd = 2048 — and whole process — `softmax-ntk ntk` and `softmax-ntk train --steps 200` against a plain
 * PyTorch script of the same job, float64 and float32 — on the same problem file (256, 8, 4096). Gu, Li, Liang,
 * Shi, Song — "Exploring the Frontiers of Softmax" (2024).
 *
 * PyTorch (torch64_peer.py, Debian's python3-torch under /usr/bin/python3) at its best: a warm-up, best-of and
 * median of the repetitions, the better of 1 thread and all threads (TORCH_NUM_THREADS), denormals flushed; each
 * in-process peer time is checked against a bare script of the same loop in a fresh process. NumPy on the same
 * OpenBLAS/LAPACK (numpy_peer.py) is a second column where it says something PyTorch does not (the closed-form
 * step; LAPACK's eigvalsh without torch's dispatch). Peak RSS of each process (/usr/bin/time). Each row records the
 * 1-minute load (/proc/loadavg) before and after; a row that saw load > --max-load (1.5) is re-run after a pause
 * (--retries, default 1), and if the machine stays busy it is kept but marked "under load" — its ratio is not
 * evidence for or against a target.
 *
 *   pnpm bench:float64 [--reps N] [--retries N] [--wait S] [--max-load L] [--only id,id] [--skip id,id] [--out DIR] [--sources]
 *
 * Writes DIR/float64-<date>.{md,json} (default bench/results/) and prints the table. Ours runs from the built
 * packages (what a user installs; refused when a build is older than its sources: ./oursBuild.ts), or with
 * --sources from the TypeScript sources through tsx; the whole-process rows need the CLI built (`pnpm build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { estimateLambdaMax, makeProblem } from '@softmax-ntk/network';
import { writeProblemFile } from '@softmax-ntk/network/node';
import { gram } from '@softmax-ntk/ntk';
import { oursTsconfig } from './oursBuild';
import { ensurePython } from './python';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const reps = Number(opt('reps') ?? 5);
const retries = Number(opt('retries') ?? 1);
const waitS = Number(opt('wait') ?? 30);
const maxLoad = Number(opt('max-load') ?? 1.5);
const only = opt('only')?.split(',');
const skip = opt('skip')?.split(',') ?? [];
const outDir = opt('out') ?? join(root, 'bench', 'results');
const threadsAll = availableParallelism();

const load1 = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const median = (xs: number[]): number => {
  const s = [...xs].sort((p, q) => p - q);
  const h = s.length >> 1;
  return s.length % 2 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
};
const best = (xs: number[]): number => Math.min(...xs);
const rel = (p: number, q: number): number => Math.abs(p - q) / Math.max(Math.abs(q), Number.MIN_VALUE);

interface Timing {
  wall: number[];
  cpu?: number[];
  [key: string]: unknown;
}

/**
 * Runs a command, returns its last stdout line as JSON (and the wall time, peak RSS and CPU time — user + system,
 * its threads and children included — of the whole process).
 */
function run(
  cmd: string[],
  env: Record<string, string> = {},
): { out: Timing; ms: number; rssMb: number; cpuMs: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS_KB %M CPU_S %U %S', ...cmd], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = /RSS_KB (\d+)/.exec(r.stderr);
  const cpu = /CPU_S ([\d.]+) ([\d.]+)/.exec(r.stderr);
  const line = r.stdout.trim().split('\n').at(-1) ?? '{}';
  return {
    out: JSON.parse(line) as Timing,
    ms,
    rssMb: rss ? Number(rss[1]) / 1024 : NaN,
    cpuMs: cpu ? 1e3 * (Number(cpu[1]) + Number(cpu[2])) : NaN,
  };
}

/** Debian's interpreter: python3-torch and python3-numpy (a pyenv `python3` earlier on PATH has neither). */
const PY = '/usr/bin/python3';
const tsx = ['npx', 'tsx', '--tsconfig', oursTsconfig(root, here, args)];
const torchPy = [PY, join(here, 'torch64_peer.py')];
const numpyPy = [PY, join(here, 'numpy_peer.py')];
const cli = ['node', join(root, 'apps', 'cli', 'bin', 'softmax-ntk.js')];
/** The thread count of every BLAS and of torch's intra-op pool. */
const threadEnv = (threads: number): Record<string, string> => ({
  TORCH_NUM_THREADS: String(threads),
  OPENBLAS_NUM_THREADS: String(threads),
  OMP_NUM_THREADS: String(threads),
});

interface Side {
  best: number;
  median: number;
  cpuMedian?: number;
  rssMb?: number;
  threads?: number;
}

interface Row {
  id: string;
  what: string;
  ours: Side;
  torch: Side;
  numpy?: Side;
  /** Ours best over PyTorch best. */
  ratio: number;
  ratioCpu?: number;
  agreement: number;
  agreementNote: string;
  crossCheck?: string;
  load: [number, number];
  attempts: number;
  underLoad: boolean;
}
type Measured = Omit<Row, 'load' | 'attempts' | 'underLoad'>;

const sideOf = (r: ReturnType<typeof run>, threads?: number): Side => ({
  best: best(r.out.wall),
  median: median(r.out.wall),
  cpuMedian: r.out.cpu ? median(r.out.cpu) : undefined,
  rssMb: r.rssMb,
  threads,
});

/** A peer at 1 thread and at all threads, the better (by best time) kept with its output. */
function atBestThreads(cmd: string[]): { side: Side; out: Timing } {
  let kept: { side: Side; out: Timing } | undefined;
  for (const threads of [1, threadsAll]) {
    const r = run(cmd, threadEnv(threads));
    const side = sideOf(r, threads);
    if (!kept || side.best < kept.side.best) kept = { side, out: r.out };
  }
  return kept as { side: Side; out: Timing };
}

/**
 * In process: each side's own timer around the work after a warm-up (inside the scripts); PyTorch at 1 thread and
 * at all threads; its kept time cross-checked against the bare loop (`bare-<job>`) at the same thread count.
 */
function inProcess(
  id: string,
  what: string,
  oursCmd: string[],
  torchArgs: string[],
  numpyCmd: string[] | undefined,
  agree: (o: Timing, p: Timing) => [number, string],
): Measured {
  const o = run(oursCmd);
  const t = atBestThreads([...torchPy, ...torchArgs]);
  const np = numpyCmd ? atBestThreads(numpyCmd).side : undefined;
  const bare = run(
    [...torchPy, `bare-${torchArgs[0] as string}`, ...torchArgs.slice(1)],
    threadEnv(t.side.threads ?? 1),
  );
  const bareMedian = median(bare.out.wall);
  const x = bareMedian / t.side.median;
  const ours = sideOf(o);
  const [agreement, agreementNote] = agree(o.out, t.out);
  return {
    id,
    what,
    ours,
    torch: t.side,
    numpy: np,
    ratio: ours.best / t.side.best,
    ratioCpu:
      ours.cpuMedian !== undefined && t.side.cpuMedian !== undefined ? ours.cpuMedian / t.side.cpuMedian : undefined,
    agreement,
    agreementNote,
    crossCheck: `bare loop ${bareMedian.toFixed(1)} ms = ${x.toFixed(2)}×${Math.abs(x - 1) > 0.3 ? ' (> 30 % off: suspect)' : ''}`,
  };
}

/**
 * Whole process: wall time of each process from spawn to exit, ours and PyTorch (1 thread, all threads) alternating,
 * after one warm-up each. The peer is itself the bare script of the job.
 */
function wholeProcess(
  id: string,
  what: string,
  oursCmd: string[],
  torchArgs: string[],
  agree: (o: Timing, p: Timing) => [number, string],
): Measured {
  run(oursCmd);
  run([...torchPy, ...torchArgs], threadEnv(1));
  const to: number[] = [];
  const co: number[] = [];
  const tp: Record<number, number[]> = { 1: [], [threadsAll]: [] };
  const cp: Record<number, number[]> = { 1: [], [threadsAll]: [] };
  const rss: { ours: number; [threads: number]: number } = { ours: 0, 1: 0, [threadsAll]: 0 };
  let o: ReturnType<typeof run> | undefined;
  let p: ReturnType<typeof run> | undefined;
  for (let r = 0; r < Math.max(2, Math.min(reps, 3)); r++) {
    o = run(oursCmd);
    to.push(o.ms);
    co.push(o.cpuMs);
    rss.ours = Math.max(rss.ours, o.rssMb);
    for (const threads of [1, threadsAll]) {
      p = run([...torchPy, ...torchArgs], threadEnv(threads));
      tp[threads]?.push(p.ms);
      cp[threads]?.push(p.cpuMs);
      rss[threads] = Math.max(rss[threads] ?? 0, p.rssMb);
    }
  }
  const threads = best(tp[1] as number[]) <= best(tp[threadsAll] as number[]) ? 1 : threadsAll;
  const peerTimes = tp[threads] as number[];
  const [agreement, agreementNote] = agree((o as ReturnType<typeof run>).out, (p as ReturnType<typeof run>).out);
  return {
    id,
    what,
    ours: { best: best(to), median: median(to), cpuMedian: median(co), rssMb: rss.ours },
    torch: {
      best: best(peerTimes),
      median: median(peerTimes),
      cpuMedian: median(cp[threads] as number[]),
      rssMb: rss[threads],
      threads,
    },
    ratio: best(to) / best(peerTimes),
    ratioCpu: median(co) / median(cp[threads] as number[]),
    agreement,
    agreementNote,
    crossCheck: 'the peer is the bare script',
  };
}

/** Runs a row, re-running it after a pause while the load exceeded maxLoad; the last attempt is kept. */
async function withLoadCheck(measure: () => Measured): Promise<Row> {
  for (let attempt = 1; ; attempt++) {
    const l0 = load1();
    const r = measure();
    const l1 = load1();
    const busy = Math.max(l0, l1) > maxLoad;
    const row: Row = { ...r, load: [l0, l1], attempts: attempt, underLoad: busy };
    console.log(
      `${r.id}: ours ${r.ours.best.toFixed(1)} ms, PyTorch ${r.torch.best.toFixed(1)} ms (ratio ${r.ratio.toFixed(2)}), load ${l0.toFixed(2)}–${l1.toFixed(2)}${busy ? ' — over ' + maxLoad : ''}`,
    );
    if (!busy || attempt > retries) return row;
    await new Promise((res) => setTimeout(res, 1000 * waitS));
  }
}

async function main(): Promise<void> {
  const torchVersion = ensurePython(PY).torch;
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-float64-'));
  const P = join(dir, 'problem.json');
  // The problem of run.ts's GD and λ_min rows: unit-sphere inputs, σ = 1, symmetric initialisation, (256, 8, 4096).
  const { problem } = makeProblem({
    n: 256,
    dIn: 8,
    dOut: 8,
    numNeurons: 4096,
    sigma: 1,
    seed: 1,
    data: 'unit-sphere',
  });
  writeProblemFile(P, problem);
  const H = gram({ w: problem.w, a: problem.a, x: problem.x, activation: problem.activation, precision: 'float64' });
  const hPath = join(dir, 'H.f64');
  writeFileSync(hPath, new Uint8Array(H.data.buffer, H.data.byteOffset, H.data.byteLength));
  const n = H.rows;
  const eta = 1 / (await estimateLambdaMax({ problem, iterations: 20 }));
  const want = (id: string): boolean => (!only || only.includes(id)) && !skip.includes(id);
  const rows: Row[] = [];
  const eigAgree = (o: Timing, p: Timing): [number, string] => [
    Math.max(
      rel(o['lambdaMin'] as number, p['lambdaMin'] as number),
      rel(o['lambdaMax'] as number, p['lambdaMax'] as number),
    ),
    'max relative difference of λ_min, λ_max',
  ];

  if (want('step64')) {
    rows.push(
      await withLoadCheck(() =>
        inProcess(
          'step64',
          'float64 GD step, n = 256, d = 8 (in and out), m = 4096: ours `softmaxGradient64Threads` (2 threads) + W − η·ΔW; PyTorch autograd',
          [...tsx, join(here, 'ours64.ts'), 'step', P, String(4 * reps)],
          ['step', P, String(4 * reps), 'float64'],
          [...numpyPy, 'step', P, String(4 * reps)],
          (o, p) => [rel(o['loss'] as number, p['loss'] as number), 'relative difference of the loss L(W(0))'],
        ),
      ),
    );
  }
  if (want('step32')) {
    rows.push(
      await withLoadCheck(() =>
        inProcess(
          'step32',
          'float32 GD step, n = 256, d = 8 (in and out), m = 4096: ours `softmaxGradient32Threads` (2 threads) + W − η·ΔW rounded to float32; PyTorch autograd in float32',
          [...tsx, join(here, 'ours64.ts'), 'step', P, String(4 * reps), 'float32'],
          ['step', P, String(4 * reps), 'float32'],
          undefined,
          (o, p) => [rel(o['loss'] as number, p['loss'] as number), 'relative difference of the loss L(W(0))'],
        ),
      ),
    );
  }
  if (want('gram64')) {
    rows.push(
      await withLoadCheck(() =>
        inProcess(
          'gram64',
          `float64 Gram matrix H (nd = ${n}): ours \`gramAsync({ precision: 'float64' })\`; PyTorch Definition 3.6 in tensor ops`,
          [...tsx, join(here, 'ours64.ts'), 'gram', P, String(reps)],
          ['gram', P, String(reps)],
          undefined,
          (o, p) => [
            Math.max(rel(o['trace'] as number, p['trace'] as number), rel(o['h01'] as number, p['h01'] as number)),
            'max relative difference of trace H, H[0][1]',
          ],
        ),
      ),
    );
  }
  for (const [id, kind, what, count] of [
    ['eigvalsh2048', 'vals', `dense eigvalsh of H (nd = ${n}, float64)`, reps],
    ['eigh2048', 'vecs', `dense eigh (values and vectors) of H (nd = ${n}, float64)`, 2],
  ] as const) {
    if (!want(id)) continue;
    rows.push(
      await withLoadCheck(() =>
        inProcess(
          id,
          what,
          [...tsx, join(here, 'ours64.ts'), 'eig', hPath, String(n), String(count), kind],
          ['eig', hPath, String(n), String(count), kind],
          kind === 'vals' ? [...numpyPy, 'eig', hPath, String(n), String(count), kind] : undefined,
          eigAgree,
        ),
      ),
    );
  }
  const cliBuilt = existsSync(join(root, 'apps', 'cli', 'dist', 'index.js'));
  for (const precision of ['float64', 'float32'] as const) {
    const suffix = precision === 'float64' ? '' : '32';
    const id = `ntk-process${suffix}`;
    if (want(id) && cliBuilt) {
      rows.push(
        await withLoadCheck(() =>
          wholeProcess(
            id,
            `\`softmax-ntk --precision ${precision} ntk --problem P\` (H, λ_min, λ_max) vs a PyTorch script (H by Definition 3.6 in ${precision}, eigvalsh)`,
            [...cli, '--json', '--quiet', '--precision', precision, 'ntk', '--problem', P],
            ['ntk', P, precision],
            eigAgree,
          ),
        ),
      );
    }
  }
  for (const precision of ['float64', 'float32'] as const) {
    const suffix = precision === 'float64' ? '' : '32';
    const id = `train200-process${suffix}`;
    if (want(id) && cliBuilt) {
      rows.push(
        await withLoadCheck(() =>
          wholeProcess(
            id,
            `\`softmax-ntk --precision ${precision} train --problem P --steps 200 --eta η\` (writes the trained problem, history and plots) vs a PyTorch autograd loop of 200 steps in ${precision} (writes the trained problem and history)`,
            [
              ...cli,
              '--json',
              '--quiet',
              '--precision',
              precision,
              'train',
              '--problem',
              P,
              '--steps',
              '200',
              '--eta',
              String(eta),
              '--out',
              join(dir, `trained${suffix}.json`),
            ],
            ['train', P, '200', String(eta), precision, join(dir, `torch-trained${suffix}.json`)],
            (o, p) => [rel(o['loss'] as number, p['loss'] as number), 'relative difference of the final loss'],
          ),
        ),
      );
    }
  }
  if (!cliBuilt) console.log('whole-process rows skipped: apps/cli/dist missing (build the CLI first)');

  const minutes = (performance.now() - started) / 60e3;
  const date = new Date();
  const stamp = date.toISOString().slice(0, 16).replace(/[T:]/g, '-');
  const machine = `${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
  const fmt = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(1));
  const side = (s: Side | undefined): string =>
    s ? `${fmt(s.best)} / ${fmt(s.median)}${s.threads ? `, ${s.threads} thr` : ''}` : '—';
  const md = [
    `# Equal-precision rows against PyTorch, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine}. Peer: PyTorch ${torchVersion} (Debian python3-torch, OpenBLAS/LAPACK), at the better of 1 and ${threadsAll} threads, flush-denormal on;`,
    'NumPy (same OpenBLAS) as a second column where useful. Times in ms: best / median of the repetitions (wall); CPU',
    "time (median, the process's own user + system) beside it; ratio = ours best / PyTorch best. Whole-process rows: spawn",
    "to exit, one warm-up, then 3 alternating runs; their CPU time is the whole process's (all threads, /usr/bin/time). Cross-check: the median of a bare loop of the same PyTorch job in",
    `a fresh process over the harness's median. Load = 1-minute load average before–after the row; rows over ${maxLoad}`,
    `were re-run up to ${retries} time(s) after ${waitS} s and are marked **under load** when the machine stayed busy:`,
    `their ratios are not evidence for or against a target. The whole run took ${minutes.toFixed(1)} min.`,
    '',
    '| row | ours (best / median) | ours CPU | PyTorch (best / median, threads) | PyTorch CPU | ratio (wall) | ratio (CPU) | NumPy (best / median, threads) | peak RSS ours / PyTorch (MB) | agreement | cross-check | load | status |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.id}: ${r.what} | ${side(r.ours)} | ${fmt(r.ours.cpuMedian)} | ${side(r.torch)} | ${fmt(r.torch.cpuMedian)} | ${r.ratio.toFixed(2)} | ${r.ratioCpu?.toFixed(2) ?? '—'} | ${side(r.numpy)} | ${fmt(r.ours.rssMb)} / ${fmt(r.torch.rssMb)} | ${r.agreement.toExponential(1)} (${r.agreementNote}) | ${r.crossCheck ?? '—'} | ${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)} | ${r.underLoad ? `**under load** (${r.attempts} attempts)` : 'load ≤ ' + maxLoad} |`,
    ),
    '',
  ].join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `float64-${stamp}.md`), md);
  writeFileSync(
    join(outDir, `float64-${stamp}.json`),
    JSON.stringify({ machine, torch: torchVersion, date: date.toISOString(), maxLoad, minutes, rows }, null, 2) + '\n',
  );
  console.log(md);
}

await main();
