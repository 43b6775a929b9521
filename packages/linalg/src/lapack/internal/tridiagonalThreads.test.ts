import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeWhen, itWhen } from '@softmax-ntk/test-helpers';
import type { Matrix } from '../../matrix/matrix';
import { eigh } from '../eigh';
import { eigvalsh } from '../eigvalsh';
import { decompositionErrors, EIG_FAMILIES, Rng, jacobiEigenvalues, symmetricGaussian } from './testing';
import { EIG_THREADS_MIN_N, eigvalshThreads, stopEigThreads } from './tridiagonalThreads';

const U = 2 ** -53;
const threads =
  typeof SharedArrayBuffer === 'function' &&
  typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === 'function';

/** The two-thread eigenvalues of `a` whatever its size (the threshold lowered to 0); fails if the path declined. */
function threaded(a: Matrix): Float64Array {
  const values = eigvalshThreads(a, 0);
  if (values === undefined) throw new Error('the two-thread path declined');
  return values;
}

/** max |x − y| (x, y of the same length). */
function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs((x[i] as number) - (y[i] as number)));
  return m;
}

describeWhen(threads, 'worker threads and SharedArrayBuffer (Node ≥ 20.16: process.getBuiltinModule)', {
  requiredUnderCi: true,
})('eigvalsh on two threads (shared WebAssembly memory, Atomics hand-offs)', () => {
  afterAll(() => stopEigThreads());

  // Sizes on both sides of the panel width (32), the 4-wide padding, and the split threshold (vectors and trailing
  // matrices of 128 and more are shared with the worker), several panels with a short last one.
  const sizes = [1, 2, 3, 33, 127, 128, 129, 161, 190];
  const cases = Object.keys(EIG_FAMILIES).flatMap((family) => sizes.map((n) => [family, n] as const));
  it.each(cases)('%s, n = %i: λ within 8·n·u·‖A‖₂ of cyclic Jacobi and of the one-thread path', (family, n) => {
    const a = (EIG_FAMILIES[family] as (rng: Rng, n: number) => Matrix)(new Rng(`${family}-${n}`), n);
    const values = threaded(a);
    const reference = jacobiEigenvalues(a);
    const norm2 = Math.max(Math.abs(reference[0] as number), Math.abs(reference[n - 1] as number));
    // Both routes are backward stable: |λ̂ − λ| ≤ c·n·u·‖A‖₂ with a modest c.
    expect(values).toBeAllClose(reference, { rtol: 0, atol: 8 * n * U * norm2 });
    expect(values).toBeAllClose(eigh({ a, vectors: false }).values, { rtol: 0, atol: 8 * n * U * norm2 });
  });

  it('n = 700 (22 panels, the last of 28 columns): within 8·n·u·‖A‖₂ of the one-thread path; Σλ = tr A', () => {
    const n = 700;
    const a = symmetricGaussian(new Rng('threads-700'), n);
    const values = threaded(a);
    const one = eigh({ a, vectors: false }).values;
    const norm2 = Math.max(Math.abs(one[0] as number), Math.abs(one[n - 1] as number));
    expect(values).toBeAllClose(one, { rtol: 0, atol: 8 * n * U * norm2 });
    // Not the same bits: the symv's partial sums are added in another order (else this test would not tell the paths
    // apart, and the next one could not show which path eigvalsh took).
    expect(maxDiff(values, one)).toBeGreaterThan(0);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a.data[i * n + i] as number;
    // Σλ = tr A up to the rounding of n sums of size ‖A‖₂: n·u·‖A‖₂·n.
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 8);
  });

  it(`eigvalsh takes the two-thread path from n = ${EIG_THREADS_MIN_N} and the one-thread path below`, () => {
    for (const n of [EIG_THREADS_MIN_N - 1, EIG_THREADS_MIN_N]) {
      const a = symmetricGaussian(new Rng(`threshold-${n}`), n);
      const one = eigh({ a, vectors: false }).values;
      const two = threaded(a);
      // The two paths differ in the last bits at these sizes (checked), so the bits tell which one ran.
      expect(maxDiff(one, two)).toBeGreaterThan(0);
      expect(Array.from(eigvalsh({ a }))).toEqual(Array.from(n < EIG_THREADS_MIN_N ? one : two));
    }
  });

  it('scale invariance: s·A for s = 1e160 and 1e-160 (nrm2 without overflow or underflow)', () => {
    const n = 150;
    const a = symmetricGaussian(new Rng('threads-scaled'), n);
    const want = threaded(a);
    for (const s of [1e160, 1e-160]) {
      const scaled = threaded({ rows: n, cols: n, data: a.data.map((v) => v * s) });
      // Relative to ‖s·A‖₂ (≈ 2·√(2n)·s ≈ 35·s): 8·n·u·‖A‖₂ as unscaled.
      expect(scaled.map((v) => v / s)).toBeAllClose(want, { rtol: 0, atol: 8 * n * U * 40 });
    }
  });

  it('reads only the upper triangle, and does not depend on what a larger earlier call left in the memory', () => {
    const n = 150;
    const a = symmetricGaussian(new Rng('threads-upper'), n);
    const first = threaded(a);
    threaded(symmetricGaussian(new Rng('threads-larger'), 300));
    const b = { rows: n, cols: n, data: a.data.slice() };
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) b.data[i * n + j] = NaN;
    expect(Array.from(threaded(b))).toEqual(Array.from(first));
    // And after the worker was stopped: a new worker, the same bits.
    stopEigThreads();
    expect(Array.from(threaded(a))).toEqual(Array.from(first));
  });

  it('eigh with vectors from n = 512 on two threads: eigenpairs within 8·n·u, values as one thread’s to 8·n·u·‖A‖₂', () => {
    const n = 600;
    const a = symmetricGaussian(new Rng('threads-eigh-600'), n);
    const before = process.env['SOFTMAX_NTK_THREADS'];
    let one: ReturnType<typeof eigh>;
    try {
      process.env['SOFTMAX_NTK_THREADS'] = '1';
      one = eigh({ a });
    } finally {
      if (before === undefined) delete process.env['SOFTMAX_NTK_THREADS'];
      else process.env['SOFTMAX_NTK_THREADS'] = before;
    }
    const two = eigh({ a });
    const norm2 = Math.max(Math.abs(one.values[0] as number), Math.abs(one.values[n - 1] as number));
    const { orth, residual } = decompositionErrors(a, two.values, two.vectors as Matrix);
    expect(orth).toBeLessThanOrEqual(4 * n * U);
    expect(residual).toBeLessThanOrEqual(8 * n * U * norm2);
    expect(two.values).toBeAllClose(one.values, { rtol: 0, atol: 8 * n * U * norm2 });
    // Not the same bits (the reduction's symv sums in another order): the two-thread path did run.
    expect(maxDiff(two.values, one.values)).toBeGreaterThan(0);
  });

  it('rejects a non-finite entry of the upper triangle by index, as eigh does; not square: eigh’s message', () => {
    const n = 600;
    const a = symmetricGaussian(new Rng('threads-nan'), n);
    a.data[5 * n + 400] = Infinity;
    expect(() => eigvalsh({ a })).toThrow('invalid argument: a: must have finite entries, got Infinity at (5, 400)');
    expect(() => eigvalsh({ a: { rows: 600, cols: 601, data: new Float64Array(600 * 601) } })).toThrow(
      'invalid argument: a: must be square, got 600 × 601',
    );
  });

  // The CommonJS build, as the CLI loads it, in a fresh process that never stops the worker: it must exit by itself.
  const dist = join(__dirname, '..', '..', '..', 'dist', 'index.cjs');
  itWhen(existsSync(dist), 'the package is built (pnpm build)')(
    "from the CommonJS build, also on V8's baseline tier only: the same values; the process exits with the worker up",
    () => {
      const n = 520;
      const a = symmetricGaussian(new Rng('threads-cjs'), n);
      const script = `
        const { eigvalsh } = require(${JSON.stringify(dist)});
        const data = new Float64Array(Uint8Array.from(require('node:fs').readFileSync(0)).buffer);
        const values = eigvalsh({ a: { rows: ${n}, cols: ${n}, data } });
        process.stdout.write(Buffer.from(values.buffer).toString('base64'));
      `;
      const want = Array.from(threaded(a));
      // Default flags, and V8's baseline compiler only (--liftoff-only: the code every process runs first, before
      // tier-up; with the module's own wait/notify instructions it gave wrong eigenvalues there).
      for (const flags of [[], ['--liftoff-only']]) {
        const run = spawnSync(process.execPath, [...flags, '-e', script], {
          input: new Uint8Array(a.data.buffer),
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        const got = new Float64Array(Uint8Array.from(Buffer.from(run.stdout, 'base64')).buffer);
        expect(Array.from(got)).toEqual(want);
      }
    },
    180_000,
  );
});
