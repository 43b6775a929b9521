/**
 * Acceptance (issue 5): sampling a 2-D 8-component mixture with its exact score, 1,000 reverse-SDE
 * steps, 2,000 samples, gives MMD² within 3× the noise floor (two independent true-sample sets of
 * the same size).
 */
import { Rng } from '@softmax-ntk/linalg';
import { affineMixture, exactScore, fitNormalization, fromScaled, makeSchedule, parseTarget, sample, sampleQuality } from '../src/index';

describe('Section 6.1 sampling with the exact score (acceptance)', () => {
  it('8-gaussians: reverse SDE, 1000 steps, 2000 samples → MMD² ≤ 3× noise floor', () => {
    const target = parseTarget({ type: 'named', name: '8-gaussians' });
    const norm = fitNormalization(target);
    const schedule = makeSchedule({ spec: 'linear' });
    const score = exactScore({ mixture: affineMixture(target.mixture!, Float64Array.from(norm.shift), norm.scale), schedule });
    const r = sample({ model: score, schedule, count: 2000, steps: 1000, sampler: 'sde', seed: 1 });
    const q = sampleQuality({ samples: fromScaled(r.samples, norm), reference: (n, g) => target.sample(n, g), rng: new Rng(2) });
    expect(q.mmd2).toBeLessThan(3 * q.mmd2Floor);
    expect(q.energy).toBeLessThan(3 * q.energyFloor);
    // and the metric can fail: N(0, I) draws are far outside it
    const prior = { rows: 2000, cols: 2, data: new Rng(3).fillNormal(new Float64Array(4000)) as Float64Array };
    const qp = sampleQuality({ samples: fromScaled(prior, norm), reference: (n, g) => target.sample(n, g), rng: new Rng(2) });
    expect(qp.mmd2).toBeGreaterThan(10 * qp.mmd2Floor);
  });
});
