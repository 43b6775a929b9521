/**
 * `pnpm bench:peers` — softmax-ntk against PyTorch on the same machine in one
 * run (issue 8). For each workload: both sides read the same problem files
 * (written here from seeded generators), each in its own long-lived process
 * (fresh per workload, so its peak RSS is that workload's); after one warm-up
 * each, runs alternate ours, theirs, ours, theirs … for `--reps` repetitions;
 * medians are compared, results are checked for agreement, and this
 * machine's float32 GEMM peak (torch.mm / numpy.matmul on all cores) is
 * measured in the same run to put our effective GFLOP/s in proportion.
 *
 * Options: --reps N (default 5; the reverse SDE uses min(N, 2)), --only id,id,
 * --out DIR (default bench/results), --merge, --sources (measure the TypeScript sources through tsx instead of the
 * built packages, ./oursBuild.ts; the default needs `pnpm build` first). Writes DIR/peers-<date>.{md,json}
 * (this run) and DIR/peers-latest.{md,json}: this run, or with --merge this run
 * plus the rows of the previous peers-latest it did not rerun, each marked with
 * the date it was measured.
 *
 * Never run by tests: nothing in `pnpm test` depends on the clock.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Rng, initBackend, type Matrix } from '@softmax-ntk/linalg';
import { estimateLambdaMax, makeProblem, type Problem } from '@softmax-ntk/network';
import { writeProblemFile } from '@softmax-ntk/network/node';
import { gram } from '@softmax-ntk/ntk';
import { oursTsconfig } from './oursBuild';
import { ensurePython } from './python';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const PY = '/usr/bin/python3';

// ------------------------------------------------------------------ options
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : undefined;
};
const reps = Number(opt('reps') ?? 5);
const only = opt('only')?.split(',');
const outDir = resolve(root, opt('out') ?? 'bench/results');
const merge = args.includes('--merge');
const work = join(tmpdir(), 'softmax-ntk-peers');
// Shortened trajectories for a loaded machine (the table says so): time per step is what is compared.
const gdSteps = Number(opt('gd-steps') ?? 1000);
const sdeSteps = Number(opt('sde-steps') ?? 1000);

// ------------------------------------------------------------------ workers
class Worker {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterableIterator<string>;
  private readonly rl: Interface;
  constructor(
    cmd: string,
    argv: string[],
    readonly label: string,
    env: Record<string, string> = {},
  ) {
    this.proc = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env } });
    this.proc.stderr.on('data', (b: Buffer) => process.stderr.write(`[${label}] ${b.toString()}`));
    this.rl = createInterface({ input: this.proc.stdout });
    this.lines = this.rl[Symbol.asyncIterator]();
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each peer command answers its own JSON shape
  async ask(msg: Record<string, unknown>): Promise<Record<string, any>> {
    this.proc.stdin.write(JSON.stringify(msg) + '\n');
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`${this.label} exited`);
    const ans = JSON.parse(value) as Record<string, unknown>;
    if (ans['error']) throw new Error(`${this.label}: ${JSON.stringify(ans['error'])}`);
    return ans;
  }
  quit(): void {
    this.proc.stdin.write(JSON.stringify({ cmd: 'quit' }) + '\n');
    this.proc.stdin.end();
  }
}
const oursConfig = oursTsconfig(root, here, args);
const ours = () =>
  new Worker(join(root, 'node_modules/.bin/tsx'), ['--tsconfig', oursConfig, join(here, 'ours.ts')], 'ours');
/** The thread count of torch's intra-op pool and of every BLAS under it. */
const threadEnv = (threads: number): Record<string, string> => ({
  TORCH_NUM_THREADS: String(threads),
  OMP_NUM_THREADS: String(threads),
  OPENBLAS_NUM_THREADS: String(threads),
});
/** The PyTorch peer; with `threads`, at that thread count (else torch_peer.py's default: all cores). */
const theirs = (threads?: number) =>
  new Worker(
    PY,
    [join(here, 'torch_peer.py')],
    threads ? `pytorch ${threads} thr` : 'pytorch',
    threads ? threadEnv(threads) : {},
  );
/**
 * The cross-check of a PyTorch time (as float64.ts's): the same job in a fresh process, a bare loop with a clock
 * around each run (`torch_peer.py bare`), its median over the harness's median; more than 30 % off is suspect.
 */
function bareCheck(id: string, dir: string, threads: number, n: number, harnessMedian: number): string {
  const r = spawnSync(PY, [join(here, 'torch_peer.py'), 'bare', id, dir, String(n)], {
    cwd: root,
    env: { ...process.env, ...threadEnv(threads) },
    encoding: 'utf8',
  });
  if (r.status !== 0) return `bare loop failed: ${r.stderr.trim().split('\n').at(-1) ?? ''}`;
  const bare = median((JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { wall: number[] }).wall);
  const x = bare / harnessMedian;
  return `bare loop ${fmtMs(bare)} = ${x.toFixed(2)}×${Math.abs(x - 1) > 0.3 ? ' (> 30 % off: suspect)' : ''}`;
}

// ------------------------------------------------------------------ problem files
const writeF64 = (path: string, a: Float64Array) => writeFileSync(path, a);
const writeMeta = (dir: string, m: Record<string, unknown>) =>
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(m, null, 2));

interface Spec {
  id: string;
  title: string;
  size: string;
  target: string;
  /** Ratio target ours/PyTorch. */
  ratioTarget: number;
  /** Target fraction of the run's float32 GEMM peak (issue 17: Gram H ≥ 60 %), where the row has one. */
  peakTarget?: number;
  /** Floating-point operations of one run of ours (for effective GFLOP/s); see `flopsNote`. */
  flops: number;
  flopsNote: string;
  /** Relative agreement tolerance, max|ours − theirs| / max|theirs|, and where it comes from. */
  tol: number;
  tolNote: string;
  reps?: number;
  /** Warm-up runs per side (default 1; 0 for the long trajectories, whose first-call costs are negligible). */
  warmup?: number;
  /**
   * PyTorch at 1 thread and at all cores (alternating with ours), the better median kept, and cross-checked by a
   * bare loop of the same job in a fresh process at that thread count (float64.ts's rules).
   */
  threadSweep?: boolean;
  prepare(dir: string): Promise<void> | void;
}

const problems = new Map<string, Problem>();
function problemOf(n: number, d: number, m: number): Problem {
  const key = `${n},${d},${m}`;
  let p = problems.get(key);
  if (!p) {
    // unit-sphere inputs, σ = 1, symmetric initialisation: the regime of the paper's Assumption 6.1 (as the package benches)
    p = makeProblem({ n, dIn: d, dOut: d, numNeurons: m, sigma: 1, seed: 1, data: 'unit-sphere' }).problem;
    problems.set(key, p);
  }
  return p;
}

/**
 * The network of the diffusion workloads: m = 4096 neurons on the input (t/T, x)/R ∈ R³, d = 2 outputs,
 * Gaussian W (σ = 1) and a = ±4/m, so |F| ≤ 4 and F is not identically 0 (as symmetric initialisation would make
 * it), like a trained denoiser. (With a = ±1/16, F saturates at ±m/16 = ±256 where one neuron wins the softmax, and
 * the last coarse steps of the reverse SDE become chaotic: samples then disagree between any two float32 codes.)
 */
function scoreProblem(m: number, d: number): Problem {
  const { problem } = makeProblem({ n: 2, dIn: d + 1, dOut: d, numNeurons: m, sigma: 1, seed: 7, init: 'gaussian' });
  const a: Matrix = { ...problem.a, data: problem.a.data.map((v) => (4 * v) / m) };
  return { ...problem, a };
}

const N_GD = [256, 8, 4096] as const;
let etaGd: number | undefined;
async function gdPrep(dir: string, steps?: number): Promise<void> {
  const p = problemOf(...N_GD);
  // η = 1/λ_max(J Jᵀ) at W(0) (float64 power iteration), the classic stable choice (network README)
  etaGd ??= 1 / (await estimateLambdaMax({ problem: p, iterations: 20 }));
  writeProblemFile(join(dir, 'problem.json'), p);
  writeMeta(dir, { eta: etaGd, steps });
}

const SDE = {
  count: 10000,
  steps: sdeSteps,
  dim: 2,
  m: 4096,
  betaMin: 0.1,
  betaMax: 20,
  T: 1,
  t0: 1e-3,
  inputScale: Math.sqrt(2),
  seed: 11,
};

const SPECS: Spec[] = [
  {
    id: 'gd-step',
    title: 'GD step, float32',
    size: 'n = 256, d = 8, m = 4096',
    // issue 17: half a plain PyTorch autograd loop's time, PyTorch at its better thread count
    target: 'ratio ≤ 0.5',
    ratioTarget: 0.5,
    flops: 4 * 2 * 256 * 4096 * 8,
    flopsNote: 'the four n·m·d products X·Wᵀ, S·aᵀ, E·a, Xᵀ·C',
    tol: 1e-4,
    tolNote: 'float32, sums of ≤ 4096 terms',
    threadSweep: true,
    prepare: (dir) => gdPrep(dir),
  },
  {
    id: 'gd-1000',
    title: gdSteps === 1000 ? 'GD 1,000 steps incl. recorders' : `GD ${gdSteps} steps (of 1,000) incl. recorders`,
    size: 'n = 256, d = 8, m = 4096',
    target: 'ratio ≤ 1.0',
    ratioTarget: 1,
    flops: (gdSteps + 1) * 4 * 2 * 256 * 4096 * 8,
    flopsNote: 'steps + 1 evaluations × the four products',
    tol: 1e-3,
    tolNote: 'float32 trajectories of up to 1,000 steps: rounding accumulates ~linearly',
    reps: 3,
    warmup: 0,
    prepare: (dir) => gdPrep(dir, gdSteps),
  },
  {
    id: 'gram-closed',
    title: 'Gram H float32 vs PyTorch closed form',
    size: 'n = 256, d = 8, m = 4096',
    target: 'ratio ≤ 1.0, ≥ 60 % of GEMM peak',
    ratioTarget: 1,
    peakTarget: 0.6,
    flops: 2 * 2048 ** 2 * 4096,
    flopsNote: 'c·cᵀ counted as a full 2·(nd)²·m product',
    tol: 1e-4,
    tolNote: 'float32, sums of 4096 terms',
    prepare: (dir) => writeProblemFile(join(dir, 'problem.json'), problemOf(...N_GD)),
  },
  {
    id: 'gram-generic',
    title: 'Gram H vs PyTorch generic Jacobian route',
    size: 'n = 64, d = 8, m = 2048',
    target: 'ratio ≤ 0.1',
    ratioTarget: 0.1,
    flops: 2 * 512 ** 2 * 2048,
    flopsNote: 'c·cᵀ as a full product (what we compute; J·Jᵀ would be d_in× more)',
    tol: 1e-4,
    tolNote: 'float32',
    prepare: (dir) => {
      writeProblemFile(join(dir, 'problem.json'), problemOf(64, 8, 2048));
      writeMeta(dir, { vectorize: true });
    },
  },
  {
    id: 'lambda-min',
    title: 'λ_min of H, float64 (spectrum shift-invert: SIMD wasm Cholesky + Lanczos on H⁻¹)',
    size: 'nd = 2048',
    target: 'ratio ≤ 1.0 vs eigvalsh, 1e-8 rel.',
    ratioTarget: 1,
    flops: (4 / 3) * 2048 ** 3,
    flopsNote: 'LAPACK-equivalent (4/3)·N³ of the tridiagonal reduction',
    tol: 1e-8,
    tolNote: "the issue's 1e-8 relative",
    prepare: (dir) => lambdaPrep(dir),
  },
  {
    id: 'lambda-min-dense',
    title: 'λ_min of H, float64 (spectrum dense: blocked Householder on two threads + dsterf)',
    size: 'nd = 2048',
    target: 'ratio ≤ 1.0 vs eigvalsh, 1e-8 rel.',
    ratioTarget: 1,
    flops: (4 / 3) * 2048 ** 3,
    flopsNote: 'LAPACK-equivalent (4/3)·N³',
    tol: 1e-8,
    tolNote: "the issue's 1e-8 relative",
    reps: 3,
    prepare: (dir) => lambdaPrep(dir),
  },
  {
    id: 'score-eval',
    title: 'score evaluations',
    size: '10,000 points, m = 4096, d = 2',
    target: 'ratio ≤ 1.0',
    ratioTarget: 1,
    flops: 2 * 10000 * 4096 * (3 + 2),
    flopsNote: 'X·Wᵀ and S·aᵀ (the exp of 41M logits is not counted)',
    tol: 1e-4,
    tolNote: 'float32',
    prepare: (dir) => scorePrep(dir, 'points'),
  },
  {
    id: 'reverse-sde',
    title: 'reverse SDE',
    size: `10,000 samples × ${sdeSteps === 1000 ? '1,000 steps' : `${sdeSteps} steps (of 1,000)`}, m = 4096, d = 2`,
    target: 'ratio ≤ 1.0',
    ratioTarget: 1,
    flops: sdeSteps * 2 * 10000 * 4096 * (3 + 2),
    flopsNote: 'one score evaluation per step',
    tol: 1e-3,
    tolNote: 'float32 over 1,000 steps with the score amplified by 1/σ_t² ≤ 1e3',
    reps: 2,
    warmup: 0,
    prepare: (dir) => scorePrep(dir, 'noise'),
  },
];

let Hcache: Matrix | undefined;
function lambdaPrep(dir: string): void {
  // H of the gram workload in float64 (Definition 3.6; SYRK), shared by both sides through a file
  Hcache ??= gram(problemOf(...N_GD));
  writeF64(join(dir, 'H.f64'), Hcache.data);
  writeMeta(dir, { size: Hcache.rows });
}

function scorePrep(dir: string, what: 'points' | 'noise'): void {
  writeProblemFile(join(dir, 'problem.json'), scoreProblem(SDE.m, SDE.dim));
  const rng = new Rng(SDE.seed);
  if (what === 'points') {
    writeF64(join(dir, 'points.f64'), rng.fillNormal(new Float64Array(SDE.count * SDE.dim)));
    writeMeta(dir, { ...SDE, t: 0.3 });
  } else {
    // the draws `sample` makes from Rng(seed): y(0), then one N·d block per step
    writeF64(join(dir, 'noise.f64'), rng.fillNormal(new Float64Array((SDE.steps + 1) * SDE.count * SDE.dim)));
    writeMeta(dir, SDE);
  }
}

// ------------------------------------------------------------------ statistics
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? (s[k] as number) : ((s[k - 1] as number) + (s[k] as number)) / 2;
};
function agreement(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let k = 0; k < a.length; k++) {
    const d = Math.abs((a[k] as number) - (b[k] as number));
    if (!(d <= diff)) diff = d; // NaN propagates
    scale = Math.max(scale, Math.abs(b[k] as number));
  }
  return diff / (scale || 1);
}
const readF64 = (p: string) => {
  const b = readFileSync(p);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);

interface Row {
  id: string;
  title: string;
  size: string;
  target: string;
  oursMs: number[];
  theirsMs: number[];
  oursMedianMs: number;
  theirsMedianMs: number;
  ratio: number;
  met: boolean;
  oursPeakMb: number;
  theirsPeakMb: number;
  oursGflops: number;
  fractionOfPeak: number;
  flopsNote: string;
  agreement: number;
  tol: number;
  tolNote: string;
  agrees: boolean;
  load: [number, number];
  /** Worker threads of our side (gramAsync), where it uses them. */
  oursWorkers?: number;
  /** When the row was measured (ISO date of its run; rows carried over by --merge keep theirs). */
  measuredAt?: string;
  /** The GEMM peak its fraction is of (that run's, at its start). */
  peakGflops?: number;
  /** PyTorch's thread count, where the row took the better of 1 and all cores. */
  theirsThreads?: number;
  /** The bare-loop cross-check of the PyTorch time, where the row has one. */
  crossCheck?: string;
}

async function runOne(spec: Spec, peakGflops: number): Promise<Row> {
  const dir = join(work, spec.id);
  mkdirSync(dir, { recursive: true });
  await spec.prepare(dir);
  const A = ours();
  const sweep = spec.threadSweep ? [1, cpus().length] : [undefined];
  const Bs = sweep.map((t) => theirs(t));
  try {
    const load0 = loadavg()[0] as number;
    const [ia, ...ibs] = await Promise.all([
      A.ask({ cmd: 'setup', workload: spec.id, dir }),
      ...Bs.map((B) => B.ask({ cmd: 'setup', workload: spec.id, dir })),
    ]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each peer command answers its own JSON shape
    const ib = ibs[0] as Record<string, any>;
    const workers = ia['workers'] as number | undefined;
    console.log(
      `\n### ${spec.title} (${spec.size}) — ours: tfjs ${ia['backend']} (${ia['threads']} thread, simd ${ia['simd']}${workers ? `; ${workers} worker threads` : ''}); PyTorch ${ib['torch']} (${ibs.map((i) => i['threads']).join(' and ')} threads)`,
    );
    for (let k = 0; k < (spec.warmup ?? 1); k++) {
      await A.ask({ cmd: 'run' }); // warm-up: wasm compilation, allocator growth, torch's first-call overheads
      for (const B of Bs) await B.ask({ cmd: 'run' });
    }
    const ta: number[] = [];
    const tbs: number[][] = Bs.map(() => []);
    const n = Math.min(reps, spec.reps ?? reps);
    for (let r = 0; r < n; r++) {
      ta.push((await A.ask({ cmd: 'run' }))['ms']);
      for (const [k, B] of Bs.entries()) tbs[k]?.push((await B.ask({ cmd: 'run' }))['ms']);
      console.log(
        `  rep ${r + 1}: ours ${fmtMs(ta.at(-1) as number)}, PyTorch ${Bs.map((B, k) => `${fmtMs(tbs[k]?.at(-1) as number)}${Bs.length > 1 ? ` (${B.label})` : ''}`).join(', ')}  (load ${loadavg()[0]?.toFixed(2)})`,
      );
    }
    // the better PyTorch thread count by median
    const kept = tbs.reduce((best, t, k) => (median(t) < median(tbs[best] as number[]) ? k : best), 0);
    const B = Bs[kept] as (typeof Bs)[number];
    const tb = tbs[kept] as number[];
    await A.ask({ cmd: 'result', path: join(dir, 'ours.f64') });
    await B.ask({ cmd: 'result', path: join(dir, 'theirs.f64') });
    const pa = (await A.ask({ cmd: 'peak' }))['peakRssMb'] as number;
    const pb = (await B.ask({ cmd: 'peak' }))['peakRssMb'] as number;
    const theirsThreads = sweep[kept];
    const crossCheck =
      theirsThreads === undefined ? undefined : bareCheck(spec.id, dir, theirsThreads, Math.max(n, 5), median(tb));
    const load1 = loadavg()[0] as number;
    const agree = agreement(readF64(join(dir, 'ours.f64')), readF64(join(dir, 'theirs.f64')));
    const ma = median(ta);
    const mb = median(tb);
    const gf = spec.flops / (ma * 1e6);
    return {
      id: spec.id,
      title: spec.title,
      size: spec.size,
      target: spec.target,
      oursMs: ta,
      theirsMs: tb,
      oursMedianMs: ma,
      theirsMedianMs: mb,
      ratio: ma / mb,
      met: ma / mb <= spec.ratioTarget && (spec.peakTarget === undefined || gf / peakGflops >= spec.peakTarget),
      oursPeakMb: pa,
      theirsPeakMb: pb,
      oursGflops: gf,
      fractionOfPeak: gf / peakGflops,
      flopsNote: spec.flopsNote,
      agreement: agree,
      tol: spec.tol,
      tolNote: spec.tolNote,
      agrees: agree <= spec.tol,
      load: [load0, load1],
      ...(workers ? { oursWorkers: workers } : {}),
      ...(theirsThreads !== undefined ? { theirsThreads, crossCheck } : {}),
    };
  } finally {
    A.quit();
    for (const B of Bs) B.quit();
  }
}

async function main(): Promise<void> {
  ensurePython(PY);
  const info = await initBackend();
  mkdirSync(work, { recursive: true });
  const c = cpus();
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' }).stdout ?? '';
  const pick = (k: string) => lscpu.match(new RegExp(`^${k}:\\s*(.+)$`, 'm'))?.[1]?.trim();
  const machine = {
    command: `pnpm bench:peers ${args.join(' ')}`.trim(),
    cpu: pick('Model name') ?? c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    caches: [0, 1, 2, 3]
      .map((i) => `/sys/devices/system/cpu/cpu0/cache/index${i}`)
      .filter((d) => existsSync(d))
      .map((d) => {
        const r = (f: string) => readFileSync(join(d, f), 'utf8').trim();
        return `L${r('level')}${r('type') === 'Data' ? 'd' : r('type') === 'Instruction' ? 'i' : ''} ${r('size')}`;
      })
      .join(', '),
    flags: ['avx2', 'avx512f', 'fma'].filter((f) => new RegExp(`\\b${f}\\b`).test(pick('Flags') ?? '')).join(' '),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    tfjs: `${info.tfjsVersion} ${info.backend} (${info.threads} thread, simd ${info.simd})`,
    date: new Date().toISOString(),
  };
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores (${[machine.caches, machine.flags].filter(Boolean).join('; ')}), ${machine.memoryGb} GB, Node ${machine.node}, tfjs ${machine.tfjs}`,
  );
  console.log(
    `load average at start: ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );

  const peakOf = async () => {
    const w = theirs();
    try {
      return await w.ask({ cmd: 'gemm-peak' });
    } finally {
      w.quit();
    }
  };
  const peak0 = await peakOf();
  console.log(
    `float32 GEMM peak: torch ${peak0['torch'].toFixed(1)} GFLOP/s, numpy ${peak0['numpy'].toFixed(1)} GFLOP/s (${peak0['threads']} threads)`,
  );

  const rows: Row[] = [];
  const peakGflops = Math.max(peak0['torch'], peak0['numpy']);
  for (const spec of SPECS) {
    if (only && !only.includes(spec.id)) continue;
    try {
      const row = await runOne(spec, peakGflops);
      rows.push(row);
      console.log(
        `  → ours ${fmtMs(row.oursMedianMs)}, PyTorch ${fmtMs(row.theirsMedianMs)}, ratio ${row.ratio.toFixed(2)} (${row.met ? 'met' : 'missed'}), agreement ${row.agreement.toExponential(1)} (tol ${row.tol})`,
      );
    } catch (err) {
      console.error(`  ${spec.id} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const peak1 = await peakOf();
  const peakEnd = Math.max(peak1['torch'], peak1['numpy']);
  const loadEnd = loadavg();
  for (const r of rows) Object.assign(r, { measuredAt: machine.date, peakGflops });
  const md = table(rows, []);
  console.log('\n' + md);
  mkdirSync(outDir, { recursive: true });
  const stamp = machine.date.slice(0, 16).replace(/[:T]/g, '-');
  const json = (rs: Row[]) =>
    JSON.stringify({ machine, gemmPeak: { start: peak0, end: peak1 }, reps, rows: rs, loadEnd }, null, 2) + '\n';
  writeFileSync(join(outDir, `peers-${stamp}.md`), md);
  writeFileSync(join(outDir, `peers-${stamp}.json`), json(rows));
  // --merge: peers-latest keeps the previous latest rows of the workloads not rerun, each with its date
  const carried: Row[] = [];
  const prevPath = join(outDir, 'peers-latest.json');
  if (merge && existsSync(prevPath)) {
    const prev = JSON.parse(readFileSync(prevPath, 'utf8')) as {
      machine: { date: string };
      gemmPeak: { start: Record<string, number> };
      rows: Row[];
    };
    const prevPeak = Math.max(prev.gemmPeak.start['torch'] ?? 0, prev.gemmPeak.start['numpy'] ?? 0);
    for (const r of prev.rows)
      if (!rows.some((x) => x.id === r.id)) carried.push({ measuredAt: prev.machine.date, peakGflops: prevPeak, ...r });
  }
  const order = (r: Row) => SPECS.findIndex((s) => s.id === r.id);
  const all = [...rows, ...carried].sort((p, q) => order(p) - order(q));
  writeFileSync(join(outDir, 'peers-latest.md'), table(all, carried));
  writeFileSync(join(outDir, 'peers-latest.json'), json(all));
  console.log(
    `written: ${join(outDir, `peers-${stamp}.md`)} (and .json), peers-latest.*${carried.length ? ` (with ${carried.length} rows carried over from the previous latest)` : ''}`,
  );

  function table(rs: Row[], old: Row[]): string {
    const lines: string[] = [];
    lines.push(`# softmax-ntk vs PyTorch (${machine.date.slice(0, 16).replace('T', ' ')} UTC)`, '');
    lines.push(
      `Machine: ${machine.cpu}, ${machine.cores} cores (${[machine.caches, machine.flags].filter(Boolean).join('; ')}), ${machine.memoryGb} GB. Node ${machine.node}, tfjs ${machine.tfjs}; PyTorch via ${PY} (${peak0['threads']} threads, OpenBLAS).`,
    );
    lines.push(
      `float32 GEMM peak on all cores, measured in this run: ${peakGflops.toFixed(1)} GFLOP/s at the start (torch ${peak0['torch'].toFixed(1)}, numpy ${peak0['numpy'].toFixed(1)}), ${peakEnd.toFixed(1)} at the end.`,
    );
    lines.push(
      `Load average (1 min) during each workload is in the table; at the end ${loadEnd.map((v) => v.toFixed(2)).join(' ')}. Medians of ${reps} alternating repetitions (ours, PyTorch, ours, …) after one warm-up each (GD trajectory: ≤ 3, no warm-up; reverse SDE: ≤ 2, no warm-up).`,
    );
    const shortened = [
      ...(gdSteps !== 1000 ? [`GD trajectory ${gdSteps} steps`] : []),
      ...(sdeSteps !== 1000 ? [`reverse SDE ${sdeSteps} steps`] : []),
    ];
    if (shortened.length)
      lines.push(
        `**Shortened for this run**: ${shortened.join(', ')}, instead of 1,000; both sides run the same steps, so the ratio is that of the time per step.`,
      );
    lines.push('');
    lines.push(
      '| workload | size | ours | PyTorch | ratio | target | agreement (tol) | ours peak RSS | PyTorch peak RSS | ours GFLOP/s | % of GEMM peak | load |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rs) {
      const mark = old.includes(r) ? ` † (${(r.measuredAt ?? '').slice(0, 16).replace('T', ' ')})` : '';
      lines.push(
        `| ${r.title}${mark} | ${r.size} | ${fmtMs(r.oursMedianMs)} | ${fmtMs(r.theirsMedianMs)}${r.theirsThreads ? ` (${r.theirsThreads} thr)` : ''} | ${r.ratio.toFixed(2)} ${r.met ? '✓' : '✗'} | ${r.target} | ` +
          `${r.agreement.toExponential(1)} ${r.agrees ? '✓' : '✗'} (${r.tol}) | ${r.oursPeakMb.toFixed(0)} MB | ${r.theirsPeakMb.toFixed(0)} MB | ` +
          `${r.oursGflops.toFixed(1)} | ${(100 * r.fractionOfPeak).toFixed(1)} % | ${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)} |`,
      );
    }
    lines.push(
      '',
      'Agreement is max|ours − PyTorch| / max|PyTorch| over the whole result (W after the step(s) with the final loss, H, λ_min, scores, samples).',
      '',
    );
    const checked = rs.filter((r) => r.crossCheck);
    if (checked.length)
      lines.push(
        'PyTorch at the better (by median) of 1 thread and all cores, flush-denormal on, where the PyTorch cell names a thread count; its time cross-checked by a bare loop of the same job in a fresh process at that count (`torch_peer.py bare`, median over the harness median):',
        ...checked.map((r) => `- ${r.title}: ${r.crossCheck}.`),
        '',
      );
    lines.push(
      'Effective GFLOP/s count:',
      ...rs.map(
        (r) =>
          `- ${r.title}: ${r.flopsNote}; tolerance: ${r.tolNote}${r.oursWorkers ? `; ours: \`gramAsync\` on ${r.oursWorkers} worker threads (linalg's SIMD kernel on c in one shared WebAssembly memory)` : ''}.`,
      ),
    );
    lines.push(
      '',
      "Peak RSS is each side's process high-water mark for that workload alone (a fresh process per workload, runtime included: ~100 MB for Node + tfjs-wasm, ~250 MB for Python + torch).",
    );
    if (old.length)
      lines.push(
        '',
        `† Not rerun in this run (\`--merge\`): carried over from the previous peers-latest, measured on the date shown, with that run's GEMM peak (${[...new Set(old.map((r) => r.peakGflops?.toFixed(1)))].join(', ')} GFLOP/s), load and step counts.`,
      );
    return lines.join('\n') + '\n';
  }
  if (!existsSync(work)) return;
}

await main();
