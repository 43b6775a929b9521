/**
 * Tests written for the mutation run (bench/results/mutation) of internal/eighWasm.ts, beside eigh.mutants.test.ts
 * (which pins its results: known spectra, both routes, scaling, reused memory): the kernel memory it asks for, to the
 * byte. A region of the layout made smaller, or dropped, would still give right answers whenever the memory's
 * rounding up to a 64 KiB page (or a larger instance from the pool) covers what the kernels write past it.
 */
import type * as KernelsModule from '../../wasm/kernels';
import type * as EighWasmModule from './eighWasm';
import { Rng, withSpectrum } from './testing';

/** eighWasm loaded with a kernel pool (`pool`, fresh: empty) that records what it is asked. */
function recorded(): {
  ew: typeof EighWasmModule;
  pool: typeof KernelsModule;
  acquired: { kind: string; bytes: number; what: string }[];
  fit: number[];
} {
  const acquired: { kind: string; bytes: number; what: string }[] = [];
  const fit: number[] = [];
  let ew: typeof EighWasmModule | undefined;
  let pool: typeof KernelsModule | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../wasm/kernels', () => {
      const actual = jest.requireActual<typeof KernelsModule>('../../wasm/kernels');
      pool = actual;
      return {
        ...actual,
        acquireKernels: (kind: Parameters<typeof actual.acquireKernels>[0], bytes: number, what: string) => {
          acquired.push({ kind, bytes, what });
          return actual.acquireKernels(kind, bytes, what);
        },
        kernelsFit: (bytes: number) => {
          fit.push(bytes);
          return actual.kernelsFit(bytes);
        },
      };
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- eighWasm bound to the recording pool above
    ew = require('./eighWasm') as typeof EighWasmModule;
  });
  jest.dontMock('../../wasm/kernels');
  if (ew === undefined || pool === undefined) throw new Error('eighWasm did not load');
  return { ew, pool, acquired, fit };
}

/**
 * The bytes of the layout in the module's header, written out: with n4 = n rounded up to 4, n8 to 8, NB = 32 and
 * KB = 64, the matrix n4², the panel's W (NB·n4), X and Y (2·NB·n4 each), T (2·NB), d, e, τ and the two-thread
 * symv's buffer (n4 each); with
 * vectors also Z (n4²), P, R, Y and Yᵀ of a block (n4·KB each) and T and G of a block (KB² each), and for the QL
 * route Z's strips (n·n8) and the sweep list (16·(2n + 2)), for divide and conquer (n > 32, stedc.ts) the gathered
 * columns and the products ((n4 + 8) × (n4 + 4) each) and U ((n4 + 4)²). Float64s, 8 bytes each.
 */
function layoutBytes(n: number, route: 'values' | 'ql' | 'dc'): number {
  const n4 = Math.ceil(n / 4) * 4;
  const n8 = Math.ceil(n / 8) * 8;
  const values = n4 * n4 + 32 * n4 + 2 * (2 * 32 * n4) + 2 * 32 + 4 * n4;
  if (route === 'values') return 8 * values;
  const withVectors = n4 * n4 + 4 * n4 * 64 + 2 * 64 * 64;
  if (route === 'ql') return 8 * (values + withVectors + n * n8 + 16 * (2 * n + 2));
  return 8 * (values + withVectors + 2 * (n4 + 8) * (n4 + 4) + (n4 + 4) ** 2 + 9 * (n4 + 4));
}

/** The route eigh takes at n (vectors or not) while everything fits. */
const routeOf = (n: number, vectors: boolean): 'values' | 'ql' | 'dc' => (!vectors ? 'values' : n > 32 ? 'dc' : 'ql');

describe('eighWasm: the kernel memory', () => {
  // Killed here: a region of the layout shrunk or dropped (`n4 * n4` → `n4 / n4`, `SWEEPS * (2n + 2)` → `/`, …), the
  // rounding of n up to 4 or 8, and `at += 8 * count` → `8 / count`, where the answers stay right.
  // n = 32 and 33: the last size of the QL route and the first of divide and conquer (`n > LEAF`). n = 32 and 64: n
  // a multiple of 4, so Z has no padding column (the in-place transposition of D&C's Q and the QL route's sweep list
  // at full length are seen in the results, checked here by each eigenpair's residual).
  it.each([1, 5, 32, 33, 64, 70])('n = %i: asks for its layout, to the byte, with and without vectors', (n) => {
    const { ew, acquired, fit } = recorded();
    const { a } = withSpectrum(
      new Rng(`eigh-wasm-memory-${n}`),
      Array.from({ length: n }, (_, i) => i - n / 2),
    );
    for (const vectors of [true, false]) {
      acquired.length = 0;
      fit.length = 0;
      expect(ew.eighFitsWasm(n, vectors)).toBe(true);
      expect(fit).toEqual([layoutBytes(n, routeOf(n, vectors))]);
      const { values, v } = ew.eighWasm(a.data, n, vectors);
      expect(values.length).toBe(n);
      expect(v?.length).toBe(vectors ? n * n : undefined);
      // the spectrum is i − n/2 (‖A‖₂ ≤ n/2): each λ_j within 8·n·u·‖A‖₂ of it, each ‖A v_j − λ_j v_j‖∞ too
      const tol = 8 * n * 2 ** -53 * (n / 2 + 1);
      values.forEach((l, j) => expect(Math.abs(l - (j - n / 2))).toBeLessThanOrEqual(tol));
      if (v) {
        let worst = 0;
        for (let j = 0; j < n; j++)
          for (let i = 0; i < n; i++) {
            let s = -(values[j] as number) * (v[i * n + j] as number);
            for (let p = 0; p < n; p++) s += (a.data[i * n + p] as number) * (v[p * n + j] as number);
            worst = Math.max(worst, Number.isNaN(s) ? Infinity : Math.abs(s));
          }
        expect(worst).toBeLessThanOrEqual(tol);
      }
      // the 'eig' pool's instance, and the size named in its errors (out of memory)
      expect(acquired).toEqual([
        { kind: 'eig', bytes: layoutBytes(n, routeOf(n, vectors)), what: `eigh of a ${n} × ${n} matrix` },
      ]);
    }
  });

  // Killed here: the fit asked of the wrong layout (eigh would then take the JavaScript route too early, or fail in
  // WebAssembly). By the layout above, 64 KiB + its bytes ≤ 2³² up to n = 10,312 for divide and conquer, 13,300 for
  // the QL route (taken from 10,317 on) and 23,088 without vectors.
  it('fits wasm32’s 4 GiB up to n = 13,300 with vectors (D&C to 10,312) and n = 23,088 without, and not one further', () => {
    const { ew, fit } = recorded();
    const top = 2 ** 32 - 65536;
    expect(layoutBytes(10312, 'dc')).toBeLessThanOrEqual(top);
    expect(layoutBytes(10313, 'dc')).toBeGreaterThan(top);
    expect(layoutBytes(13300, 'ql')).toBeLessThanOrEqual(top);
    expect(layoutBytes(13301, 'ql')).toBeGreaterThan(top);
    expect(layoutBytes(23088, 'values')).toBeLessThanOrEqual(top);
    expect(layoutBytes(23089, 'values')).toBeGreaterThan(top);
    fit.length = 0;
    expect([10312, 10313, 13300, 13301].map((n) => ew.eighFitsWasm(n, true))).toEqual([true, true, true, false]);
    // D&C asked first; the QL layout only when it does not fit.
    expect(fit).toEqual([
      layoutBytes(10312, 'dc'),
      layoutBytes(10313, 'dc'),
      layoutBytes(10313, 'ql'),
      layoutBytes(13300, 'dc'),
      layoutBytes(13300, 'ql'),
      layoutBytes(13301, 'dc'),
      layoutBytes(13301, 'ql'),
    ]);
    expect([23088, 23089].map((n) => ew.eighFitsWasm(n, false))).toEqual([true, false]);
  });

  // Killed here: the eigenvalues returned as a view of the kernel memory (d's `.slice()` dropped): the instance goes
  // back to the pool, and the next call writes its own values there.
  it('returns its own arrays: a later call leaves an earlier result as it was', () => {
    const { ew } = recorded();
    const lambda = [-2, -0.5, 1, 1.5, 4];
    for (const vectors of [true, false]) {
      const first = ew.eighWasm(withSpectrum(new Rng('eigh-wasm-own-1'), lambda).a.data, 5, vectors);
      const copy = [Array.from(first.values), Array.from(first.v ?? [])];
      ew.eighWasm(withSpectrum(new Rng('eigh-wasm-own-2'), [7, 8, 9, 10, 11]).a.data, 5, vectors);
      expect([Array.from(first.values), Array.from(first.v ?? [])]).toEqual(copy);
      // backward stable: within 16·n·u·‖A‖₂ (‖A‖₂ = 4) of λ
      expect(first.values).toBeAllClose(lambda, { rtol: 0, atol: 16 * 5 * 2 ** -53 * 4 });
    }
  });

  // Killed here: a region's name made "" in the layout or in a lookup (`at('w')`): the lookup gives undefined, which
  // f64View and the kernels take as byte offset 0, so the region lands on the first page, the module's (KERNELS_BASE),
  // where the answers stay right (the eig module keeps nothing there) but a caller's page is overwritten; and the
  // instance not given back (`finally { releaseKernels }` emptied).
  it.each([5, 70])("n = %i: leaves the module's first page untouched and gives its instance back", (n) => {
    const { ew, pool } = recorded();
    const { a } = withSpectrum(
      new Rng(`eigh-wasm-page-${n}`),
      Array.from({ length: n }, (_, i) => i - n / 2),
    );
    const k = pool.acquireKernels('eig', 0, 'the probe');
    new Float64Array(k.memory.buffer, 0, pool.KERNELS_BASE / 8).fill(-7.25);
    pool.releaseKernels('eig', k);
    for (const vectors of [true, false]) ew.eighWasm(a.data, n, vectors);
    const again = pool.acquireKernels('eig', 0, 'the probe, after');
    try {
      expect(again).toBe(k);
      const page = new Float64Array(again.memory.buffer, 0, pool.KERNELS_BASE / 8);
      expect(page.every((x) => x === -7.25)).toBe(true);
    } finally {
      pool.releaseKernels('eig', again);
    }
  });

  // Killed here: T's kernel copy TT not cleared (`kbp * kbp` → `kbp / kbp`): with n = 70 the first block holds 5
  // reflectors (kbp = 8), and TT's rows and columns 5…7, left from the memory's last user, meet P's zero columns there
  // (0·NaN = NaN). eigh.mutants.test.ts's reused-memory test (n = 45, one block of 44) has no such padding.
  it('n = 70: the same bits from an instance whose memory is all NaN as from a fresh one', () => {
    const { ew, pool } = recorded();
    const n = 70;
    const { a } = withSpectrum(
      new Rng('eigh-wasm-nan'),
      Array.from({ length: n }, (_, i) => i - n / 2),
    );
    const clean = ew.eighWasm(a.data, n, true);
    const k = pool.acquireKernels('eig', layoutBytes(n, 'dc'), 'the probe');
    new Float64Array(k.memory.buffer).fill(NaN);
    pool.releaseKernels('eig', k);
    const dirty = ew.eighWasm(a.data, n, true);
    expect(Array.from(dirty.values)).toEqual(Array.from(clean.values));
    expect(Array.from(dirty.v ?? [])).toEqual(Array.from(clean.v ?? []));
  });
});
