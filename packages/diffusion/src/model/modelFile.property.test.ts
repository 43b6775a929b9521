/**
 * Issue #20, property-based: a valid model file with one field replaced by an arbitrary JSON value is either
 * accepted — and then, for moderate values, its score is finite — or refused with one ModelError line naming a field. Seeded.
 */
import fc from 'fast-check';
import { parseTarget } from '../target/parseTarget';
import { createScoreModel, ModelError, parseModel, serializeModel } from './modelFile';
import { trainScoreModel } from './trainScoreModel';
import type { DiffusionModel } from './model';

let base: DiffusionModel;
beforeAll(async () => {
  const target = parseTarget({ type: 'gaussian-mixture', weights: [1], means: [[0, 0]], std: [1] });
  base = await trainScoreModel({ target, kind: 'nn', n: 8, numNeurons: 4, steps: 2, precision: 'float64', seed: 1 });
});

/** Paths of the fields a corrupted file may change. */
const PATHS = [
  ['kind'],
  ['parameterization'],
  ['t0'],
  ['T'],
  ['inputScale'],
  ['schedule'],
  ['normalization', 'scale'],
  ['normalization', 'shift', 0],
  ['network', 'w', 0, 1],
  ['network', 'w', 1],
  ['network', 'a', 0],
  ['input', 'timeScale'],
] as const;

const replacement = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, '0.2', -1, 0, 1e308, [0.1], { kind: 'expression', expression: 'sum(zeros(9,9))' }),
);

describe('property: corrupted model files', () => {
  it('accepted with a finite score, or refused in one line naming a field', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), replacement, async (path, value) => {
        const doc = JSON.parse(serializeModel(base)) as Record<string, unknown>;
        let o = doc as Record<string | number, unknown>;
        for (const k of path.slice(0, -1)) o = (o[k] ?? {}) as Record<string | number, unknown>;
        o[path[path.length - 1]!] = value;
        let model: DiffusionModel;
        try {
          model = parseModel(doc);
        } catch (e) {
          expect(e).toBeInstanceOf(ModelError);
          expect((e as ModelError).field).toMatch(/^[a-zA-Z0-9.]+$/);
          expect((e as Error).message).not.toContain('\n');
          return;
        }
        accepted++;
        // a model may legitimately hold weights so large that its score overflows: the commands check their
        // outputs for that (exit 1 naming where); here the score must be finite for moderate values
        if (typeof value === 'number' && Math.abs(value) > 1e6) return;
        const { score } = await createScoreModel(model, { precision: 'float64' });
        const x = { rows: 2, cols: 2, data: Float64Array.from([0.1, -0.2, 0.3, 0.4]) };
        const s = score.score(0.5 * model.T, x).data;
        expect(Array.from(s).every(Number.isFinite)).toBe(true);
      }),
      { seed: 26, numRuns: 200 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
