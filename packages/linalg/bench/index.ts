/**
 * Benchmarks of @softmax-ntk/linalg (never run by tests):
 *
 *     pnpm --filter @softmax-ntk/linalg bench          # everything (~10 min on 2 cores)
 *     BENCH_FILTER=gemm pnpm --filter @softmax-ntk/linalg bench
 *
 * - float32 tfjs matMul 1024² and 2048² on every backend that loads (wasm gets
 *   its operands as they are: no transpose flags);
 * - float64 GEMM 1024² (all-plain and transposed operands), SYRK 2048 × 4096,
 *   Cholesky 2048 (SIMD WebAssembly; with and without the copy-out of L, and
 *   one solve), dense eigvalsh 2048 vs Lanczos λ_min on 2048² SPD matrices
 *   with known spectra (time and accuracy);
 * - ml-matrix's JAMA-derived EVD and Cholesky against ours (time and accuracy),
 *   the measurements behind "Why these choices" in the README.
 *
 * Results go to bench/results/latest.json as well as the console table.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { runBenchmarks, type Workload } from '@softmax-ntk/bench';
import { BACKEND_NAMES, initBackend } from '../src/backend/initBackend';
import type { Matrix } from '../src/matrix/matrix';
import { gemm } from '../src/blas/gemm';
import { syrk } from '../src/blas/syrk';
import { symmetricMatvec } from '../src/blas/symmetricMatvec';
import { cholesky } from '../src/lapack/cholesky';
import { choleskyFactor, type CholeskyFactor } from '../src/lapack/choleskyFactor';
import { eigh } from '../src/lapack/eigh';
import { lanczos } from '../src/iterative/lanczos';
import { Rng, geometricSpectrum, reflectedSpectrum } from '../src/lapack/internal/testing';

const rng = new Rng('linalg-bench');
const normals = (len: number): Float64Array => rng.fillNormal(new Float64Array(len));

/** max |L·Lᵀ − A| / max |A| (lower triangle of the product, via syrk). */
function choleskyResidual(n: number, l: Float64Array, a: Float64Array): number {
  const llt = new Float64Array(n * n);
  syrk('lower', 'no-transpose', n, n, 1, l, n, 1, 0, 0, llt, n, 1, 0);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      err = Math.max(err, Math.abs((llt[i * n + j] as number) - (a[i * n + j] as number)));
      scale = Math.max(scale, Math.abs(a[i * n + j] as number));
    }
  }
  return err / scale;
}

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs((x[i] as number) - (y[i] as number)));
  return m;
}

/** SPD test matrices of size n with known spectra. */
const spectra = {
  /** κ = 1e6, geometric: relative gap at the bottom ~7e-9 — the worst case for Krylov methods. */
  hard: (n: number) => geometricSpectrum(n, 1e-6, 1),
  /** λ_min = 1e-3 isolated below a geometric bulk on [1e-2, 1] (κ = 1e3, relative gap 9e-3). */
  separated: (n: number) => {
    const l = geometricSpectrum(n, 1e-2, 1);
    l[0] = 1e-3;
    return l;
  },
};

const workloads: Workload[] = [];

// ---- float32 tfjs matMul, per backend ----
for (const backend of BACKEND_NAMES) {
  for (const n of [1024, 2048]) {
    workloads.push({
      name: `tfjs f32 matMul ${n}² (${backend})`,
      flops: 2 * n ** 3,
      repeats: backend === 'cpu' && n === 2048 ? 2 : 5,
      setup: async () => {
        try {
          await initBackend({ backend });
        } catch (e) {
          return { skip: (e as Error).message.split(':').slice(-1)[0]?.trim() ?? 'failed' };
        }
        // Operands as they are (row-major n × n, no transpose flags).
        return { a: tf.randomNormal([n, n], 0, 1, 'float32', 1), b: tf.randomNormal([n, n], 0, 1, 'float32', 2) };
      },
      run: async (ctx: { a?: tf.Tensor2D; b?: tf.Tensor2D; skip?: string }) => {
        if (ctx.skip) return { skipped: ctx.skip };
        const c = tf.matMul(ctx.a as tf.Tensor2D, ctx.b as tf.Tensor2D);
        await c.data();
        c.dispose();
        return undefined;
      },
      teardown: (ctx: { a?: tf.Tensor; b?: tf.Tensor }) => {
        ctx.a?.dispose();
        ctx.b?.dispose();
      },
    });
  }
}

// ---- float64 kernels ----
{
  const n = 1024;
  const A = normals(n * n);
  const B = normals(n * n);
  const C = new Float64Array(n * n);
  workloads.push({
    name: 'gemm f64 1024² (A·B)',
    flops: 2 * n ** 3,
    run: () => gemm('no-transpose', 'no-transpose', n, n, n, 1, A, n, 1, 0, B, n, 1, 0, 0, C, n, 1, 0),
  });
  workloads.push({
    name: 'gemm f64 1024² (Aᵀ·Bᵀ)',
    flops: 2 * n ** 3,
    run: () => gemm('transpose', 'transpose', n, n, n, 1, A, n, 1, 0, B, n, 1, 0, 0, C, n, 1, 0),
  });
}
{
  const n = 2048;
  const k = 4096;
  workloads.push({
    name: 'syrk f64 2048 × 4096 (G·Gᵀ, lower)',
    flops: n * n * k, // n(n+1)k multiply-adds counted as 2 flops each over one triangle ≈ n²k
    repeats: 3,
    setup: () => ({ G: normals(n * k), C: new Float64Array(n * n) }),
    run: ({ G, C }: { G: Float64Array; C: Float64Array }) =>
      syrk('lower', 'no-transpose', n, k, 1, G, k, 1, 0, 0, C, n, 1, 0),
  });
}
{
  const n = 2048;
  let spd: Matrix | undefined;
  const getSpd = (): Matrix => {
    if (!spd) spd = { rows: n, cols: n, data: reflectedSpectrum(rng, spectra.separated(n)) };
    return spd;
  };
  workloads.push({
    name: 'cholesky f64 2048',
    flops: n ** 3 / 3,
    repeats: 3,
    setup: getSpd,
    run: (a: Matrix) => ({ relResidual: choleskyResidualOnce(a) }),
  });
  let lastResidual = NaN;
  let computed = false;
  function choleskyResidualOnce(a: Matrix): number {
    const { l } = cholesky({ a });
    if (!computed) {
      computed = true;
      lastResidual = choleskyResidual(n, l.data, a.data);
    }
    return lastResidual;
  }
  workloads.push({
    // the factor stays in WebAssembly memory (what spectrum's shift-invert and ntkRegression use): no 32 MB copy-out
    name: 'choleskyFactor f64 2048 (no copy-out)',
    flops: n ** 3 / 3,
    repeats: 5,
    setup: getSpd,
    run: (a: Matrix) => {
      choleskyFactor({ a }).dispose();
    },
  });
  workloads.push({
    // two triangular sweeps over L (32 MB of float64 rows, the lower half read): memory-bound
    name: 'choleskyFactor solve 2048 (one right-hand side)',
    flops: 2 * n * n,
    repeats: 50,
    setup: () => ({ f: choleskyFactor({ a: getSpd() }), b: normals(n), out: new Float64Array(n) }),
    run: ({ f, b, out }: { f: CholeskyFactor; b: Float64Array; out: Float64Array }) => {
      f.solve(b, out);
    },
    teardown: ({ f }: { f: CholeskyFactor }) => f.dispose(),
  });
  workloads.push({
    name: 'ml-matrix cholesky 2048',
    flops: n ** 3 / 3,
    repeats: 1,
    baseline: 'cholesky f64 2048',
    setup: () => {
      const a = getSpd();
      return {
        a,
        m: new MlMatrix(Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * n, (i + 1) * n)))),
      };
    },
    run: ({ a, m }: { a: Matrix; m: MlMatrix }) => {
      const l = new CholeskyDecomposition(m).lowerTriangularMatrix;
      const flat = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) flat[i * n + j] = l.get(i, j);
      return { relResidual: choleskyResidual(n, flat, a.data) };
    },
  });
}
for (const n of [1024]) {
  const lam = spectra.hard(n);
  const a: Matrix = { rows: n, cols: n, data: reflectedSpectrum(rng, lam) };
  workloads.push({
    name: `eigh f64 ${n} (values + vectors)`,
    repeats: 1,
    run: () => {
      const r = eigh({ a });
      return {
        maxAbsErr: maxAbsDiff(r.values, lam),
        relErrLambdaMin: Math.abs((r.values[0] as number) - (lam[0] as number)) / (lam[0] as number),
      };
    },
  });
  workloads.push({
    name: `ml-matrix EVD ${n} (values + vectors, assumeSymmetric)`,
    repeats: 1,
    baseline: `eigh f64 ${n} (values + vectors)`,
    setup: () => new MlMatrix(Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * n, (i + 1) * n)))),
    run: (m: MlMatrix) => {
      const vals = new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues;
      return {
        maxAbsErr: maxAbsDiff(vals, lam),
        relErrLambdaMin: Math.abs((vals[0] as number) - (lam[0] as number)) / (lam[0] as number),
      };
    },
  });
  workloads.push({
    name: `eigvalsh f64 ${n} (values only)`,
    repeats: 3,
    run: () => {
      const v = eigh({ a, vectors: false }).values;
      return { maxAbsErr: maxAbsDiff(v, lam) };
    },
  });
}
{
  const n = 2048;
  for (const [label, make] of Object.entries(spectra)) {
    const lam = make(n);
    let a: Matrix | undefined;
    const get = (): Matrix => (a ??= { rows: n, cols: n, data: reflectedSpectrum(new Rng(`spd-${label}`), lam) });
    workloads.push({
      name: `eigvalsh f64 2048 λ_min (${label} spectrum)`,
      repeats: 1,
      warmup: 0,
      setup: get,
      run: (m: Matrix) => {
        const v = eigh({ a: m, vectors: false }).values;
        return {
          relErrLambdaMin: Math.abs((v[0] as number) - (lam[0] as number)) / (lam[0] as number),
          maxAbsErr: maxAbsDiff(v, lam),
        };
      },
    });
    for (const maxIter of label === 'hard' ? [2048, 4096] : [1000]) {
      workloads.push({
        name: `lanczos λ_min 2048 (${label} spectrum, maxIter ${maxIter})`,
        repeats: 1,
        warmup: label === 'hard' ? 0 : 1,
        baseline: `eigvalsh f64 2048 λ_min (${label} spectrum)`,
        setup: get,
        run: (m: Matrix) => {
          const r = lanczos({ n, matvec: symmetricMatvec({ a: m }), which: 'smallest', tol: 1e-10, maxIter });
          return {
            relErrLambdaMin: Math.abs((r.values[0] as number) - (lam[0] as number)) / (lam[0] as number),
            converged: r.converged,
            matvecs: r.iterations,
            restarts: r.restarts,
            relResidual: (r.residuals[0] as number) / (r.values[0] as number),
          };
        },
      });
    }
  }
}

await runBenchmarks(workloads, {
  title: '@softmax-ntk/linalg',
  jsonOut: new URL('./results/latest.json', import.meta.url).pathname,
});
