import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTarget } from '../target/parseTarget';
import { SPEC_EXAMPLE_MIXTURE } from '../../test/fixtures/specMixture';
import { forwardProcess, scoreFromDenoiser } from '@softmax-ntk/reference';
import { createScoreModel, ModelError } from './modelFile';
import { readModelFile, writeModelFile } from './modelFileIo';
import { trainScoreModel } from './trainScoreModel';
import { fromRows } from '@softmax-ntk/linalg';
import { jacobianVector } from '@softmax-ntk/network';
import { affineMixture, mixtureMarginal } from '../target/mixture';
import { fitNormalization } from '../target/normalization';
import { makeDenoisingData, skipScale } from '../data/denoisingData';

const dir = mkdtempSync(join(tmpdir(), 'diffusion-model-'));
const target = parseTarget(SPEC_EXAMPLE_MIXTURE);

describe('model files and the GD-trained network (Definition 3.5)', () => {
  it('GD lowers the denoising loss; the file round-trips to the same score (float64)', async () => {
    const model = await trainScoreModel({
      target,
      kind: 'nn',
      n: 80,
      numNeurons: 64,
      sigma: 2,
      steps: 30,
      precision: 'float64',
      seed: 3,
    });
    const loss = model.training.loss!;
    expect(loss[loss.length - 1]!).toBeLessThan(loss[0]!);
    expect(model.training.lossFloor!).toBeGreaterThan(0);
    const path = join(dir, 'm.json');
    writeModelFile(path, model);
    const back = readModelFile(path);
    expect(back).toEqual(model);
    const a = await createScoreModel(model, { precision: 'float64' });
    const b = await createScoreModel(back, { precision: 'float64' });
    const x = { rows: 3, cols: 2, data: Float64Array.from([0.1, 0.2, -0.3, 0.4, 0.5, -0.6]) };
    expect(Array.from(b.score.score(0.3, x).data)).toEqual(Array.from(a.score.score(0.3, x).data));
    // x0 parameterisation: s = (α F − x)/σ², and F(W(0), ·) = 0 at symmetric init, so an untrained net's score is −x/σ²
    const untrained = await trainScoreModel({
      target,
      kind: 'nn',
      n: 10,
      numNeurons: 8,
      steps: 1,
      eta: 1e-30,
      precision: 'float64',
      seed: 3,
    });
    const s = (await createScoreModel(untrained, { precision: 'float64' })).score.score(0.3, x).data;
    // the reference's Tweedie score (α F − x)/σ² with F = 0
    const zeros = { rows: x.rows, cols: x.cols, data: new Float64Array(x.data.length) };
    const ref = scoreFromDenoiser({
      F: zeros,
      xt: x,
      alpha: new Float64Array(x.rows).fill(a.schedule.alpha(0.3)),
      sigma2: new Float64Array(x.rows).fill(a.schedule.sigma2(0.3)),
    });
    expect(s).toBeAllClose(ref.data, { rtol: 1e-6, atol: 0 }); // η = 1e-30: W moves by ~1e-30·|ΔW|, far below this
  });

  it('the score of a loaded model uses its stored input features: s = (α_t F(c_t t/T, c_in x) − x)/σ_t² (float64)', async () => {
    const model = await trainScoreModel({
      target,
      kind: 'ntk',
      n: 60,
      numNeurons: 32,
      sigma: 4,
      timeScale: 2.5,
      precondition: true,
      seed: 5,
    });
    expect(model.input!.timeScale).toBe(2.5);
    expect(model.input!.secondMoment!).toBeGreaterThan(0);
    const { score, schedule } = await createScoreModel(model, { precision: 'float64' });
    const { w, a, u } = { w: fromRows(model.network.w), a: fromRows(model.network.a), u: fromRows(model.network.u!) };
    const x = { rows: 2, cols: 2, data: Float64Array.from([0.3, -0.2, -0.5, 0.1]) };
    const t = 0.2;
    // α_t, σ_t² by the float64 reference (Simpson quadrature of Eq. 3's solution), not the schedule's closed forms
    const { alpha, sigma2 } = forwardProcess({ g: (s) => schedule.g(s), t });
    const cin = 1 / Math.sqrt(alpha ** 2 * model.input!.secondMoment! + sigma2);
    const R = model.inputScale;
    const input = {
      rows: 2,
      cols: 3,
      data: Float64Array.from([
        (2.5 * t) / R,
        (0.3 * cin) / R,
        (-0.2 * cin) / R,
        (2.5 * t) / R,
        (-0.5 * cin) / R,
        (0.1 * cin) / R,
      ]),
    };
    const F = jacobianVector({ w, a, x: input, u });
    // Tweedie's formula s = (α_t F − x)/σ_t² by the reference
    const expected = scoreFromDenoiser({ F, xt: x, alpha: [alpha, alpha], sigma2: [sigma2, sigma2] }).data;
    // rtol 1e-10: Simpson's quadrature of α_t, σ_t² (400 panels) differs from the closed forms the score model uses
    // by ~1e-12 relative (measured: 2.3e-12 at the worst entry), well inside it
    expect(score.score(t, x).data).toBeAllClose(expected, { rtol: 1e-10, atol: 0 });
    // and the paper's inputs give a different model (the features are not ignored)
    const paper = await trainScoreModel({
      target,
      kind: 'ntk',
      n: 60,
      numNeurons: 32,
      sigma: 4,
      timeScale: 1,
      precondition: false,
      timeSampling: 'uniform',
      seed: 5,
    });
    expect(paper.input).toEqual({ timeScale: 1, secondMoment: null });
    const sp = (await createScoreModel(paper, { precision: 'float64' })).score.score(t, x).data;
    expect(Math.abs(sp[0]! - expected[0]!)).toBeGreaterThan(1e-6);
  });

  it('a model with the constant coordinate and centred neurons: the score uses (c_t t/T, c_in x, c_b)/R, survives the file, and its jvp matches central differences (float64)', async () => {
    const model = await trainScoreModel({ target, n: 60, numNeurons: 32, dataCentres: 0.5, centreScale: 50, seed: 6 });
    expect(model.input!.bias).toBe(1);
    const path = join(dir, 'centred.json');
    writeModelFile(path, model);
    const loaded = readModelFile(path);
    const { score, schedule } = await createScoreModel(loaded, { precision: 'float64' });
    const { w, a, u } = { w: fromRows(model.network.w), a: fromRows(model.network.a), u: fromRows(model.network.u!) };
    const x = { rows: 2, cols: 2, data: Float64Array.from([0.3, -0.2, -0.5, 0.1]) };
    const t = 0.05;
    const { alpha, sigma2 } = forwardProcess({ g: (s) => schedule.g(s), t });
    const cin = 1 / Math.sqrt(alpha ** 2 * model.input!.secondMoment! + sigma2);
    const R = model.inputScale;
    const row = (i: number) => [(3 * t) / R, (x.data[2 * i]! * cin) / R, (x.data[2 * i + 1]! * cin) / R, 1 / R];
    const F = jacobianVector({ w, a, x: { rows: 2, cols: 4, data: Float64Array.from([...row(0), ...row(1)]) }, u });
    const expected = scoreFromDenoiser({ F, xt: x, alpha: [alpha, alpha], sigma2: [sigma2, sigma2] }).data;
    // the clip (default radius) does not bind at these points; rtol 1e-10 as above (quadrature of α_t, σ_t²)
    expect(score.score(t, x).data).toBeAllClose(expected, { rtol: 1e-10, atol: 0 });
    // jvp: the constant coordinate does not move with x (a direction leaking into it would shift every logit)
    const V = { rows: 2, cols: 2, data: Float64Array.from([1, -0.5, 0.25, 2]) };
    const h = 1e-6;
    const shifted = (sgn: number) => ({ ...x, data: x.data.map((v, k) => v + sgn * h * V.data[k]!) });
    const fd = score.score(t, shifted(1)).data.map((v, k) => (v - score.score(t, shifted(-1)).data[k]!) / (2 * h));
    // central differences of a score of size ~1/σ_t² ≈ 1e2 with h = 1e-6: truncation ~h² and rounding ~1e-16·1e2/h
    expect(score.jvp!(t, x, [V]).jvp[0]!.data).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-6 });
  });

  it('residual parameterisation: with F = 0 (symmetric init) the score is exactly the Gaussian score −x/(α²v + σ²), which is the exact ∇log p_t of a centred Gaussian p₀ with second moment v', async () => {
    const gauss = parseTarget({ type: 'gaussian-mixture', weights: [1], means: [[0, 0]], std: [0.3] });
    const untrained = await trainScoreModel({
      target: gauss,
      kind: 'nn',
      parameterization: 'residual',
      n: 50,
      numNeurons: 8,
      steps: 1,
      eta: 1e-30,
      precision: 'float64',
      seed: 2,
    });
    const v = untrained.skipSecondMoment!;
    expect(v).toBeGreaterThan(0);
    const { score, schedule } = await createScoreModel(untrained, { precision: 'float64' });
    const x = { rows: 2, cols: 2, data: Float64Array.from([0.2, -0.1, 0.05, 0.4]) };
    for (const t of [0.01, 0.3, 0.9]) {
      const g = schedule.alpha(t) ** 2 * v + schedule.sigma2(t);
      expect(score.score(t, x).data).toBeAllClose(
        Array.from(x.data, (u) => -u / g),
        { rtol: 1e-6, atol: 0 },
      ); // η = 1e-30: F ≈ 1e-30
      // against the mixture's exact score with the same second moment (in scaled units)
      const mix = affineMixture(
        gauss.mixture!,
        Float64Array.from(untrained.normalization.shift),
        untrained.normalization.scale,
      );
      const vExact = mix.std.data[0]! ** 2;
      const ex = mixtureMarginal(
        { weights: mix.weights, means: mix.means, std: mix.std },
        schedule.alpha(t),
        schedule.sigma2(t),
        x,
      ).score.data;
      const gExact = schedule.alpha(t) ** 2 * vExact + schedule.sigma2(t);
      expect(ex).toBeAllClose(
        Array.from(x.data, (u, i) => -(u - schedule.alpha(t) * mix.means.data[i % 2]!) / gExact),
        { rtol: 1e-12, atol: 1e-14 },
      );
    }
    // labels: y = x(0) − c_skip(t) x(t)
    const d = makeDenoisingData({
      target: gauss,
      normalization: fitNormalization(gauss),
      schedule,
      n: 5,
      seed: 1,
      parameterization: 'residual',
    });
    const c = skipScale(schedule, d.t[2]!, d.secondMoment);
    expect(d.y.data[4]).toBeAllClose(d.x0.data[4]! - c * d.xt.data[4]!, { rtol: 1e-14, atol: 1e-15 });
    await expect(
      createScoreModel({ ...untrained, skipSecondMoment: undefined }, { precision: 'float64' }),
    ).rejects.toThrow(/skipSecondMoment/);
  });

  it('float32 scores keep tfjs memory flat over a sampling loop, and agree with float64 to 1e-4', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const model = await trainScoreModel({ target, kind: 'ntk', n: 40, numNeurons: 32, seed: 1 });
    const f32 = await createScoreModel(model, { precision: 'float32' });
    const f64 = await createScoreModel(model, { precision: 'float64' });
    const x = { rows: 50, cols: 2, data: new Float64Array(100).map((_, i) => Math.cos(i)) };
    f32.score.score(0.5, x);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 20; k++) f32.score.score(0.5, x);
    expect(tf.memory().numTensors).toBe(before);
    const a = f32.score.score(0.5, x).data;
    const b = f64.score.score(0.5, x).data;
    let scale = 0;
    for (const v of b) scale = Math.max(scale, Math.abs(v));
    // float32 F, then (αF − x)/σ²: relative error ~1e-7·(|F|/|x|)·… well inside TOLERANCES.float32's 1e-4
    expect(a).toBeAllClose(b, { rtol: 1e-4, atol: 1e-4 * scale });
  });

  it('refuses malformed files naming the field', () => {
    const path = join(dir, 'bad.json');
    const good = {
      format: 'softmax-ntk/diffusion-model',
      version: 1,
      kind: 'nn',
      parameterization: 'x0',
      schedule: { kind: 'linear' },
      t0: 0.1,
      T: 1,
      target: {},
      normalization: { shift: [0, 0], scale: 1 },
      inputScale: 1,
      seed: 0,
      network: { activation: 'softmax', w: [[1, 2, 3]], a: [[1], [1]] },
      training: {},
    };
    for (const [patch, field] of [
      [{ kind: 'gan' }, 'kind'],
      [{ t0: 2 }, 't0'],
      [{ schedule: { kind: 'expression', expression: '-1' } }, 'schedule'],
      [{ network: { activation: 'softmax', w: [[1, 2]], a: [[1], [1]] } }, 'network.w'],
      [{ input: { timeScale: 0, secondMoment: null } }, 'input.timeScale'],
      [{ input: { timeScale: 3, secondMoment: -1 } }, 'input.secondMoment'],
      [{ input: 7 }, 'input'],
      // a constant coordinate makes the input d + 2 wide: a d + 1 wide W is refused, and c_b must be > 0
      [{ input: { timeScale: 1, secondMoment: null, bias: 1 } }, 'network.w'],
      [{ input: { timeScale: 1, secondMoment: null, bias: -1 } }, 'input.bias'],
    ] as const) {
      writeFileSync(path, JSON.stringify({ ...good, ...patch }));
      let err: unknown;
      try {
        readModelFile(path);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ModelError);
      expect((err as ModelError).field).toBe(field);
    }
    const wide = { activation: 'softmax', w: [[1, 2, 3, 4]], a: [[1], [1]] };
    writeFileSync(
      path,
      JSON.stringify({ ...good, input: { timeScale: 1, secondMoment: null, bias: 2 }, network: wide }),
    );
    expect(readModelFile(path).input).toEqual({ timeScale: 1, secondMoment: null, bias: 2 });
    writeFileSync(path, JSON.stringify(good));
    expect(readModelFile(path).kind).toBe('nn');
    expect(readModelFile(path).input).toBeUndefined(); // files without `input` are the paper's (t/T, x)/R
    expect(readFileSync(path, 'utf8')).toContain('softmax-ntk/diffusion-model');
  });
});
