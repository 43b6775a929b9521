import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { initBackend, softmaxGradient32, toRows, transpose, type Matrix } from '@softmax-ntk/linalg';
import { train } from './trainNode';
import { train as trainNeutral } from './train';
import type { CheckpointState, CheckpointStore } from './types';
import { estimateLambdaMax } from './estimateLambdaMax';
import { gradient } from '../network/gradient';
import { jacobianVector } from '../network/jacobianVector';
import { makeProblem } from '../problem/makeProblem';
import { randomProblem } from '../../test/fixtures';

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'network-train-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = (activation: 'softmax' | 'relu' | 'exp' = 'softmax') =>
  makeProblem({ n: 8, dIn: 4, dOut: 4, numNeurons: 256, sigma: 1, seed: 1, activation }).problem;

/** Largest eigenvalue of a small symmetric matrix by cyclic Jacobi rotations (a dense reference). */
function jacobiMaxEigen(a: number[][]): number {
  const n = a.length;
  const A = a.map((r) => r.slice());
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (A[p]![q] as number) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p]![q] as number;
        if (apq === 0) continue;
        const theta = ((A[q]![q] as number) - (A[p]![p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k]![p] as number,
            akq = A[k]![q] as number;
          A[k]![p] = c * akp - s * akq;
          A[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p]![k] as number,
            aqk = A[q]![k] as number;
          A[p]![k] = c * apk - s * aqk;
          A[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Math.max(...A.map((r, i) => r[i] as number));
}

describe('Definition 3.5: gradient descent', () => {
  it('one step is W(1) = W(0) − η·ΔW(0) (float64)', async () => {
    const p = randomProblem({ n: 5, dIn: 3, dOut: 2, m: 6, seed: 40 });
    const r = await train({ problem: p, eta: 0.01, steps: 1 });
    const g = gradient(p);
    const expected = p.w.data.map((v, k) => v - 0.01 * (g.data[k] as number));
    // The trainer's float64 softmax step runs linalg's fused kernel (its own exp), `gradient` the unfused
    // products with Math.exp: equal to float64 rounding, not bit for bit — the default float64 tolerance.
    expect(r.w.data).toBeAllClose(expected);
    expect(r.status).toBe('budget');
    expect(r.steps).toBe(1);
    expect(r.history.step).toEqual([0, 1]);
  });

  for (const activation of ['softmax', 'relu', 'exp'] as const) {
    it(`${activation}: n = 8, d = 4, m = 256, σ = 1 (float64) drives the loss below 1e-8 of its start`, async () => {
      const p = small(activation);
      const r0 = (await train({ problem: p, steps: 0 })).loss;
      const r = await train({ problem: p, steps: 5000, epsilon: 1e-8 * r0 });
      expect(r.status).toBe('converged');
      expect(r.loss).toBeLessThanOrEqual(1e-8 * r0);
      expect(r.history.loss[0]).toBe(r0);
      expect(r.history.loss.length).toBe(r.steps + 1);
      // Monotone decrease with η = 1/λ_max (the quadratic model's stable regime).
      for (let k = 1; k < r.history.loss.length; k++)
        expect(r.history.loss[k]).toBeLessThanOrEqual(r.history.loss[k - 1] as number);
    });
  }

  // softmax: linalg's fused float32 kernel; relu and exp: the tfjs engine
  it.each(['softmax', 'relu', 'exp'] as const)(
    '%s: float32 and float64 trajectories agree to 1e-4 relative over 50 steps',
    async (activation) => {
      const p = small(activation);
      const a = await train({ problem: p, steps: 50 });
      const b = await train({ problem: p, steps: 50, precision: 'float32' });
      expect(b.eta).toBeAllClose(a.eta, TOLERANCES.float32);
      expect(b.history.loss).toBeAllClose(a.history.loss, TOLERANCES.float32);
      expect(toRows(b.w)).toBeAllClose(toRows(a.w), TOLERANCES.float32);
      // float32 weights (widened exactly), and not the float64 run's
      expect(b.w.data.every((v) => Math.fround(v) === v)).toBe(true);
      expect(b.w.data.some((v, k) => v !== a.w.data[k])).toBe(true);
    },
  );

  it('float32 softmax: each step is W − η·ΔW rounded to float32, ΔW from linalg’s softmaxGradient32', async () => {
    const p = small();
    const eta = 1e-4;
    const r = await train({ problem: p, steps: 2, eta, precision: 'float32', momentum: 0 });
    // two steps by hand on the same kernel: the engine must round W(0), η and each update as float32 tensors would
    let wt = transpose(p.w);
    wt = { ...wt, data: wt.data.map(Math.fround) };
    const e32 = Math.fround(eta);
    for (let s = 0; s < 2; s++) {
      const g = softmaxGradient32({ x: p.x, wt, a: p.a, y: p.y, scale: p.a.cols });
      wt = { ...wt, data: wt.data.map((v, k) => Math.fround(v - Math.fround(e32 * (g.gradient.data[k] as number)))) };
    }
    expect(Array.from(r.w.data)).toEqual(Array.from(transpose(wt).data));
  });

  it('heavy-ball momentum (beyond the paper) converges in fewer steps', async () => {
    const p = small();
    const plain = await train({ problem: p, steps: 5000, epsilon: 1e-6 });
    const hb = await train({ problem: p, steps: 5000, epsilon: 1e-6, momentum: 0.9 });
    expect(hb.status).toBe('converged');
    expect(hb.steps).toBeLessThan(plain.steps);
  });

  it('a loss above its start for 20 consecutive steps is reported as diverged', async () => {
    const p = small();
    // η = 4/λ_max: beyond the stable 2/λ_max; softmax outputs are bounded, so the loss stays finite.
    const r = await train({ problem: p, steps: 2000, etaScale: 4 });
    expect(r.status).toBe('diverged');
    expect(r.steps).toBe(21);
    expect(r.message).toMatch(
      /^diverged: the loss stayed above its starting value 2\.88\d+ for 20 consecutive steps \(step 21, loss /,
    );
    expect(r.history.loss.slice(2).every((l) => l > (r.history.loss[0] as number))).toBe(true);
    expect(r.history.loss.length).toBe(22);
  });

  it('a non-finite loss stops training and returns the last weights with a finite loss', async () => {
    const p = small('exp');
    const r = await train({ problem: p, steps: 2000, eta: 100 });
    expect(r.status).toBe('diverged');
    // +∞, not NaN: the exp network's F is computed in log space (issue #20), so the loss is non-finite only
    // because its true value exceeds the largest float64.
    expect(r.message).toBe(
      'diverged: the loss at step 2 is Infinity; returning W(1), the last weights with a finite loss',
    );
    expect(r.steps).toBe(1);
    expect(r.history.loss.length).toBe(2);
    expect(Array.from(r.w.data).every(Number.isFinite)).toBe(true);
    const again = await train({ problem: r.problem, steps: 0, eta: 1 });
    expect(again.loss).toBe(r.loss);
    expect(Number.isFinite(r.loss)).toBe(true);
  });

  it('validates its options', async () => {
    const p = small();
    await expect(train({ problem: p, steps: -1 })).rejects.toThrow(
      'invalid argument: steps: expected an integer ≥ 0, got -1',
    );
    await expect(train({ problem: p, steps: 1, eta: 0 })).rejects.toThrow(
      'invalid argument: eta: expected a finite number > 0, got 0',
    );
    await expect(train({ problem: p, steps: 1, momentum: 1 })).rejects.toThrow(
      'invalid argument: momentum: must be in [0, 1), got 1',
    );
    await expect(train({ problem: p, steps: 1, resume: true })).rejects.toThrow(
      'invalid argument: resume: needs `checkpointPath`, got none',
    );
  });
});

describe('automatic step size: η = c / λ_max(J Jᵀ)', () => {
  it('power iteration matches the largest eigenvalue of the dense J Jᵀ', async () => {
    const p = randomProblem({ n: 6, dIn: 3, dOut: 2, m: 12, seed: 41 });
    // Dense J (n·d_out × m·d_in) column by column from J·e_k.
    const cols: Float64Array[] = [];
    for (let k = 0; k < 12 * 3; k++) {
      const u: Matrix = { rows: 12, cols: 3, data: new Float64Array(36) };
      u.data[k] = 1;
      cols.push(jacobianVector({ ...p, u }).data);
    }
    const N = 12;
    const JJt = Array.from({ length: N }, (_, i) =>
      Array.from({ length: N }, (_, j) => cols.reduce((s, c) => s + (c[i] as number) * (c[j] as number), 0)),
    );
    const lmax = jacobiMaxEigen(JJt);
    // Power iteration converges like (λ2/λ1)^(2k); 200 iterations reach float64 accuracy here.
    expect(await estimateLambdaMax({ problem: p, iterations: 200 })).toBeAllClose(lmax, TOLERANCES.float64);
    // 20 iterations (the default) give a lower bound within 1% (size measured for this seed: 3e-5).
    const l20 = await estimateLambdaMax({ problem: p });
    expect(l20).toBeLessThanOrEqual(lmax * (1 + 1e-12));
    expect(l20).toBeGreaterThan(0.99 * lmax);
    const r = await train({ problem: p, steps: 0, etaScale: 0.5 });
    expect(r.eta).toBe(0.5 / (r.lambdaMax as number));
    expect(r.lambdaMax).toBe(l20);
  });

  it('a ≡ const (J = 0 exactly, so λ_max is rounding) is refused, naming eta, instead of η ≈ 1e32', async () => {
    const { problem } = makeProblem({ n: 16, dIn: 4, dOut: 4, numNeurons: 512, sigma: 1, seed: 3 });
    const p = { ...problem, a: { ...problem.a, data: new Float64Array(problem.a.data.length).fill(1) } };
    const lmax = await estimateLambdaMax({ problem: p });
    // F = m·⟨1, S_i⟩ = m for every W: what the power iteration sees is rounding, far below any real λ_max.
    expect(lmax).toBeLessThan(1e-20);
    await expect(train({ problem: p, steps: 1 })).rejects.toThrow(
      /cannot choose eta automatically: .* is [0-9.e-]+ \(rounding level: at most [0-9.e-]+\); pass a number as `eta` \(--eta\)/,
    );
    // A real λ_max of the same shapes (a = ±1, Definition 3.7) is far above that floor and trains.
    const r = await train({ problem, steps: 1 });
    expect(r.lambdaMax).toBeGreaterThan(1e-3);
  });
});

describe('recorders', () => {
  it('built-in columns are exact and custom columns run every k steps', async () => {
    const p = small();
    const r = await train({
      problem: p,
      steps: 10,
      eta: 1e-3,
      recorders: [{ name: 'w00', every: 3, record: (c) => c.weights().data[0] as number }],
    });
    expect(r.history.maxWeightChange[0]).toBe(0);
    const g = gradient(p);
    let mx = 0;
    for (let i = 0; i < g.rows; i++) {
      let s = 0;
      for (let j = 0; j < g.cols; j++) s += (g.data[i * g.cols + j] as number) ** 2;
      mx = Math.max(mx, Math.sqrt(s));
    }
    expect(r.history.maxStepNorm[0]).toBeAllClose(1e-3 * mx, TOLERANCES.float64);
    // After one step the largest change is exactly the first step's largest update.
    expect(r.history.maxWeightChange[1]).toBeAllClose(r.history.maxStepNorm[0] as number, TOLERANCES.float64);
    expect(r.history['w00']).toEqual([
      p.w.data[0],
      null,
      null,
      expect.any(Number),
      null,
      null,
      expect.any(Number),
      null,
      null,
      expect.any(Number),
      null,
    ]);
  });
});

describe('float32 memory', () => {
  // relu: the tfjs engine (the softmax network's float32 steps run on linalg's kernel and hold no tensor)
  it('200 GD steps of the tfjs engine leave tf.memory().numTensors unchanged', async () => {
    const p = small('relu');
    const before = tf.memory().numTensors;
    const during: number[] = [];
    await train({
      problem: p,
      steps: 200,
      precision: 'float32',
      momentum: 0.5,
      onStep: () => void during.push(tf.memory().numTensors),
    });
    expect(during.length).toBe(201);
    expect(new Set(during.slice(2)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('checkpoints: kill + resume reproduces the uninterrupted run bit for bit', () => {
  for (const precision of ['float64', 'float32'] as const) {
    for (const momentum of [0, 0.5]) {
      it(`${precision}, momentum ${momentum}`, async () => {
        const p = small();
        const rec = [{ name: 'w0', every: 4, record: (c: { weights(): Matrix }) => c.weights().data[0] as number }];
        const straight = await train({ problem: p, steps: 60, precision, momentum, recorders: rec });
        const path = join(dir, `ck-${precision}-${momentum}.json`);
        // "Kill": stop via onStep at step 37; the last checkpoint (K = 10) is at step 30.
        const first = await train({
          problem: p,
          steps: 60,
          precision,
          momentum,
          recorders: rec,
          checkpointPath: path,
          checkpointEvery: 10,
          onStep: (c) => (c.step === 37 ? 'stop' : undefined),
        });
        expect(first.status).toBe('stopped');
        const ck = JSON.parse(readFileSync(path, 'utf8'));
        expect(ck.step).toBe(37);
        expect(ck.eta).toBe(straight.eta);
        // Resume with a different power-iteration count: eta must come from the checkpoint.
        const resumed = await train({
          problem: p,
          steps: 60,
          precision,
          momentum,
          recorders: rec,
          checkpointPath: path,
          checkpointEvery: 10,
          resume: true,
          powerIterations: 3,
        });
        expect(resumed.resumed).toBe(true);
        expect(resumed.eta).toBe(straight.eta);
        expect(resumed.history).toEqual(straight.history);
        expect(Array.from(resumed.w.data)).toEqual(Array.from(straight.w.data));
      });
    }
  }

  it('a resume from a periodic checkpoint (not the final one) also matches', async () => {
    const p = small();
    const path = join(dir, 'ck-periodic.json');
    const straight = await train({ problem: p, steps: 45 });
    await train({
      problem: p,
      steps: 45,
      checkpointPath: path,
      checkpointEvery: 10,
      onStep: (c) => (c.step === 23 ? 'stop' : undefined),
    });
    // Simulate losing the final checkpoint: rewrite the step-20 state by re-running to 20 only.
    await train({ problem: p, steps: 20, checkpointPath: path, checkpointEvery: 10 });
    expect(JSON.parse(readFileSync(path, 'utf8')).step).toBe(20);
    const resumed = await train({ problem: p, steps: 45, checkpointPath: path, resume: true });
    expect(resumed.history).toEqual(straight.history);
    expect(Array.from(resumed.w.data)).toEqual(Array.from(straight.w.data));
  });

  it('refuses a checkpoint of another problem or precision', async () => {
    const p = small();
    const path = join(dir, 'ck-other.json');
    await train({ problem: p, steps: 3, checkpointPath: path });
    const q = small('relu');
    await expect(train({ problem: q, steps: 5, checkpointPath: path, resume: true })).rejects.toThrow(
      /was written for a different problem/,
    );
    await expect(
      train({ problem: p, steps: 5, checkpointPath: path, resume: true, precision: 'float32' }),
    ).rejects.toThrow(/was written with precision float64, got float32/);
  });

  it('resumes bit for bit from any CheckpointStore (the environment-neutral entry: no files)', async () => {
    const p = small();
    const straight = await trainNeutral({ problem: p, steps: 45 });
    // An in-memory store, as a browser app would keep one (IndexedDB, memory); the fingerprint is the shape only.
    let held: CheckpointState | undefined;
    let writes = 0;
    const memory: CheckpointStore = {
      location: 'memory',
      fingerprint: (q) => `${q.activation}:${q.x.rows}x${q.x.cols}`,
      read: () => held,
      write: (c) => {
        writes++;
        held = structuredClone(c);
      },
    };
    await trainNeutral({
      problem: p,
      steps: 45,
      checkpoints: memory,
      checkpointEvery: 10,
      onStep: (c) => (c.step === 23 ? 'stop' : undefined),
    });
    expect(writes).toBeGreaterThanOrEqual(2); // steps 10, 20, and the stop
    const resumed = await trainNeutral({ problem: p, steps: 45, checkpoints: memory, resume: true });
    expect(resumed.resumed).toBe(true);
    expect(resumed.history).toEqual(straight.history);
    expect(Array.from(resumed.w.data)).toEqual(Array.from(straight.w.data));
    // A recorder the checkpointed run did not have: null for the rows before the resume (at τ = 23), then recorded, as
    // long as every other column (it used to start empty and come out 23 rows short).
    held = undefined;
    await trainNeutral({ problem: p, steps: 23, checkpoints: memory });
    const recorded = await trainNeutral({
      problem: p,
      steps: 25,
      checkpoints: memory,
      resume: true,
      recorders: [{ name: 'step2', record: (c) => 2 * c.step }],
    });
    expect(recorded.history['step2']).toEqual([...Array<null>(23).fill(null), 46, 48, 50]);
    expect(recorded.history['step2']).toHaveLength(recorded.history.step.length);
    await expect(trainNeutral({ problem: p, steps: 5, resume: true })).rejects.toThrow(
      'invalid argument: resume: needs `checkpoints` (or `checkpointPath`), got none',
    );
  });
});
