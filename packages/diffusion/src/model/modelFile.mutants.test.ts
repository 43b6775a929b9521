import { fromRows, type Matrix } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES, exactMessage } from '@softmax-ntk/test-helpers';
import type { DiffusionModel } from './model';
import { createScoreModel, ModelError, parseModel, serializeModel } from './modelFile';

/** Counts the tfjs backend initialisations (the real one runs). */
const mockBackendInits = { calls: 0 };
jest.mock('@softmax-ntk/linalg', () => {
  const actual = jest.requireActual<typeof import('@softmax-ntk/linalg')>('@softmax-ntk/linalg');
  return {
    ...actual,
    initBackend: (...args: Parameters<typeof actual.initBackend>) => {
      mockBackendInits.calls += 1;
      return actual.initBackend(...args);
    },
  };
});

// What the model-file tests (trained fixtures, all of kind "nn") leave open, on hand-written model files (m = 4,
// d = 2, no training): each refusal's whole message, the boundaries of t0 < T and R ≥ c_t·t0/T, the ntk kind, and
// the score, raw output and Jacobian-vector products of createScoreModel against the literal reference network.

const BETA = 2; // constant schedule g ≡ β: α_t = e^{−βt/2}, σ_t² = 1 − α_t²
const T = 2;
const T0 = 0.25;
const R = 1.5;
const W = [
  [0.3, -0.2, 0.5],
  [-0.4, 0.1, 0.2],
  [0.6, 0.7, -0.3],
  [-0.1, -0.5, 0.4],
];
const A = [
  [0.5, -0.25, 0.75, -1],
  [-0.5, 1, 0.25, -0.75],
];
const U = [
  [0.2, 0.1, -0.3],
  [0.05, -0.4, 0.3],
  [-0.2, 0.25, 0.1],
  [0.3, -0.1, -0.2],
];

/** A valid model file: kind nn, x0, the paper's input (no `input` field), R = 1.5. */
function file(): DiffusionModel {
  return {
    format: 'softmax-ntk/diffusion-model',
    version: 1,
    kind: 'nn',
    parameterization: 'x0',
    schedule: { kind: 'constant', beta: BETA },
    t0: T0,
    T,
    target: { type: 'named', name: '8-gaussians' },
    normalization: { shift: [0, 0], scale: 1 },
    inputScale: R,
    seed: 0,
    network: { activation: 'softmax', w: W.map((r) => [...r]), a: A.map((r) => [...r]) },
    training: { n: 1, numNeurons: 4, sigma: 1, finalLoss: 0, precision: 'float64', seconds: 0 },
  };
}

/** parseModel of the valid file after `edit`. */
function parsed(edit: (m: DiffusionModel) => void): () => DiffusionModel {
  const m = structuredClone(file());
  edit(m);
  return () => parseModel(m);
}

const x: Matrix = { rows: 3, cols: 2, data: Float64Array.from([0.1, 0.2, -0.3, 0.4, 0.5, -0.6]) };
const alpha = (t: number) => Math.exp((-BETA * t) / 2);

/** The paper's network input (t/T, x)/R, n × 3. */
function paperInput(t: number, pts: Matrix): Matrix {
  const out = new Float64Array(pts.rows * 3);
  for (let i = 0; i < pts.rows; i++) {
    out[3 * i] = t / T / R;
    out[3 * i + 1] = pts.data[2 * i]! / R;
    out[3 * i + 2] = pts.data[2 * i + 1]! / R;
  }
  return { rows: pts.rows, cols: 3, data: out };
}

/** F by the literal reference: the network (nn) or J(x)·U by central differences along U (ntk). */
function referenceF(kind: 'nn' | 'ntk', input: Matrix, a: number[][] = A): Matrix {
  const net = { w: fromRows(W), a: fromRows(a), x: input };
  if (kind === 'nn') return reference.forward(net);
  const h = 1e-5;
  const shifted = (s: number) =>
    reference.forward({ ...net, w: fromRows(W.map((r, i) => r.map((v, j) => v + s * h * U[i]![j]!))) });
  const plus = shifted(1);
  const minus = shifted(-1);
  return { rows: plus.rows, cols: plus.cols, data: plus.data.map((v, k) => (v - minus.data[k]!) / (2 * h)) };
}

/** Tweedie's score (α F − x)/σ² of an x(0) prediction F. */
function tweedie(t: number, F: Matrix, pts: Matrix): number[] {
  const al = alpha(t);
  return Array.from(F.data, (f, k) => (al * f - pts.data[k]!) / (1 - al * al));
}

describe('createScoreModel: the score of a model file against the literal reference', () => {
  // first in the file: the float32 default initialises the backend itself
  it('precision defaults to float32: the same numbers as an explicit float32, within float32 accuracy of float64', async () => {
    const t = 0.7;
    const byDefault = await createScoreModel(file());
    const f32 = await createScoreModel(file(), { precision: 'float32' });
    const f64 = await createScoreModel(file(), { precision: 'float64' });
    const s = byDefault.score.score(t, x).data;
    expect(Array.from(s)).toEqual(Array.from(f32.score.score(t, x).data));
    expect(Array.from(byDefault.predict(t, x).data)).toEqual(Array.from(f32.predict(t, x).data));
    // float32 rounding of the network output: the two precisions differ, within float32 accuracy
    const p64 = f64.predict(t, x).data;
    expect(Array.from(byDefault.predict(t, x).data)).not.toEqual(Array.from(p64));
    expect(byDefault.predict(t, x).data).toBeAllClose(p64, TOLERANCES.float32);
  });

  it('float32 initialises the tfjs backend its forward pass runs on; float64 does not', async () => {
    const before = mockBackendInits.calls;
    await createScoreModel(file(), { precision: 'float64' });
    expect(mockBackendInits.calls).toBe(before);
    await createScoreModel(file(), { precision: 'float32' });
    expect(mockBackendInits.calls).toBe(before + 1);
  });

  it.each(['nn', 'ntk'] as const)(
    '%s, the paper’s input: predict is F((t/T, x)/R) and the score (α F − x)/σ², unclipped by default',
    async (kind) => {
      const m = file();
      if (kind === 'ntk') Object.assign(m, { kind, network: { ...m.network, u: U } });
      const { score, predict, schedule } = await createScoreModel(parseModel(m), { precision: 'float64' });
      expect([schedule.T, schedule.alpha(0.7)]).toBeAllClose([T, alpha(0.7)], TOLERANCES.float64);
      const tol = kind === 'nn' ? TOLERANCES.float64 : TOLERANCES.finiteDifference;
      for (const t of [0.3, 1.1]) {
        const F = referenceF(kind, paperInput(t, x));
        expect(predict(t, x).data).toBeAllClose(F.data, tol);
        expect(score.score(t, x).data).toBeAllClose(tweedie(t, F, x), tol);
      }
    },
  );

  it.each(['nn', 'ntk'] as const)(
    '%s: the score’s Jacobian-vector products are central differences of its score',
    async (kind) => {
      const m = file();
      if (kind === 'ntk') Object.assign(m, { kind, network: { ...m.network, u: U } });
      const { score } = await createScoreModel(m, { precision: 'float64' });
      const V: Matrix = { rows: 3, cols: 2, data: Float64Array.from([1, -0.5, 0.25, 2, -1, 0.75]) };
      const t = 0.6;
      const r = score.jvp!(t, x, [V]);
      expect(r.score.data).toBeAllClose(score.score(t, x).data, TOLERANCES.float64);
      const h = 1e-5;
      const along = (s: number) => score.score(t, { ...x, data: x.data.map((v, k) => v + s * h * V.data[k]!) }).data;
      const plus = along(1);
      const minus = along(-1);
      const fd = plus.map((v, k) => (v - minus[k]!) / (2 * h));
      expect(r.jvp[0]!.data).toBeAllClose(fd, TOLERANCES.finiteDifference);
    },
  );

  it('inputs other than the paper’s clip the x(0) prediction to the unit ball by default; clipRadius null leaves it raw', async () => {
    // c_t = 3, no preconditioning: input (3t/T, x)/R; a large a makes ‖F‖ > 1 on every row
    const big = A.map((r) => r.map((v) => 40 * v));
    const m = {
      ...file(),
      input: { timeScale: 3, secondMoment: null },
      network: { activation: 'softmax' as const, w: W, a: big },
    };
    const t = 0.5;
    const input = paperInput(t, x);
    for (let i = 0; i < 3; i++) input.data[3 * i] = (3 * t) / T / R;
    const F = referenceF('nn', input, big);
    const norms = [0, 1, 2].map((i) => Math.hypot(F.data[2 * i]!, F.data[2 * i + 1]!));
    expect(Math.min(...norms)).toBeGreaterThan(1);
    const projected = { ...F, data: F.data.map((v, k) => v / norms[k >> 1]!) };
    const byDefault = await createScoreModel(m, { precision: 'float64' });
    expect(byDefault.score.score(t, x).data).toBeAllClose(tweedie(t, projected, x), TOLERANCES.float64);
    const raw = await createScoreModel(m, { precision: 'float64', clipRadius: null });
    expect(raw.score.score(t, x).data).toBeAllClose(tweedie(t, F, x), TOLERANCES.float64);
    // the raw output is never clipped
    expect(byDefault.predict(t, x).data).toBeAllClose(F.data, TOLERANCES.float64);
  });
});

describe('parseModel and serializeModel: exact refusals and boundaries', () => {
  it('serializeModel is one JSON line ending in a newline; ModelError is named so', () => {
    const text = serializeModel(file());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect(parseModel(JSON.parse(text))).toEqual(file());
    const e = new ModelError('network.w', 'bad');
    expect([e.name, e.message]).toEqual(['ModelError', 'network.w: bad']);
  });

  it('matrix shapes: ragged rows, W’s columns ≠ d + 1, a not d × m, U missing or not m × (d + 1)', () => {
    expect(parsed((m) => m.network.w[1]!.pop())).toThrow(
      exactMessage('network.w[1]: expected 3 numbers (as row 0 has), got 2'),
    );
    expect(parsed((m) => m.network.w.forEach((r: number[]) => r.push(0)))).toThrow(
      exactMessage('network.w: expected 4 × 3, got 4 × 4'),
    );
    expect(parsed((m) => m.network.a.push([1, 2, 3, 4]))).toThrow(exactMessage('network.a: expected 2 × 4, got 3 × 4'));
    expect(parsed((m) => m.network.a.forEach((r: number[]) => r.pop()))).toThrow(
      exactMessage('network.a: expected 2 × 4, got 2 × 3'),
    );
    expect(parsed((m) => (m.kind = 'ntk'))).toThrow(
      exactMessage('network.u: missing (expected an m × (d+1) array for an ntk model)'),
    );
    expect(parsed((m) => Object.assign(m, { kind: 'ntk', network: { ...m.network, u: U.slice(1) } }))).toThrow(
      exactMessage('network.u: expected 4 × 3, got 3 × 3'),
    );
    expect(parsed((m) => Object.assign(m, { kind: 'ntk', network: { ...m.network, u: U } }))().network.u).toEqual(U);
    // an nn file's stray U is not checked (it is never used)
    expect(parsed((m) => (m.network.u = [[1]]))().kind).toBe('nn');
    const error = (() => {
      try {
        parsed((m) => m.network.w[1]!.pop())();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).name).toBe('ModelError');
  });

  it('residual needs skipSecondMoment; t0 must be below T', () => {
    expect(parsed((m) => (m.parameterization = 'residual'))).toThrow(
      exactMessage('skipSecondMoment: missing (expected a finite number > 0 for the residual parameterisation)'),
    );
    expect(
      parsed((m) => Object.assign(m, { parameterization: 'residual', skipSecondMoment: 0.5 }))().skipSecondMoment,
    ).toBe(0.5);
    // a stray skipSecondMoment on another parameterisation is kept, not refused
    expect(parsed((m) => (m.skipSecondMoment = 0.5))().parameterization).toBe('x0');
    expect(parsed((m) => (m.t0 = T))).toThrow(exactMessage('t0: expected a number smaller than T = 2, got 2'));
    expect(parsed((m) => (m.t0 = 1.999))().t0).toBe(1.999);
  });

  it('R ≥ c_t·t0/T, at the boundary and just below it, with the paper’s c_t = 1 and with c_t = 3', () => {
    // t0/T = 0.125 exactly; 3·t0/T = 0.375 exactly
    expect(parsed((m) => (m.inputScale = 0.125))().inputScale).toBe(0.125);
    expect(parsed((m) => (m.inputScale = 0.124))).toThrow(
      exactMessage('inputScale: expected the largest input norm R to be at least c_t·t0/T = 0.125, got 0.124'),
    );
    const c3 = (r: number) =>
      parsed((m) => Object.assign(m, { input: { timeScale: 3, secondMoment: null }, inputScale: r }));
    expect(c3(0.375)().inputScale).toBe(0.375);
    expect(c3(0.374)).toThrow(
      exactMessage('inputScale: expected the largest input norm R to be at least c_t·t0/T = 0.375, got 0.374'),
    );
  });
});
