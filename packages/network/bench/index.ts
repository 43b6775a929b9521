/**
 * Benchmarks of @softmax-ntk/network (never run by tests):
 * - one gradient-descent step (Definition 3.5 with the closed-form gradient
 *   of Claim 3.4: forward, loss, ΔW, update, recorder statistics) at
 *   (n, d, m) = (256, 8, 4096) and (1024, 16, 16384), float32 (tfjs) and
 *   float64 (gemm); peak tensor bytes of a float32 step from tf.profile;
 * - the same float32 step written with transpose flags (the slow path of
 *   tfjs-wasm's matMul), for the ratio;
 * - forward-pass throughput for a batch of 10,000 inputs.
 *
 * `pnpm --filter @softmax-ntk/network bench` (BENCH_FILTER=substring to select).
 */
import * as tf from '@tensorflow/tfjs-core';
import { runBenchmarks, type Workload } from '@softmax-ntk/bench';
import { Rng, initBackend, type Matrix } from '@softmax-ntk/linalg';
import { forward, makeProblem } from '../src/index';
import { makeEngine, type Engine } from '../src/internal/engine';
import { toTensor } from '../src/internal/network';
import type { Problem } from '../src/problem/problem';
import { lambdaMaxWith } from '../src/train/estimateLambdaMax';

const info = await initBackend();
console.log(`tfjs backend: ${info.backend} (threads ${info.threads}, simd ${info.simd})`);

const problems = new Map<string, Problem>();
function problemOf(n: number, d: number, m: number): Problem {
  const key = `${n},${d},${m}`;
  let p = problems.get(key);
  if (!p) {
    p = makeProblem({ n, dIn: d, dOut: d, numNeurons: m, sigma: 1, seed: 1 }).problem;
    problems.set(key, p);
  }
  return p;
}

/** η = 1/λ_max(J Jᵀ) (5 float32 power iterations), so the benchmarked steps stay in the stable regime. */
const etas = new Map<string, number>();
function etaOf(n: number, d: number, m: number): number {
  const key = `${n},${d},${m}`;
  let eta = etas.get(key);
  if (eta === undefined) {
    const p = problemOf(n, d, m);
    eta = 1 / lambdaMaxWith(p, p.w, 'float32', 5, new Rng(0));
    etas.set(key, eta);
  }
  return eta;
}

/** Multiply-adds of one step: X·Wᵀ, S·aᵀ, E·a, Xᵀ·C, each n·m·d (d_in = d_out = d), as 2 flops. */
const stepFlops = (n: number, d: number, m: number) => 4 * 2 * n * m * d;

function stepWorkload(n: number, d: number, m: number, precision: 'float32' | 'float64', repeats: number): Workload {
  return {
    name: `GD step ${precision} (n=${n}, d=${d}, m=${m})`,
    flops: stepFlops(n, d, m),
    repeats,
    warmup: 2,
    setup: () => {
      const problem = problemOf(n, d, m);
      return makeEngine({ problem, precision, eta: etaOf(n, d, m), momentum: 0, w0: problem.w, w: problem.w });
    },
    run: (e: Engine) => {
      const s = e.evaluate();
      e.advance();
      return { loss: s.loss };
    },
    teardown: (e: Engine) => e.dispose(),
  };
}

/** The same float32 step with transpose flags on matMul (W stored m × d, ΔW formed as Cᵀ·X). */
function flaggedStepWorkload(n: number, d: number, m: number): Workload {
  return {
    name: `GD step float32 with transpose flags (n=${n}, d=${d}, m=${m})`,
    flops: stepFlops(n, d, m),
    repeats: 10,
    warmup: 2,
    baseline: `GD step float32 (n=${n}, d=${d}, m=${m})`,
    setup: () => {
      const p = problemOf(n, d, m);
      return { X: toTensor(p.x), Y: toTensor(p.y), A: toTensor(p.a), W: { t: toTensor(p.w) }, m, eta: etaOf(n, d, m) };
    },
    run: (c: { X: tf.Tensor2D; Y: tf.Tensor2D; A: tf.Tensor2D; W: { t: tf.Tensor2D }; m: number; eta: number }) => {
      const [loss, nW] = tf.tidy(() => {
        const S = tf.softmax(tf.matMul(c.X, c.W.t, false, true));
        const P = tf.matMul(S, c.A, false, true);
        const E = tf.sub(tf.mul(P, c.m), c.Y);
        const r = tf.sum(tf.mul(E, P), 1, true);
        const C = tf.mul(tf.mul(S, tf.sub(tf.matMul(E, c.A), r)), c.m);
        const G = tf.matMul(C, c.X, true, false);
        return [tf.mul(tf.sum(tf.square(E)), 0.5), tf.sub(c.W.t, tf.mul(G, c.eta))];
      });
      const l = (loss as tf.Tensor).dataSync()[0];
      loss!.dispose();
      c.W.t.dispose();
      c.W.t = nW as tf.Tensor2D;
      return { loss: l };
    },
    teardown: (c: { X: tf.Tensor; Y: tf.Tensor; A: tf.Tensor; W: { t: tf.Tensor } }) =>
      tf.dispose([c.X, c.Y, c.A, c.W.t]),
  };
}

function forwardWorkload(batch: number, d: number, m: number, precision: 'float32' | 'float64'): Workload {
  return {
    name: `forward ${precision} (batch=${batch}, d=${d}, m=${m})`,
    flops: 2 * 2 * batch * m * d,
    repeats: 5,
    warmup: 1,
    setup: () => {
      const p = problemOf(batch, d, m);
      return { x: p.x, w: p.w, a: { ...p.a, data: p.a.data.map((v, k) => v * (k % 3 === 0 ? 0.5 : 1)) } };
    },
    run: (c: { x: Matrix; w: Matrix; a: Matrix }) => {
      const t0 = performance.now();
      forward({ ...c, precision });
      return { inputsPerSecond: (batch / (performance.now() - t0)) * 1000 };
    },
  };
}

/** Peak tensor memory of one float32 step (tf.profile), printed separately. */
async function peakTensorBytes(n: number, d: number, m: number): Promise<number> {
  const problem = problemOf(n, d, m);
  const e = makeEngine({
    problem,
    precision: 'float32',
    eta: etaOf(n, d, m),
    momentum: 0,
    w0: problem.w,
    w: problem.w,
  });
  const info = await tf.profile(() => {
    e.evaluate();
    e.advance();
  });
  e.dispose();
  return info.peakBytes;
}

const workloads: Workload[] = [
  stepWorkload(256, 8, 4096, 'float32', 20),
  flaggedStepWorkload(256, 8, 4096),
  stepWorkload(256, 8, 4096, 'float64', 5),
  stepWorkload(1024, 16, 16384, 'float32', 5),
  flaggedStepWorkload(1024, 16, 16384),
  stepWorkload(1024, 16, 16384, 'float64', 3),
  forwardWorkload(10000, 8, 4096, 'float32'),
  forwardWorkload(10000, 8, 4096, 'float64'),
];

await runBenchmarks(workloads, { title: '@softmax-ntk/network', jsonOut: process.env['BENCH_JSON'] });
if (!process.env['BENCH_FILTER']) {
  for (const [n, d, m] of [
    [256, 8, 4096],
    [1024, 16, 16384],
  ] as const) {
    const b = await peakTensorBytes(n, d, m);
    console.log(`peak tensor memory of a float32 GD step (n=${n}, d=${d}, m=${m}): ${(b / 2 ** 20).toFixed(1)} MiB`);
  }
}
