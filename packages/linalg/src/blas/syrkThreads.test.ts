/**
 * The two-thread WebAssembly product of `syrk` (./internal/syrkThreads): the same C, bitwise, whether the second half
 * ran on the worker thread or on the calling thread, and that C right against a plain float64 sum.
 */
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng } from '../random/rng';
import { syrk } from './syrk';
import { stopSyrkThreads, syrkSplit, syrkThreadCalls, syrkWasmHalves } from './internal/syrkThreads';

/** Lower-triangle entries (i ≥ j) of α·op(A)·op(A)ᵀ by the plain float64 sum; op(A)[i, p] = A[offset + i·s1 + p·s2]. */
function reference(N: number, K: number, alpha: number, A: Float64Array, s1: number, s2: number, offset: number) {
  const out: number[] = [];
  for (let i = 0; i < N; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) s += A[offset + i * s1 + p * s2]! * A[offset + j * s1 + p * s2]!;
      out.push(alpha * s);
    }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(() => stopSyrkThreads());

describe('syrkWasmHalves: the second half on a worker thread', () => {
  const rng = new Rng('syrk-threads');
  const [N, K] = [72, 700]; // kSplit 350: each half is one full 256-deep panel and a short one
  const kSplit = syrkSplit(N, K, 0);
  // op(A) = Aᵀ of a K × N array (the primal NTK solve's layout): strides (1, N)
  const A = rng.fillNormal(new Float64Array(K * N)) as Float64Array;
  const want = reference(N, K, 0.5, A, 1, N, 0);

  function lowerOf(C: Float64Array): number[] {
    const out: number[] = [];
    for (let i = 0; i < N; i++) for (let j = 0; j <= i; j++) out.push(C[i * N + j]!);
    return out;
  }

  it('with the worker, C is bitwise the one-thread C and matches the float64 sum; the upper triangle is untouched', async () => {
    const one = new Float64Array(N * N).fill(2);
    for (let i = 0; i < N; i++) for (let j = 0; j <= i; j++) one[i * N + j] = 0;
    const localBefore = syrkThreadCalls.local;
    syrkWasmHalves(true, N, K, kSplit, 0.5, A, 1, N, 0, one, N, 1, 0, false);
    expect(syrkThreadCalls.local).toBe(localBefore + 1);
    expect(lowerOf(one)).toBeAllClose(want, TOLERANCES.float64);

    // The first calls may find the worker still starting (the calling thread then takes the half back): repeat
    // until the worker has answered one, comparing every result bitwise.
    const before = syrkThreadCalls.worker;
    let tries = 0;
    let mismatches = 0;
    while (syrkThreadCalls.worker === before && tries < 200) {
      const two = new Float64Array(N * N).fill(2);
      for (let i = 0; i < N; i++) for (let j = 0; j <= i; j++) two[i * N + j] = 0;
      syrkWasmHalves(true, N, K, kSplit, 0.5, A, 1, N, 0, two, N, 1, 0);
      for (let q = 0; q < N * N; q++) if (!Object.is(two[q], one[q])) mismatches++;
      tries++;
      await sleep(10);
    }
    expect(syrkThreadCalls.worker).toBe(before + 1);
    expect(mismatches).toBe(0);
  });

  it('the upper triangle, with C strided and offset, on the worker: bitwise the one-thread call', async () => {
    // C's upper triangle (i ≤ j) in a (N + 3)-wide array at offset 5, column-major (strides (1, N + 3))
    const ld = N + 3;
    const run = (useWorker: boolean) => {
      const C = new Float64Array(5 + ld * N).fill(-1);
      syrkWasmHalves(false, N, K, kSplit, -1.25, A, 1, N, 0, C, 1, ld, 5, useWorker);
      return C;
    };
    const one = run(false);
    const before = syrkThreadCalls.worker;
    let two = run(true);
    for (let tries = 0; syrkThreadCalls.worker === before && tries < 200; tries++) {
      await sleep(10);
      two = run(true);
    }
    expect(syrkThreadCalls.worker).toBe(before + 1);
    expect(Array.from(two)).toEqual(Array.from(one));
    // entry (i, j), i ≤ j, at 5 + i + j·ld: −1 + (−1.25)·Σ_p op(A)[i,p]·op(A)[j,p]; entries below the diagonal stay −1
    const got: number[] = [];
    const wantUpper: number[] = [];
    let at = 0;
    const ref = reference(N, K, -1.25, A, 1, N, 0); // lower (i ≥ j) order: (i, j) is the upper entry (j, i)
    for (let i = 0; i < N; i++)
      for (let j = 0; j <= i; j++) {
        got.push(two[5 + j + i * ld]!);
        wantUpper.push(-1 + ref[at++]!);
      }
    expect(got).toBeAllClose(wantUpper, TOLERANCES.float64);
    expect(two[5 + 1 + 0 * ld]).toBe(-1); // (1, 0): below the diagonal, not written
    expect(two[0]).toBe(-1); // before the offset
  });

  it('SOFTMAX_NTK_THREADS=1 keeps both halves on the calling thread', () => {
    const saved = process.env['SOFTMAX_NTK_THREADS'];
    process.env['SOFTMAX_NTK_THREADS'] = '1';
    try {
      const [w, l] = [syrkThreadCalls.worker, syrkThreadCalls.local];
      const C = new Float64Array(N * N);
      syrkWasmHalves(true, N, K, kSplit, 0.5, A, 1, N, 0, C, N, 1, 0);
      expect(syrkThreadCalls.worker).toBe(w);
      expect(syrkThreadCalls.local).toBe(l + 1);
      expect(lowerOf(C)).toBeAllClose(want, TOLERANCES.float64);
    } finally {
      if (saved === undefined) delete process.env['SOFTMAX_NTK_THREADS'];
      else process.env['SOFTMAX_NTK_THREADS'] = saved;
    }
  });

  it('after stopSyrkThreads, the next call starts a new worker', async () => {
    await stopSyrkThreads();
    const before = syrkThreadCalls.worker;
    let C = new Float64Array(N * N);
    for (let tries = 0; syrkThreadCalls.worker === before && tries < 200; tries++) {
      C = new Float64Array(N * N);
      syrkWasmHalves(true, N, K, kSplit, 0.5, A, 1, N, 0, C, N, 1, 0);
      await sleep(10);
    }
    expect(syrkThreadCalls.worker).toBe(before + 1);
    expect(lowerOf(C)).toBeAllClose(want, TOLERANCES.float64);
  });
});

describe('syrk from N²K = 2³⁰ up: the split path behind the public function', () => {
  it('beta and both triangles: C = α·AᵀA + β·C against the float64 sum (sampled entries), N = K = 1024', () => {
    const [N, K] = [1024, 1024];
    const rng = new Rng('syrk-threads-front');
    const A = rng.fillNormal(new Float64Array(K * N)) as Float64Array; // K × N, trans = 'transpose'
    const C0 = rng.fillNormal(new Float64Array(N * N)) as Float64Array;
    const C = C0.slice();
    syrk('lower', 'transpose', N, K, 0.75, A, N, 1, 0, -0.5, C, N, 1, 0);
    const got: number[] = [];
    const want: number[] = [];
    for (let t = 0; t < 400; t++) {
      const i = Math.floor(rng.uniform() * N);
      const j = Math.floor(rng.uniform() * (i + 1));
      let s = 0;
      for (let p = 0; p < K; p++) s += A[p * N + i]! * A[p * N + j]!;
      got.push(C[i * N + j]!);
      want.push(0.75 * s - 0.5 * C0[i * N + j]!);
    }
    expect(got).toBeAllClose(want, TOLERANCES.float64);
    // the upper triangle is neither read nor written
    expect(C[0 * N + 1]).toBe(C0[0 * N + 1]);
    expect(C[5 * N + 1000]).toBe(C0[5 * N + 1000]);
  });
});
