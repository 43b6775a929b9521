import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { matrix, type Matrix } from '../matrix/matrix';
import { Rng } from '../random/rng';
import { acquireKernels, f64View, KERNELS_BASE, releaseKernels } from '../wasm/kernels';
import { softmaxGramProduct } from './softmaxGramProduct';

function gaussian(rng: Rng, rows: number, cols: number, scale: number): Matrix {
  return matrix(
    rows,
    cols,
    Float64Array.from({ length: rows * cols }, () => scale * rng.normal()),
  );
}

/**
 * H·v from the literal sums of Definition 3.6: H_{(ℓ,i),(ℓ',j)} = (1/m)·Σ_r c_{(ℓ,i),r}·c_{(ℓ',j),r}·⟨x_i, x_j⟩ with
 * c_{(ℓ,i),r} = m·S_{i,r}·(a_{ℓ,r} − P_{i,ℓ}), S = softmax(X Wᵀ) by exp sums, H formed entry by entry.
 */
function literal(w: Matrix, a: Matrix, x: Matrix, v: Float64Array): Float64Array {
  const [n, dIn, m, d] = [x.rows, x.cols, w.rows, a.rows];
  const at = (M: Matrix, i: number, j: number): number => M.data[i * M.cols + j] as number;
  const S = Array.from({ length: n }, (_, i) => {
    const logits = Array.from({ length: m }, (_, r) => {
      let s = 0;
      for (let k = 0; k < dIn; k++) s += at(x, i, k) * at(w, r, k);
      return s;
    });
    // (shifted by the row's largest logit, so that logits past exp's range stay finite)
    const top = Math.max(...logits);
    const z = logits.map((s) => Math.exp(s - top));
    const sum = z.reduce((t, e) => t + e, 0);
    return z.map((e) => e / sum);
  });
  const P = S.map((Si) => Array.from({ length: d }, (_, l) => Si.reduce((t, s, r) => t + s * at(a, l, r), 0)));
  const c = (l: number, i: number, r: number) => m * S[i]![r]! * (at(a, l, r) - P[i]![l]!);
  const out = new Float64Array(n * d);
  for (let l = 0; l < d; l++)
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let l2 = 0; l2 < d; l2++)
        for (let j = 0; j < n; j++) {
          let xx = 0;
          for (let k = 0; k < dIn; k++) xx += at(x, i, k) * at(x, j, k);
          let cc = 0;
          for (let r = 0; r < m; r++) cc += c(l, i, r) * c(l2, j, r);
          s += (cc / m) * xx * v[l2 * n + j]!;
        }
      out[l * n + i] = s;
    }
  return out;
}

interface Problem {
  rng: Rng;
  w: Matrix;
  a: Matrix;
  x: Matrix;
}

/** Gaussian w (m × d_in), a (d × m) and x (n × d_in) drawn from `seed`, with the generator for the probes after them. */
function problem(seed: string, n: number, dIn: number, m: number, d: number): Problem {
  const rng = new Rng(seed);
  return { rng, w: gaussian(rng, m, dIn, 1), a: gaussian(rng, d, m, 1), x: gaussian(rng, n, dIn, 1) };
}

/** `h` (of p's w, a and x) has size n·d and gives the literal sums for `probes` Gaussian v; then it is disposed. */
function expectLiteral(h: ReturnType<typeof softmaxGramProduct>, { rng, w, a, x }: Problem, probes: number): void {
  try {
    expect(h.size).toBe(x.rows * a.rows);
    for (let probe = 0; probe < probes; probe++) {
      const v = Float64Array.from({ length: h.size }, () => rng.normal());
      const out = new Float64Array(h.size);
      h.matvec(v, out);
      expect(out).toBeAllClose(literal(w, a, x, v), TOLERANCES.float64);
    }
  } finally {
    h.dispose();
  }
}

describe('softmaxGramProduct: H·v of Definition 3.6 without forming H', () => {
  // Shapes: m odd (padded to even) and even, d of 1–8 (the kernel's dots four ℓ at a time: d = 4, 5 and 8 fill a
  // group, 1–3, 5 and 7 leave part of one), d_in of 1–8, n odd (pass1's rows in pairs, an odd last one alone) and even
  it.each([
    [1, 1, 2, 1],
    [5, 2, 7, 3],
    [6, 3, 8, 2],
    [4, 4, 9, 1],
    [3, 1, 1, 2],
    [3, 2, 5, 4],
    [2, 3, 6, 5],
    [7, 8, 11, 8],
    [1, 1, 3, 7],
  ])('n = %i, d_in = %i, m = %i, d = %i: the literal sums of Definition 3.6 to float64 rounding', (n, dIn, m, d) => {
    const p = problem(`sgp-${n}-${dIn}-${m}-${d}`, n, dIn, m, d);
    expectLiteral(softmaxGramProduct({ w: p.w, a: p.a, x: p.x }), p, 2);
  });

  it('linear, symmetric and positive semi-definite: ⟨u, Hv⟩ = ⟨Hu, v⟩, ⟨v, Hv⟩ ≥ 0, H(αu + v) = αHu + Hv', () => {
    const rng = new Rng('sgp-identities');
    const [n, dIn, m, d] = [12, 3, 33, 4];
    const h = softmaxGramProduct({
      w: gaussian(rng, m, dIn, 2),
      a: gaussian(rng, d, m, 1),
      x: gaussian(rng, n, dIn, 1),
    });
    const vec = () => Float64Array.from({ length: n * d }, () => rng.normal());
    const apply = (v: Float64Array) => {
      const out = new Float64Array(n * d);
      h.matvec(v, out);
      return out;
    };
    const dot = (p: Float64Array, q: Float64Array) => p.reduce((t, pk, k) => t + pk * q[k]!, 0);
    const [u, v] = [vec(), vec()];
    const [Hu, Hv] = [apply(u), apply(v)];
    const scale = Math.sqrt(dot(Hu, Hu) * dot(u, u));
    expect(Math.abs(dot(u, Hv) - dot(Hu, v))).toBeLessThan(1e-13 * scale);
    expect(dot(v, Hv)).toBeGreaterThanOrEqual(0);
    const combo = apply(u.map((uk, k) => 2.5 * uk + v[k]!));
    expect(combo).toBeAllClose(
      Hu.map((hk, k) => 2.5 * hk + Hv[k]!),
      TOLERANCES.float64,
    );
    // a second product of the same v is bitwise the first (Uᵀ is zeroed, nothing carries over)
    expect(Array.from(apply(v))).toEqual(Array.from(Hv));
    h.dispose();
  });

  // Killed here: the row maximum subtracted before exp (added instead, every logit past ~355 overflows).
  it('logits up to ~±900, past float64’s exp range (≈ 709.8): still the literal sums, finite', () => {
    const rng = new Rng('sgp-large');
    const [n, dIn, m, d] = [4, 3, 10, 2];
    const w = gaussian(rng, m, dIn, 600);
    const x = gaussian(rng, n, dIn, 1);
    let top = 0;
    for (let i = 0; i < n; i++)
      for (let r = 0; r < m; r++) {
        let z = 0;
        for (let k = 0; k < dIn; k++) z += x.data[i * dIn + k]! * w.data[r * dIn + k]!;
        top = Math.max(top, Math.abs(z));
      }
    expect(top).toBeGreaterThan(710); // the premise
    const a = gaussian(rng, d, m, 1);
    const h = softmaxGramProduct({ w, a, x });
    const v = Float64Array.from({ length: n * d }, () => rng.normal());
    const out = new Float64Array(n * d);
    h.matvec(v, out);
    expect(out.every(Number.isFinite)).toBe(true);
    expect(out).toBeAllClose(literal(w, a, x, v), TOLERANCES.float64);
    h.dispose();
  });

  // Killed here: the layout (each array's size and its 16-byte rounding, the total) through `bytes`, the memory given
  // back on dispose() (once: a second dispose() gives nothing back twice), and the size named when S cannot fit.
  it('bytes: S, a, X, P, v, Uᵀ, a row and out (m padded to even), each rounded up to 16 bytes; the memory back on dispose(), once', () => {
    const [n, dIn, m, d] = [3, 1, 5, 1];
    const rng = new Rng('sgp-bytes');
    const h = softmaxGramProduct({
      w: gaussian(rng, m, dIn, 1),
      a: gaussian(rng, d, m, 1),
      x: gaussian(rng, n, dIn, 1),
    });
    // m = 5 padded to 6: float64 counts 18, 6, 3, 3, 3, 6, 6, 3, each rounded up to an even count (16 bytes):
    // 18, 6, 4, 4, 4, 6, 6, 4
    expect(h.bytes).toBe(8 * (18 + 6 + 4 + 4 + 4 + 6 + 6 + 4));
    h.dispose();
    // the memory given back is the one handed out next for as many bytes (the largest this file releases, holding S)
    const larger = softmaxGramProduct({
      w: gaussian(rng, 256, 1, 1),
      a: gaussian(rng, 1, 256, 1),
      x: gaussian(rng, 64, 1, 1),
    });
    larger.dispose();
    larger.dispose(); // nothing given back twice
    const k = acquireKernels('prod', larger.bytes, 'test');
    const l = acquireKernels('prod', larger.bytes, 'test');
    try {
      expect(l).not.toBe(k);
      // S's first entry (a softmax weight, > 0) is still there: this is the released memory, not a fresh one
      expect(f64View(k, KERNELS_BASE, 1)[0]).toBeGreaterThan(0);
    } finally {
      releaseKernels('prod', k);
      releaseKernels('prod', l);
    }
    // S alone past WebAssembly's 4 GiB (n = m = 32768: 8 GiB of float64s): refused before any memory is touched
    const big = { rows: 32768, cols: 1, data: new Float64Array(32768) };
    expect(() =>
      softmaxGramProduct({ w: big, a: { rows: 1, cols: 32768, data: new Float64Array(32768) }, x: big }),
    ).toThrow(/softmax Gram product of n = 32768, d = 1, m = 32768/);
  });

  // Killed here: the padding of an odd m (S's zero column, a's zero pair) assumed zero instead of written: a memory
  // used before holds whatever its last user left there.
  it('odd m in a reused memory full of NaN: the padding is written, the product is the literal sums', () => {
    const p = problem('sgp-reused', 5, 2, 7, 3);
    const { w, a, x } = p;
    const probe = softmaxGramProduct({ w, a, x });
    const bytes = probe.bytes;
    probe.dispose();
    // every instance the pool can hand out (it keeps two), poisoned past the module's page and given back: the next
    // product gets one of them
    const held = [acquireKernels('prod', bytes, 'test'), acquireKernels('prod', bytes, 'test')];
    for (const k of held) new Float64Array(k.memory.buffer, KERNELS_BASE).fill(NaN);
    for (const k of held) releaseKernels('prod', k);
    expectLiteral(softmaxGramProduct({ w, a, x }), p, 1);
  });

  it('bad shapes and vectors are refused naming the argument; no use after dispose()', () => {
    const w = matrix(3, 2, new Float64Array(6));
    const a = matrix(2, 3, new Float64Array(6));
    const x = matrix(4, 2, new Float64Array(8));
    expect(() => softmaxGramProduct({ w: matrix(3, 1, new Float64Array(3)), a, x })).toThrow(
      exactMessage('invalid argument: w: must be 3 × 2, got 3 × 1'),
    );
    expect(() => softmaxGramProduct({ w, a: matrix(2, 4, new Float64Array(8)), x })).toThrow(
      exactMessage('invalid argument: a: must be 2 × 3, got 2 × 4'),
    );
    expect(() => softmaxGramProduct({ w, a, x: { rows: 4, cols: 2, data: new Float64Array(7) } })).toThrow(
      exactMessage('invalid argument: x: must be 4 × 2, got 4 × 2'),
    );
    const h = softmaxGramProduct({ w, a, x });
    expect(() => h.matvec(new Float64Array(7), new Float64Array(8))).toThrow(
      exactMessage('invalid argument: v: must hold n·d = 8 values, got 7'),
    );
    expect(() => h.matvec(new Float64Array(8), new Float64Array(9))).toThrow(
      exactMessage('invalid argument: out: must hold n·d = 8 values, got 9'),
    );
    h.dispose();
    expect(() => h.matvec(new Float64Array(8), new Float64Array(8))).toThrow(
      exactMessage('SoftmaxGramProduct: used after dispose()'),
    );
  });
});
