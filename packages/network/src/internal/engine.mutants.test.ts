/**
 * Tests written from the mutation run (bench/results/mutation): the gradient-descent engine of Definition 3.5 and
 * the power iteration for λ_max(J·Jᵀ), pinned in milliseconds against the float64 reference of the paper
 * (`@softmax-ntk/reference`: the loss and the gradient of Definitions 3.2–3.3 as literal sums, the Gram matrix of
 * Definition 3.6 for J·Jᵀ).
 */
import * as tf from '@tensorflow/tfjs-core';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { initBackend, toRows, transpose, type Matrix, type SoftmaxGradient64Options } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { makeEngine, powerIteration, type Engine } from './engine';
import { randomProblem } from '../../test/fixtures';
import type { Precision } from '../network/activation';

beforeAll(async () => {
  await initBackend();
});

const ACTIVATIONS = ['softmax', 'relu', 'exp'] as const;
type Act = (typeof ACTIVATIONS)[number];

const problem = (activation: Act, seed = 7) => randomProblem({ n: 5, dIn: 3, dOut: 2, m: 6, seed, activation });

/** `w` plus a fixed, row-dependent offset: a W(τ) away from W(0), so that every neuron's change differs. */
function moved(w: Matrix): Matrix {
  return { ...w, data: w.data.map((v, k) => v + 0.05 * Math.sin(1 + 3 * k)) };
}

/** A d-row matrix's rows as arrays: the per-neuron vectors w_r of an m × d_in matrix. */
const maxRowNorm = (w: Matrix) => Math.max(...toRows(w).map((r) => Math.hypot(...r)));
const minus = (a: Matrix, b: Matrix, s = 1): Matrix => ({
  ...a,
  data: a.data.map((v, k) => v - s * (b.data[k] as number)),
});

function engine(
  activation: Act,
  opts: { precision?: Precision; eta?: number; momentum?: number; velocity?: Matrix; seed?: number } = {},
): { e: Engine; p: ReturnType<typeof problem>; w: Matrix } {
  const p = problem(activation, opts.seed);
  const w = moved(p.w);
  const e = makeEngine({
    problem: p,
    precision: opts.precision ?? 'float64',
    eta: opts.eta ?? 0.1,
    momentum: opts.momentum ?? 0,
    w0: p.w,
    w,
    velocity: opts.velocity,
  });
  return { e, p, w };
}

describe('Definition 3.5: one gradient-descent step of the engine (float64) against the reference', () => {
  for (const activation of ACTIVATIONS) {
    it(`${activation}: L(τ), max_r ‖w_r(τ) − w_r(0)‖, max_r η‖Δw_r‖ and W(τ+1) = W(τ) − η·ΔW(τ)`, () => {
      const { e, p, w } = engine(activation, { eta: 0.1 });
      expect(e.precision).toBe('float64');
      expect(Array.from(e.weights().data)).toEqual(Array.from(w.data));
      expect(e.previousWeights()).toBeUndefined();
      expect(e.velocity()).toBeUndefined();
      expect(() => e.advance()).toThrow(/^advance\(\) before evaluate\(\)$/);
      const net = { ...p, w };
      const g = reference.gradient(net);
      const stats = e.evaluate();
      expect(stats.loss).toBeAllClose(reference.loss(net), TOLERANCES.float64);
      expect(stats.maxWeightChange).toBeAllClose(maxRowNorm(minus(w, p.w)), TOLERANCES.float64);
      expect(stats.maxStepNorm).toBeAllClose(0.1 * maxRowNorm(g), TOLERANCES.float64);
      // evaluate() does not commit the step
      expect(Array.from(e.weights().data)).toEqual(Array.from(w.data));
      e.advance();
      const w1 = minus(w, g, 0.1);
      expect(toRows(e.weights())).toBeAllClose(toRows(w1), TOLERANCES.float64);
      expect(Array.from(e.previousWeights()?.data ?? [])).toEqual(Array.from(w.data));
      expect(e.velocity()).toBeUndefined();
      // the committed step is consumed: a second advance needs a new evaluate
      expect(() => e.advance()).toThrow(/^advance\(\) before evaluate\(\)$/);
      // the next evaluation is at W(τ+1)
      expect(e.evaluate().loss).toBeAllClose(reference.loss({ ...p, w: e.weights() }), TOLERANCES.float64);
      e.dispose();
      expect(() => e.advance()).toThrow(/^advance\(\) before evaluate\(\)$/);
    });
  }

  it('heavy ball: V(τ+1) = μ·V(τ) − η·ΔW(τ), W(τ+1) = W(τ) + V(τ+1), from a given velocity and from zero', () => {
    const p0 = problem('relu');
    const v0: Matrix = { ...p0.w, data: p0.w.data.map((_, k) => 0.01 * Math.cos(k)) };
    const { e, p, w } = engine('relu', { eta: 0.1, momentum: 0.7, velocity: v0 });
    expect(Array.from(e.velocity()?.data ?? [])).toEqual(Array.from(v0.data));
    const g = reference.gradient({ ...p, w });
    const stats = e.evaluate();
    expect(stats.maxStepNorm).toBeAllClose(0.1 * maxRowNorm(g), TOLERANCES.float64);
    e.advance();
    const v1 = { ...g, data: g.data.map((gk, k) => 0.7 * (v0.data[k] as number) - 0.1 * gk) };
    expect(toRows(e.velocity() as Matrix)).toBeAllClose(toRows(v1), TOLERANCES.float64);
    expect(toRows(e.weights())).toBeAllClose(toRows(minus(w, v1, -1)), TOLERANCES.float64);

    const z = engine('relu', { eta: 0.1, momentum: 0.7 }).e;
    expect(Array.from(z.velocity()?.data ?? [])).toEqual(new Array(p.w.data.length).fill(0));
    z.evaluate();
    z.advance();
    expect(toRows(z.velocity() as Matrix)).toBeAllClose(
      toRows({ ...g, data: g.data.map((v) => -0.1 * v) }),
      TOLERANCES.float64,
    );
    expect(toRows(z.weights())).toBeAllClose(toRows(minus(w, g, 0.1)), TOLERANCES.float64);
  });
});

describe('the float32 softmax engine rounds as float32 tensors would', () => {
  /** A fixed ΔWᵀ (d_in × m) and loss in place of the fused kernel, recording what the engine passed it. */
  function fixedStep(calls: SoftmaxGradient64Options[]) {
    return (o: SoftmaxGradient64Options) => {
      calls.push(o);
      const g = { rows: o.wt.rows, cols: o.wt.cols, data: o.wt.data.map((_, k) => Math.fround(0.3 + 0.1 * k)) };
      return { loss: 1.25, gradient: g, f: o.y };
    };
  }

  it('W(0), η, μ, V and each update W − η·ΔW / μ·V − η·ΔW rounded to float32; the kernel gets Wᵀ, x, a, y and c = m', () => {
    for (const momentum of [0, 0.7]) {
      const p = problem('softmax');
      const w = moved(p.w);
      const v0: Matrix = { ...p.w, data: p.w.data.map((_, k) => 0.01 * Math.cos(k)) };
      const calls: SoftmaxGradient64Options[] = [];
      const eta = 0.1; // not a float32: round(η) ≠ η
      const e = makeEngine({
        problem: p,
        precision: 'float32',
        eta,
        momentum,
        w0: p.w,
        w,
        velocity: momentum > 0 ? v0 : undefined,
        gradient32: fixedStep(calls),
        gradient64: () => {
          throw new Error('the float32 engine must not call the float64 kernel');
        },
      });
      expect(e.precision).toBe('float32');
      const f = Math.fround;
      const wt = transpose(w).data.map(f);
      expect(Array.from(transpose(e.weights()).data)).toEqual(Array.from(wt));
      const stats = e.evaluate();
      expect(calls.length).toBe(1);
      const c = calls[0] as SoftmaxGradient64Options;
      expect([c.x, c.a, c.y, c.scale]).toEqual([p.x, p.a, p.y, 6]);
      expect(Array.from(c.wt.data)).toEqual(Array.from(wt));
      expect([c.wt.rows, c.wt.cols]).toEqual([3, 6]);
      expect(stats.loss).toBe(1.25);
      const g = wt.map((_, k) => f(0.3 + 0.1 * k));
      // maxWeightChange: ‖round(w_r) − round(w_r(0))‖ per neuron (columns of Wᵀ)
      const wt0 = transpose(p.w).data.map(f);
      const col = (d: ArrayLike<number>, r: number) => Math.hypot(...[0, 1, 2].map((k) => d[k * 6 + r] as number));
      const diff = wt.map((v, k) => v - (wt0[k] as number));
      expect(stats.maxWeightChange).toBeAllClose(
        Math.max(...[0, 1, 2, 3, 4, 5].map((r) => col(diff, r))),
        TOLERANCES.float64,
      );
      expect(stats.maxStepNorm).toBeAllClose(
        f(eta) * Math.max(...[0, 1, 2, 3, 4, 5].map((r) => col(g, r))),
        TOLERANCES.float64,
      );
      e.advance();
      let nw: Float64Array;
      if (momentum > 0) {
        const vt = transpose(v0).data.map(f);
        const nv = vt.map((v, k) => f(f(f(momentum) * v) - f(f(eta) * (g[k] as number))));
        nw = wt.map((v, k) => f(v + (nv[k] as number)));
        expect(Array.from(transpose(e.velocity() as Matrix).data)).toEqual(Array.from(nv));
      } else {
        nw = wt.map((v, k) => f(v - f(f(eta) * (g[k] as number))));
      }
      expect(Array.from(transpose(e.weights()).data)).toEqual(Array.from(nw));
    }
  });
});

describe('the float32 tfjs engine (relu, exp) against the float64 reference', () => {
  for (const activation of ['relu', 'exp'] as const) {
    it(`${activation}: stats and one step with and without momentum to float32 accuracy; its tensors are freed`, () => {
      const before = tf.memory().numTensors;
      const { e, p, w } = engine(activation, { precision: 'float32', eta: 0.1 });
      expect(e.precision).toBe('float32');
      // the tfjs engine holds X, Xᵀ, Y, a, aᵀ, W(0), η, μ and W as tensors until dispose (not the Float64Array one)
      expect(tf.memory().numTensors).toBe(before + 9);
      expect(e.previousWeights()).toBeUndefined();
      expect(e.velocity()).toBeUndefined();
      expect(() => e.advance()).toThrow(/^advance\(\) before evaluate\(\)$/);
      const net = { ...p, w };
      const g = reference.gradient(net);
      // evaluate twice: the first candidate step is freed, not leaked
      e.evaluate();
      const stats = e.evaluate();
      expect(stats.loss).toBeAllClose(reference.loss(net), TOLERANCES.float32);
      expect(stats.maxWeightChange).toBeAllClose(maxRowNorm(minus(w, p.w)), TOLERANCES.float32);
      expect(stats.maxStepNorm).toBeAllClose(0.1 * maxRowNorm(g), TOLERANCES.float32);
      e.advance();
      expect(toRows(e.weights())).toBeAllClose(toRows(minus(w, g, 0.1)), TOLERANCES.float32);
      expect(toRows(e.previousWeights() as Matrix)).toBeAllClose(toRows(w), TOLERANCES.float32);
      expect(() => e.advance()).toThrow(/^advance\(\) before evaluate\(\)$/);
      e.evaluate();
      e.advance();
      e.evaluate();
      e.dispose();
      expect(tf.memory().numTensors).toBe(before);

      const v0: Matrix = { ...p.w, data: p.w.data.map((_, k) => 0.01 * Math.cos(k)) };
      const h = engine(activation, { precision: 'float32', eta: 0.1, momentum: 0.7, velocity: v0 }).e;
      expect(toRows(h.velocity() as Matrix)).toBeAllClose(toRows(v0), TOLERANCES.float32);
      h.evaluate();
      h.advance();
      const v1 = { ...g, data: g.data.map((gk, k) => 0.7 * (v0.data[k] as number) - 0.1 * gk) };
      expect(toRows(h.velocity() as Matrix)).toBeAllClose(toRows(v1), TOLERANCES.float32);
      expect(toRows(h.weights())).toBeAllClose(toRows(minus(w, v1, -1)), TOLERANCES.float32);
      h.dispose();
      const z = engine(activation, { precision: 'float32', eta: 0.1, momentum: 0.7 }).e;
      expect(Array.from(z.velocity()?.data ?? [])).toEqual(new Array(p.w.data.length).fill(0));
      z.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('powerIteration: the Rayleigh quotients of power iteration on J·Jᵀ', () => {
  /** J·Jᵀ (n·d_out square, index i·d_out + ℓ as v is laid out) from the reference Gram matrix (Definition 3.6). */
  function jjt(p: ReturnType<typeof problem>, w: Matrix): number[][] {
    const H = reference.gram({ ...p, w });
    const n = p.x.rows,
      d = p.a.rows;
    // softmax: H = (1/m)·J·Jᵀ (the paper's normalisation); the baselines' H is J·Jᵀ itself
    const s = p.activation === 'softmax' ? p.w.rows : 1;
    const idx = (k: number) => (k % d) * n + Math.floor(k / d);
    return Array.from({ length: n * d }, (_, k) =>
      Array.from({ length: n * d }, (_, l) => s * (H.data[idx(k) * H.cols + idx(l)] as number)),
    );
  }
  /** λ_k = ‖Jᵀv_k‖² = v_kᵀ(JJᵀ)v_k with v_0 = start/‖start‖, v_{k+1} = JJᵀv_k/‖JJᵀv_k‖: the recurrence on the dense matrix. */
  function dense(K: number[][], start: ArrayLike<number>, iterations: number): number {
    let v = Array.from(start);
    let lambda = 0;
    for (let k = 0; k < iterations; k++) {
      const nv = Math.hypot(...v);
      v = v.map((x) => x / nv);
      const Kv = K.map((row) => row.reduce((s, x, j) => s + x * (v[j] as number), 0));
      lambda = Kv.reduce((s, x, j) => s + x * (v[j] as number), 0);
      v = Kv;
    }
    return lambda;
  }
  const start = (p: ReturnType<typeof problem>): Matrix => ({
    rows: p.x.rows,
    cols: p.a.rows,
    data: new Float64Array(p.x.rows * p.a.rows).map((_, k) => 1 + 0.3 * Math.sin(2 * k)),
  });

  for (const activation of ACTIVATIONS) {
    for (const precision of ['float64', 'float32'] as const) {
      it(`${activation}, ${precision}: 1, 2 and 5 iterations`, () => {
        const p = problem(activation, 11);
        const w = moved(p.w);
        const K = jjt(p, w);
        const tol = TOLERANCES[precision];
        for (const iterations of [1, 2, 5]) {
          const got = powerIteration({ problem: p, w, precision, iterations, start: start(p) });
          expect(got).toBeAllClose(dense(K, start(p).data, iterations), tol);
          // float32 runs on tfjs: its ‖Jᵀv‖² is a float32 value (the float64 path's almost never is)
          expect(Math.fround(got) === got).toBe(precision === 'float32');
        }
        expect(powerIteration({ problem: p, w, precision, iterations: 0, start: start(p) })).toBe(0);
      });
    }
  }

  it('float32 stops at a non-finite quotient and returns it (exp logits beyond float32’s ~88.7 overflow)', () => {
    const p = problem('exp');
    const w = { ...p.w, data: p.w.data.map((v) => 400 * v) };
    const got = powerIteration({ problem: p, w, precision: 'float32', iterations: 3, start: start(p) });
    expect(Number.isFinite(got)).toBe(false);
  });

  it('J = 0 (a = 0) gives 0 in both precisions, without a 0/0', () => {
    const p = problem('relu');
    const zero = { ...p, a: { ...p.a, data: new Float64Array(p.a.data.length) } };
    for (const precision of ['float64', 'float32'] as const)
      expect(powerIteration({ problem: zero, w: p.w, precision, iterations: 3, start: start(p) })).toBe(0);
  });
});
