import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError, choleskyFactor } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { trainAttention, phaseAt } from './trainAttention';
import { trainAttention as trainAttentionFile } from './trainAttentionNode';
import type { AttentionCheckpointState, CheckpointStore } from './types';
import { attentionKernelRecorders } from './kernelRecorders';
import { AttentionStepSizeError } from './stepSizeError';
import { evaluate } from '../model/evaluate';
import { forward } from '../model/forward';
import { attentionGram } from '../ntk/attentionGram';
import { attentionSpectrum } from '../ntk/attentionSpectrum';
import type { AttentionProblem } from '../problem/problem';
import { randomProblem } from '../../test/fixtures';

/** The first `count` sequences of p (as a problem of their own). */
function take(p: AttentionProblem, from: number, count: number): AttentionProblem {
  const len = p.shape.dim * p.shape.numTokens;
  return {
    ...p,
    shape: { ...p.shape, numSequences: count },
    x: p.x.slice(from * len, (from + count) * len),
    y: p.y.slice(from * len, (from + count) * len),
  };
}

describe('Section 7, alternating with k = ∞ on W^V alone: kernel regression on H_V', () => {
  // 5 sequences: 3 to train on, 2 held out. H·d = 32 ≥ N·n′ = 9, so H_V(train) can be positive definite; σ = 2
  // makes the attention columns distinct enough that cond(H_V(train)) ≈ 1.2e2 (near-uniform softmax makes X S nearly
  // the same for every query token, and H_V nearly singular).
  const all = randomProblem({ seed: 43, N: 5, d: 2, n: 3, H: 16, dh: 2, sigma: 2 });
  const train = take(all, 0, 3);
  const test = take(all, 3, 2);
  const HV = attentionGram({ problem: all }).HV;
  const nTr = train.x.length;
  const nTe = test.x.length;
  const F0 = forward({ problem: all });
  /** F_te(0) + H_V(te, tr) H_V(tr, tr)⁻¹ r for a train-set vector r. */
  const predict = (r: Float64Array) => {
    const Htr = { rows: nTr, cols: nTr, data: new Float64Array(nTr * nTr) };
    for (let i = 0; i < nTr; i++)
      for (let j = 0; j < nTr; j++) Htr.data[i * nTr + j] = HV.data[i * HV.cols + j] as number;
    const f = choleskyFactor({ a: Htr });
    const alpha = f.solve(r);
    f.dispose();
    const out = new Float64Array(nTe);
    for (let i = 0; i < nTe; i++) {
      let acc = F0[nTr + i] as number;
      for (let j = 0; j < nTr; j++) acc += (HV.data[(nTr + i) * HV.cols + j] as number) * (alpha[j] as number);
      out[i] = acc;
    }
    return out;
  };

  it('W^K, W^Q never move, and at every τ the held-out change is H_V(te,tr) H_V⁻¹ times the training change', async () => {
    const r = await trainAttention({
      problem: train,
      schedule: 'alternating',
      alternateEvery: Infinity,
      startWith: 'v',
      steps: 40,
    });
    expect(Array.from(r.problem.wk)).toEqual(Array.from(train.wk));
    expect(Array.from(r.problem.wq)).toEqual(Array.from(train.wq));
    expect(r.history.phase.every((ph) => ph === 2)).toBe(true);
    const Ftr = forward({ problem: r.problem });
    const dTr = Ftr.map((v, t) => v - (F0[t] as number));
    const Fte = forward({ problem: { ...test, wv: r.problem.wv } });
    // The model is linear in W^V and GD moves W^V in the row space of J_V(train): an identity, float64 tolerance.
    expect(Fte).toBeAllClose(predict(dTr), TOLERANCES.float64);
  });

  it('converges to the kernel-regression predictor F_te(0) + H_V(te,tr) H_V⁻¹ (Y − F_tr(0))', async () => {
    const r = await trainAttention({
      problem: train,
      schedule: 'alternating',
      alternateEvery: Infinity,
      startWith: 'v',
      // η = 1/λ_max(H_V): the W^V-only dynamics is linear GD on H_V, stable for η < 2/λ_max(H_V).
      eta: 1 / attentionSpectrum({ problem: train, part: 'v' }).lambdaMax,
      steps: 10000,
      epsilon: 1e-26,
    });
    expect(r.status).toBe('converged');
    const Fte = forward({ problem: { ...test, wv: r.problem.wv } });
    const target = predict(train.y.map((v, t) => v - (F0[t] as number)));
    // At L ≤ 1e-26 the training residual is ≤ √2·1e-13; mapped through H_V(te,tr) H_V⁻¹ (norm ≲ 10² here) it stays below 1e-9.
    expect(Fte).toBeAllClose(target, { rtol: 1e-9, atol: 1e-9 });
  });
});

describe('trainAttention: joint and alternating gradient descent', () => {
  const p = randomProblem({ seed: 42, N: 2, d: 3, n: 4, H: 4, dh: 2 });

  it('one joint step is θ − η ∂L/∂θ with η = etaScale / λ_max(H(0))', async () => {
    const r = await trainAttention({ problem: p, steps: 1, etaScale: 0.5 });
    const lmax = attentionSpectrum({ problem: p }).lambdaMax;
    expect(r.eta).toBe(0.5 / lmax);
    const g = evaluate({ problem: p }).grad;
    expect(r.problem.wk).toBeAllClose(
      p.wk.map((v, t) => v - r.eta * (g.wk[t] as number)),
      TOLERANCES.float64,
    );
    expect(r.problem.wq).toBeAllClose(
      p.wq.map((v, t) => v - r.eta * (g.wq[t] as number)),
      TOLERANCES.float64,
    );
    expect(r.problem.wv).toBeAllClose(
      p.wv.map((v, t) => v - r.eta * (g.wv[t] as number)),
      TOLERANCES.float64,
    );
    expect(r.history.loss[1]).toBeLessThan(r.history.loss[0] as number);
  });

  it('alternating with k = 2 updates (W^K, W^Q) on steps 0, 1, 4, 5 and W^V on steps 2, 3', async () => {
    expect([0, 1, 2, 3, 4, 5].map((t) => phaseAt('alternating', 2, 'kq', t))).toEqual([
      'kq',
      'kq',
      'v',
      'v',
      'kq',
      'kq',
    ]);
    const r2 = await trainAttention({ problem: p, schedule: 'alternating', alternateEvery: 2, steps: 2 });
    expect(Array.from(r2.problem.wv)).toEqual(Array.from(p.wv));
    expect(Array.from(r2.problem.wk)).not.toEqual(Array.from(p.wk));
    const r4 = await trainAttention({
      problem: r2.problem,
      eta: r2.eta,
      schedule: 'alternating',
      alternateEvery: 2,
      startWith: 'v',
      steps: 2,
    });
    expect(Array.from(r4.problem.wk)).toEqual(Array.from(r2.problem.wk));
    expect(Array.from(r4.problem.wq)).toEqual(Array.from(r2.problem.wq));
    // the last row (τ = 2) carries the phase of the update that would follow it: block 1, (W^K, W^Q)
    expect(r4.history.phase).toEqual([2, 2, 1]);
  });

  it('joint and alternating descent both at least halve the loss in 60 steps at η = 1/λ_max(H(0))', async () => {
    for (const schedule of ['joint', 'alternating'] as const) {
      const r = await trainAttention({ problem: p, schedule, alternateEvery: 5, steps: 60 });
      const l = r.history.loss;
      expect(r.status).toBe('budget');
      expect(l[l.length - 1]).toBeLessThan(0.5 * (l[0] as number));
    }
  });

  it('resume from a checkpoint file reproduces the uninterrupted run bit for bit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attention-ck-'));
    const opts = { problem: p, schedule: 'alternating' as const, alternateEvery: 3, steps: 25, checkpointEvery: 10 };
    const whole = await trainAttentionFile({ ...opts, checkpointPath: join(dir, 'a.json') });
    const ck = join(dir, 'b.json');
    const part = await trainAttentionFile({ ...opts, steps: 13, checkpointPath: ck });
    expect(part.steps).toBe(13);
    const resumed = await trainAttentionFile({ ...opts, checkpointPath: ck, resume: true });
    expect(resumed.resumed).toBe(true);
    expect(Array.from(resumed.problem.wk)).toEqual(Array.from(whole.problem.wk));
    expect(Array.from(resumed.problem.wq)).toEqual(Array.from(whole.problem.wq));
    expect(Array.from(resumed.problem.wv)).toEqual(Array.from(whole.problem.wv));
    expect(resumed.history).toEqual(whole.history);
    await expect(trainAttentionFile({ ...opts, alternateEvery: 4, checkpointPath: ck, resume: true })).rejects.toThrow(
      /was written with schedule alternating \(k = 3/,
    );
    // a damaged file is refused naming the field
    const doc = JSON.parse(readFileSync(ck, 'utf8'));
    doc.history.loss.pop();
    writeFileSync(ck, JSON.stringify(doc));
    await expect(trainAttentionFile({ ...opts, checkpointPath: ck, resume: true })).rejects.toThrow(
      `checkpoint ${JSON.stringify(ck)}: \`history.loss\` must be an array of 25 values`,
    );
  });

  it('any CheckpointStore works (here in memory): resume is bit-exact, a changed precision is refused', async () => {
    const memory = (): CheckpointStore & { saved: AttentionCheckpointState[] } => {
      const saved: AttentionCheckpointState[] = [];
      return {
        saved,
        location: 'memory',
        fingerprint: () => 'fixed',
        read: () => saved[saved.length - 1],
        write: (c) => void saved.push(c),
      };
    };
    const opts = { problem: p, schedule: 'joint' as const, steps: 12, checkpointEvery: 5 };
    const whole = await trainAttention(opts);
    const store = memory();
    await trainAttention({ ...opts, steps: 7, checkpoints: store });
    // written at τ = 5 and at the end (τ = 7)
    expect(store.saved.map((c) => c.step)).toEqual([5, 7]);
    const resumed = await trainAttention({ ...opts, checkpoints: store, resume: true });
    expect(resumed.resumed).toBe(true);
    expect(Array.from(resumed.problem.wv)).toEqual(Array.from(whole.problem.wv));
    expect(resumed.history).toEqual(whole.history);
    await expect(trainAttention({ ...opts, precision: 'float32', checkpoints: store, resume: true })).rejects.toThrow(
      'checkpoint "memory": was written with precision float64, got float32',
    );
    // A recorder the checkpointed run did not have: its column is null for the rows before the resume, then recorded,
    // as long as every other column (before, it started empty and came out 7 rows short).
    const fresh = memory();
    await trainAttention({ ...opts, steps: 7, checkpoints: fresh });
    const recorded = await trainAttention({
      ...opts,
      checkpoints: fresh,
      resume: true,
      recorders: [{ name: 'tau2', record: (ctx) => ctx.step * ctx.step }],
    });
    expect(recorded.history['tau2']).toEqual([...Array<null>(7).fill(null), 49, 64, 81, 100, 121, 144]);
    expect(recorded.history['tau2']).toHaveLength(recorded.history.step.length);
  });

  it('kernel recorders: drift 0 at τ = 0, λ_min columns equal the spectrum of H, H_KQ, H_V at the recorded θ', async () => {
    const seen: AttentionProblem[] = [];
    const r = await trainAttention({
      problem: p,
      steps: 6,
      recorders: attentionKernelRecorders({ problem: p, every: 3 }),
      onStep: (ctx) => void (ctx.step === 3 && seen.push(ctx.problem())),
    });
    expect(r.history['kernelDrift']![0]).toBe(0);
    expect(r.history['kernelDrift']![1]).toBeNull();
    expect(r.history['kernelDrift']![3]).toBeGreaterThan(0);
    const at3 = seen[0]!;
    for (const [col, part] of [
      ['lambdaMin', 'all'],
      ['lambdaMinKQ', 'kq'],
      ['lambdaMinV', 'v'],
    ] as const) {
      const s = attentionSpectrum({ problem: at3, part, full: true });
      // dense vs dense/shift-invert: eigenvalues agree to n·u·‖H‖
      expect(r.history[col]![3]).toBeCloseTo(s.lambdaMin, 10);
    }
  });

  it('refuses bad options naming them', async () => {
    await expect(trainAttention({ problem: p, steps: 1, schedule: 'random' as 'joint' })).rejects.toThrow(
      'invalid argument: schedule: ',
    );
    await expect(trainAttention({ problem: p, steps: 1, alternateEvery: 0 })).rejects.toThrow(
      'invalid argument: alternateEvery: ',
    );
    await expect(trainAttention({ problem: p, steps: -1 })).rejects.toThrow('invalid argument: steps: ');
    await expect(trainAttention({ problem: p, steps: 1, precision: 'float16' as 'float32' })).rejects.toThrow(
      'precision: must be "float64" or "float32", got "float16"',
    );
    await expect(trainAttention({ problem: p, steps: 1, resume: true })).rejects.toThrow('resume: needs');
  });

  it('eta "auto" with x = 0 (so H(0) = 0 and λ_max = 0) is an AttentionStepSizeError on `eta`, not a plain Error', async () => {
    const zero = { ...p, x: new Float64Array(p.x.length) };
    expect(attentionSpectrum({ problem: zero }).lambdaMax).toBe(0);
    const err = await trainAttention({ problem: zero, steps: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttentionStepSizeError);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ field: 'eta', lambdaMax: 0 });
    expect((err as Error).message).toBe(
      'invalid argument: eta: cannot choose eta automatically: λ_max(H(0)) is 0; pass a number as `eta`',
    );
    // a given η needs no spectrum: the same problem trains (F = W^V X S = 0, so the loss stays ½‖Y‖²)
    const r = await trainAttention({ problem: zero, steps: 1, eta: 0.1 });
    expect(r.loss).toBeCloseTo(0.5 * p.y.reduce((a, v) => a + v * v, 0), 12);
  });

  it('eta "auto" whose etaScale / λ_max overflows float64 is an AttentionStepSizeError on `etaScale`', async () => {
    // x scaled by 10⁻³ scales H_V by 10⁻⁶; MAX_VALUE / λ_max overflows exactly when λ_max < 1 (checked, so the test
    // takes the branch it names)
    const small = { ...p, x: p.x.map((v) => v * 1e-3) };
    const lambdaMax = attentionSpectrum({ problem: small }).lambdaMax;
    expect(lambdaMax).toBeLessThan(1);
    expect(lambdaMax).toBeGreaterThan(0);
    const err = await trainAttention({ problem: small, steps: 1, etaScale: Number.MAX_VALUE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttentionStepSizeError);
    expect(err).toMatchObject({ field: 'etaScale', lambdaMax });
    expect((err as Error).message).toMatch(
      /^invalid argument: etaScale: cannot choose eta automatically: .*`etaScale`/,
    );
  });
});

describe('trainAttention in float32 (tfjs) against the float64 path', () => {
  const p = randomProblem({ seed: 42, N: 2, d: 3, n: 4, H: 4, dh: 2 });
  const opts = { problem: p, schedule: 'alternating' as const, alternateEvery: 4, steps: 20 };

  it('weights stay float32 values; loss curve and final weights agree with float64 to float32 tolerance', async () => {
    const r64 = await trainAttention(opts);
    const r32 = await trainAttention({ ...opts, precision: 'float32' });
    expect(r32.status).toBe('budget');
    expect(r32.eta).toBe(r64.eta);
    // every weight is a float32 number: the updates round to float32
    const all32 = [...r32.problem.wk, ...r32.problem.wq, ...r32.problem.wv];
    expect(all32.filter((v) => Math.fround(v) !== v)).toEqual([]);
    // ... and the run differs from float64 (it is not the float64 path rounded at the end)
    expect(r32.history.loss).not.toEqual(r64.history.loss);
    expect(r32.history.loss).toBeAllClose(r64.history.loss, TOLERANCES.float32);
    expect(r32.history.stepGradNorm).toBeAllClose(r64.history.stepGradNorm, TOLERANCES.float32);
    expect(all32).toBeAllClose([...r64.problem.wk, ...r64.problem.wq, ...r64.problem.wv], TOLERANCES.float32);
    expect(r32.history.phase).toEqual(r64.history.phase);
    // the loss it reports is the float32 (tfjs) loss at its own weights, exactly, and the float64 one to float32 accuracy
    expect(r32.loss).toBe(evaluate({ problem: r32.problem, precision: 'float32', gradient: false }).loss);
    expect([r32.loss]).toBeAllClose([evaluate({ problem: r32.problem, gradient: false }).loss], TOLERANCES.float32);
  });

  it('resume of a float32 run is bit-exact', async () => {
    const saved: AttentionCheckpointState[] = [];
    const store: CheckpointStore = {
      location: 'memory',
      fingerprint: () => 'p',
      read: () => saved[saved.length - 1],
      write: (c) => void saved.push(c),
    };
    const f32 = { ...opts, precision: 'float32' as const, checkpointEvery: 6 };
    const whole = await trainAttention(f32);
    await trainAttention({ ...f32, steps: 9, checkpoints: store });
    const resumed = await trainAttention({ ...f32, checkpoints: store, resume: true });
    expect(Array.from(resumed.problem.wk)).toEqual(Array.from(whole.problem.wk));
    expect(Array.from(resumed.problem.wv)).toEqual(Array.from(whole.problem.wv));
    expect(resumed.history).toEqual(whole.history);
  });
});
