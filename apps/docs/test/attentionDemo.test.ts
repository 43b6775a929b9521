/**
 * The attention demo's module in Node: its input checks, and its chunked run (in-memory checkpoints, resumed every
 * few steps) against one uninterrupted `trainAttention` run of the package.
 */
import { attentionKernelRecorders, trainAttention } from '@softmax-ntk/attention';
import { checkAttentionDemo, runAttention, setupAttention, type AttentionDemoOptions } from '../src/demo/attentionDemo';

// The browser backends (WebGL, wasm paths) are the page's business; float64 runs need no tfjs backend.
jest.mock('../src/demo/tfjsBackends', () => ({}));

const base: AttentionDemoOptions = {
  task: 'icl',
  schedule: 'alternating',
  precision: 'float64',
  numSequences: 3,
  dim: 3,
  numTokens: 4,
  numHeads: 8,
  headDim: 2,
  alternateEvery: 3,
  etaScale: 1,
  steps: 17,
  kernelEvery: 4,
  seed: 2,
  chunk: 5,
};

describe('attention demo: input checks', () => {
  test('the defaults pass', () => {
    expect(checkAttentionDemo({ ...base })).toEqual([]);
  });
  test('each bad field is one line naming it, the allowed values and the value', () => {
    expect(checkAttentionDemo({ ...base, numSequences: 0, schedule: 'both', etaScale: Number.NaN })).toEqual([
      'N (sequences) must be an integer in [1, 16], got 0',
      'η scale c must be a number in [0.01, 16], got NaN',
      'schedule must be one of joint, alternating, got "both"',
    ]);
    expect(checkAttentionDemo({ ...base, numHeads: 7 })).toEqual([
      'H (heads) must be an even integer in [2, 256] (the symmetric initialisation pairs the heads, so F(θ(0)) = 0), got 7',
    ]);
    expect(checkAttentionDemo({ ...base, numSequences: 16, dim: 8, numTokens: 8 })).toEqual([
      "N·d·n' (the side of H) must be at most 256 in the browser, got 1024",
    ]);
  });
});

describe('attention demo: the chunked run is the uninterrupted run', () => {
  test('alternating, k = 3, chunks of 5 steps: every row equal to one trainAttention run, bit for bit', async () => {
    const setup = setupAttention(base);
    const seen: number[] = [];
    const run = await runAttention(
      base,
      setup,
      (rows) => seen.push(rows.length),
      () => Promise.resolve(),
    );
    // chunks end at τ = 5, 10, 15, 17
    expect(seen).toEqual([6, 11, 16, 18]);
    expect(run.divergedAt).toBeNull();
    const whole = await trainAttention({
      problem: setup.problem,
      schedule: 'alternating',
      alternateEvery: 3,
      eta: setup.eta,
      steps: 17,
      recorders: attentionKernelRecorders({ problem: setup.problem, every: 4 }),
    });
    expect(run.rows.map((r) => r.loss)).toEqual(whole.history.loss);
    expect(run.rows.map((r) => r.phase)).toEqual(whole.history.phase);
    expect(run.rows.map((r) => r.drift)).toEqual(whole.history['kernelDrift']);
    expect(run.rows.map((r) => r.lambdaMinV)).toEqual(whole.history['lambdaMinV']);
    // the phases of k = 3 starting with (W^K, W^Q): 1 1 1 2 2 2 1 …
    expect(run.rows.slice(0, 7).map((r) => r.phase)).toEqual([1, 1, 1, 2, 2, 2, 1]);
    expect(run.rows[0]!.drift).toBe(0);
    expect(run.rows[16]!.drift).toBeGreaterThan(0);
    expect(run.rows[17]!.loss).toBeLessThan(run.rows[0]!.loss);
  });

  // (c = 4 does not diverge here: the loss jumps, the kernel moves, and descent resumes; c = 16 does)
  test('η = 16/λ_max(H(0)) is reported as divergence', async () => {
    const o = { ...base, schedule: 'joint' as const, etaScale: 16, steps: 60 };
    const run = await runAttention(
      o,
      setupAttention(o),
      () => undefined,
      () => Promise.resolve(),
    );
    expect(run.divergedAt).not.toBeNull();
    const last = run.rows[run.rows.length - 1]!;
    expect(last.loss > run.rows[0]!.loss || !Number.isFinite(last.loss)).toBe(true);
  });

  test('a stop request ends the run after the chunk in progress', async () => {
    const signal = { aborted: false };
    const run = await runAttention(
      { ...base, steps: 1000 },
      setupAttention(base),
      (rows) => {
        if (rows.length > 10) signal.aborted = true;
      },
      () => Promise.resolve(),
      signal,
    );
    // the chunk ending at τ = 10 brought 11 rows
    expect(run.rows[run.rows.length - 1]!.step).toBe(10);
  });
});
