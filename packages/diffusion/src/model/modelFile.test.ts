import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTarget } from '../target/parseTarget';
import { createScoreModel, ModelError, readModelFile, writeModelFile } from './modelFile';
import { trainScoreModel } from './trainScoreModel';

const dir = mkdtempSync(join(tmpdir(), 'diffusion-model-'));
const target = parseTarget({ type: 'gaussian-mixture', weights: [0.5, 0.5], means: [[-1, 0], [1, 0]], std: [0.2, 0.2] });

describe('model files and the GD-trained network (Definition 3.5)', () => {
  it('GD lowers the denoising loss; the file round-trips to the same score (float64)', async () => {
    const model = await trainScoreModel({ target, kind: 'nn', n: 80, numNeurons: 64, sigma: 2, steps: 30, precision: 'float64', seed: 3 });
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
    const untrained = await trainScoreModel({ target, kind: 'nn', n: 10, numNeurons: 8, steps: 1, eta: 1e-30, precision: 'float64', seed: 3 });
    const s = (await createScoreModel(untrained, { precision: 'float64' })).score.score(0.3, x).data;
    const s2 = a.schedule.sigma2(0.3);
    expect(s).toBeAllClose(Array.from(x.data, (v) => -v / s2), { rtol: 1e-6, atol: 0 }); // η = 1e-30: W moves by ~1e-30·|ΔW|, far below this
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
    const good = { format: 'softmax-ntk/diffusion-model', version: 1, kind: 'nn', parameterization: 'x0', schedule: { kind: 'linear' }, t0: 0.1, T: 1, target: {}, normalization: { shift: [0, 0], scale: 1 }, inputScale: 1, seed: 0, network: { activation: 'softmax', w: [[1, 2, 3]], a: [[1], [1]] }, training: {} };
    for (const [patch, field] of [
      [{ kind: 'gan' }, 'kind'],
      [{ t0: 2 }, 't0'],
      [{ schedule: { kind: 'expression', expression: '-1' } }, 'schedule'],
      [{ network: { activation: 'softmax', w: [[1, 2]], a: [[1], [1]] } }, 'network.w'],
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
    writeFileSync(path, JSON.stringify(good));
    expect(readModelFile(path).kind).toBe('nn');
    expect(readFileSync(path, 'utf8')).toContain('softmax-ntk/diffusion-model');
  });
});
