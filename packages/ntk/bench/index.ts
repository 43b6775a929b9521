/**
 * Benchmarks of @softmax-ntk/ntk (never run by tests; `pnpm --filter @softmax-ntk/ntk bench`,
 * BENCH_FILTER=substring to select):
 * - the Gram matrix H (Definition 3.6) for (n, d, m) = (256, 8, 4096) and (512, 16, 8192):
 *   the structured route (Jacobian coefficients c, then c·cᵀ ⊙ XXᵀ), float64 (SYRK) and float32 (tfjs), the
 *   float32 tiles also on worker threads (`gramAsync`, SOFTMAX_NTK_THREADS or one per core);
 * - the generic route on the same backend: the full Jacobian J (nd × m·d_in), then J·Jᵀ;
 * - λ_min of the (256, 8, 4096) kernel: dense eigensolver vs Lanczos vs shift-invert (the default), time and agreement;
 * - matrix-free λ_max and λ_min at nd = 32,768 (n = 4096, d = 8, m = 4096).
 */
import * as tf from '@tensorflow/tfjs-core';
import { runBenchmarks, type Workload } from '@softmax-ntk/bench';
import { initBackend, type Matrix } from '@softmax-ntk/linalg';
import { jacobianFactors, makeProblem, type Problem } from '@softmax-ntk/network';
import { availableParallelism } from 'node:os';
import { gram, gramOperator, spectrum } from '../src/index';
import { gramAsync, terminateGramWorkers } from '../src/node';

const info = await initBackend();
console.log(`tfjs backend: ${info.backend} (threads ${info.threads}, simd ${info.simd})`);

const cache = new Map<string, Problem>();
function problemOf(n: number, d: number, m: number): Problem {
  const key = `${n},${d},${m}`;
  let p = cache.get(key);
  if (!p) {
    // unit-sphere inputs, σ = 1: the regime of the paper's Assumption 6.1
    p = makeProblem({ n, dIn: d, dOut: d, numNeurons: m, sigma: 1, seed: 1, data: 'unit-sphere' }).problem;
    cache.set(key, p);
  }
  return p;
}

/** The generic route a PyTorch user would take: J (nd × m·d_in) then J·Jᵀ / m, on tfjs float32. */
function genericGram(p: Problem): Float32Array {
  const n = p.x.rows;
  const d = p.a.rows;
  const m = p.w.rows;
  const dIn = p.x.cols;
  const { c } = jacobianFactors({ w: p.w, a: p.a, x: p.x, precision: 'float32' });
  return tf.tidy(() => {
    // J[(ℓ,i), (r,k)] = c[(ℓ,i), r] · x_i[k]  — materialised, as autodiff would
    const C = tf.tensor2d(Float32Array.from(c.data), [n * d, m]);
    const Xrep = tf.tile(tf.tensor2d(Float32Array.from(p.x.data), [n, dIn]), [d, 1]); // (nd × d_in)
    const J = tf.reshape(tf.mul(tf.expandDims(C, 2), tf.expandDims(Xrep, 1)), [n * d, m * dIn]);
    const H = tf.div(tf.matMul(J, tf.transpose(J)), m);
    return H.dataSync() as Float32Array;
  });
}

const threads = Number(process.env['SOFTMAX_NTK_THREADS'] || availableParallelism());
const flopsStructured = (n: number, d: number, m: number) => 2 * (n * d) ** 2 * m; // c·cᵀ as a full product
const workloads: Workload[] = [];
for (const [n, d, m] of [
  [256, 8, 4096],
  [512, 16, 8192],
] as const) {
  const tag = `(${n}, ${d}, ${m})`;
  workloads.push(
    {
      name: `gram f32 structured ${tag}`,
      flops: flopsStructured(n, d, m),
      repeats: 3,
      setup: () => problemOf(n, d, m),
      run: (p: Problem) => void gram({ ...p, precision: 'float32' }),
    },
    {
      // the same tiles on worker threads, each with its own wasm backend (tfjs-wasm computes on one thread under Node)
      name: `gram f32 structured, ${threads} worker threads ${tag}`,
      flops: flopsStructured(n, d, m),
      repeats: 3,
      setup: () => problemOf(n, d, m),
      run: async (p: Problem) => void (await gramAsync({ ...p, precision: 'float32', threads })),
      baseline: `gram f32 structured ${tag}`,
    },
    {
      name: `gram f64 structured ${tag}`,
      flops: flopsStructured(n, d, m) / 2,
      repeats: n > 256 ? 1 : 3,
      warmup: n > 256 ? 0 : 1,
      setup: () => problemOf(n, d, m),
      run: (p: Problem) => void gram(p),
    },
  );
  if (n === 256) {
    workloads.push({
      name: `gram f32 generic J·Jᵀ ${tag}`,
      flops: 2 * (n * d) ** 2 * m * d,
      repeats: 1,
      setup: () => problemOf(n, d, m),
      run: (p: Problem) => void genericGram(p),
      baseline: `gram f32 structured ${tag}`,
    });
  }
}

// λ_min of the (256, 8, 4096) kernel: dense vs Lanczos
let H256: Matrix | undefined;
const H = () => (H256 ??= gram(problemOf(256, 8, 4096)));
let denseMin = NaN;
workloads.push(
  {
    name: 'λ_min dense (nd = 2048)',
    repeats: 3,
    setup: H,
    run: (h: Matrix) => {
      const s = spectrum({ H: h, method: 'dense' });
      denseMin = s.lambdaMin;
      return { lambdaMin: s.lambdaMin, cond: s.conditionNumber };
    },
  },
  {
    name: 'λ_min Lanczos (nd = 2048)',
    repeats: 3,
    setup: H,
    baseline: 'λ_min dense (nd = 2048)',
    run: (h: Matrix) => {
      const s = spectrum({ H: h, method: 'lanczos' });
      return {
        lambdaMin: s.lambdaMin,
        relErr: Math.abs(s.lambdaMin - denseMin) / denseMin,
        iters: s.iterations,
        converged: String(s.converged),
      };
    },
  },
  {
    name: 'λ_min shift-invert, the default (nd = 2048)',
    repeats: 3,
    setup: H,
    baseline: 'λ_min dense (nd = 2048)',
    run: (h: Matrix) => {
      const s = spectrum({ H: h });
      return {
        lambdaMin: s.lambdaMin,
        relErr: Math.abs(s.lambdaMin - denseMin) / denseMin,
        iters: s.iterations,
        method: s.method,
      };
    },
  },
  {
    name: 'matrix-free λ_min, λ_max (nd = 32768)',
    repeats: 1,
    warmup: 0,
    setup: () => gramOperator(problemOf(4096, 8, 4096)),
    run: (op: ReturnType<typeof gramOperator>) => {
      const s = spectrum({ operator: op, maxIter: 400, tol: 1e-8 });
      return {
        lambdaMin: s.lambdaMin,
        errMin: s.errorMin,
        lambdaMax: s.lambdaMax,
        iters: s.iterations,
        converged: String(s.converged),
        heapMb: process.memoryUsage().heapUsed / 2 ** 20,
      };
    },
  },
);

await runBenchmarks(workloads, { title: '@softmax-ntk/ntk', jsonOut: 'bench/results/latest.json' });
await terminateGramWorkers();
