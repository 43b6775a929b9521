/**
 * softmax-ntk's side of the peer benchmark (tooling/bench/peers): the same
 * workloads as torch_peer.py, through the packages' public APIs only, on the
 * same problem files. Same line protocol as the Python peer (see there):
 * setup / run / result / peak / quit.
 *
 * Run by run.ts with tsx and ./tsconfig.dist.json, which maps the workspace
 * packages to their built entries (what a user installs; run.ts refuses a build
 * older than its sources), or with --sources ./tsconfig.json, their sources.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { initBackend, type Matrix } from '@softmax-ntk/linalg';
import { resolveThreads } from '@softmax-ntk/linalg/node';
import { gradient, forward } from '@softmax-ntk/network';
import { readProblemFile, train } from '@softmax-ntk/network/node';
import { spectrum } from '@softmax-ntk/ntk';
import { gramAsync } from '@softmax-ntk/ntk/node';
import { denoiserScore, makeSchedule, sample, type ScoreModel } from '@softmax-ntk/diffusion';

interface Job {
  run(): void | Promise<void>;
  result(): Float64Array;
}

const readF64 = (path: string): Float64Array => {
  const b = readFileSync(path);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const meta = (dir: string) => JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));

function gdStep(dir: string): Job {
  const p = readProblemFile(join(dir, 'problem.json')).problem;
  const { eta } = meta(dir);
  let out: Float64Array = new Float64Array(0);
  return {
    run() {
      // One step of Definition 3.5 from W(0): ΔW by Claim 3.4 (`gradient` in float32: linalg's fused float32 kernel, one
      // thread), W(1) = W(0) − η·ΔW.
      const g = gradient({ w: p.w, a: p.a, x: p.x, y: p.y, precision: 'float32' });
      out = new Float64Array(p.w.data.length);
      for (let k = 0; k < out.length; k++) out[k] = (p.w.data[k] as number) - eta * (g.data[k] as number);
    },
    result: () => out,
  };
}

function gd1000(dir: string): Job {
  const problem = readProblemFile(join(dir, 'problem.json')).problem;
  const { eta, steps } = meta(dir);
  let out: Float64Array = new Float64Array(0);
  return {
    async run() {
      const r = await train({ problem, steps, eta, precision: 'float32' });
      out = new Float64Array(1 + r.w.data.length);
      out[0] = r.loss;
      out.set(r.w.data, 1);
    },
    result: () => out,
  };
}

function gramF32(dir: string): Job {
  const p = readProblemFile(join(dir, 'problem.json')).problem;
  let H: Matrix | undefined;
  return {
    // The product on worker threads (SOFTMAX_NTK_THREADS, else one per core): tfjs-wasm computes on one thread under Node.
    async run() {
      H = await gramAsync({ w: p.w, a: p.a, x: p.x, precision: 'float32' });
    },
    result: () => (H as Matrix).data,
  };
}

function lambdaMin(dir: string, route: 'shift-invert' | 'dense'): Job {
  const { size } = meta(dir);
  const H: Matrix = { rows: size, cols: size, data: readF64(join(dir, 'H.f64')) };
  let value = NaN;
  return {
    run() {
      // The public `spectrum` (λ_min, λ_max and their error estimates). shift-invert: linalg's SIMD WebAssembly
      // Cholesky once, then Lanczos on v ↦ L⁻ᵀL⁻¹v for λ_min and on v ↦ L·Lᵀ·v for λ_max.
      value = spectrum({ H, method: route }).lambdaMin;
    },
    result: () => Float64Array.of(value),
  };
}

function scoreModelOf(dir: string): { model: ScoreModel; m: Record<string, number> } {
  const m = meta(dir);
  const p = readProblemFile(join(dir, 'problem.json')).problem;
  const schedule = makeSchedule({ spec: { kind: 'linear', betaMin: m.betaMin, betaMax: m.betaMax }, T: m.T });
  const model = denoiserScore({
    dim: m.dim,
    predict: (x) => forward({ w: p.w, a: p.a, x, precision: 'float32' }),
    schedule,
    T: m.T,
    inputScale: m.inputScale,
    parameterization: 'x0',
  });
  return { model, m };
}

function scoreEval(dir: string): Job {
  const { model, m } = scoreModelOf(dir);
  const x: Matrix = { rows: m.count as number, cols: m.dim as number, data: readF64(join(dir, 'points.f64')) };
  let out: Matrix | undefined;
  return {
    run() {
      out = model.score(m.t as number, x);
    },
    result: () => (out as Matrix).data,
  };
}

function reverseSde(dir: string): Job {
  const { model, m } = scoreModelOf(dir);
  const schedule = makeSchedule({ spec: { kind: 'linear', betaMin: m.betaMin, betaMax: m.betaMax }, T: m.T });
  let out: Matrix | undefined;
  return {
    run() {
      out = sample({
        model,
        schedule,
        count: m.count as number,
        steps: m.steps,
        t0: m.t0,
        seed: m.seed,
        sampler: 'sde',
      }).samples;
    },
    result: () => (out as Matrix).data,
  };
}

const WORKLOADS: Record<string, (dir: string) => Job> = {
  'gd-step': gdStep,
  'gd-1000': gd1000,
  'gram-closed': gramF32,
  'gram-generic': gramF32,
  'lambda-min': (d) => lambdaMin(d, 'shift-invert'),
  'lambda-min-dense': (d) => lambdaMin(d, 'dense'),
  'score-eval': scoreEval,
  'reverse-sde': reverseSde,
};

async function main(): Promise<void> {
  const info = await initBackend();
  let job: Job | undefined;
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    const msg = JSON.parse(line) as { cmd: string; workload?: string; dir?: string; path?: string };
    let ans: Record<string, unknown>;
    try {
      switch (msg.cmd) {
        case 'setup': {
          const make = WORKLOADS[msg.workload as string];
          if (!make) throw new Error(`unknown workload ${msg.workload}`);
          job = make(msg.dir as string);
          ans = { ok: true, backend: info.backend, threads: info.threads, simd: info.simd, tfjs: info.tfjsVersion };
          // gramAsync's worker threads (its default, from linalg's one reader of SOFTMAX_NTK_THREADS)
          if (msg.workload?.startsWith('gram-')) ans['workers'] = resolveThreads();
          break;
        }
        case 'run': {
          const t0 = performance.now();
          await (job as Job).run();
          ans = { ms: performance.now() - t0 };
          break;
        }
        case 'result':
          writeFileSync(msg.path as string, (job as Job).result());
          ans = { ok: true };
          break;
        case 'peak':
          ans = { peakRssMb: process.resourceUsage().maxRSS / 1024 };
          break;
        case 'quit':
          return process.exit(0);
        default:
          ans = { error: `unknown command ${msg.cmd}` };
      }
    } catch (err) {
      ans = { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
    process.stdout.write(JSON.stringify(ans) + '\n');
  }
}

await main();
