import { makeAttentionTask } from './makeAttentionTask';
import { forward } from '../model/forward';
import { TOLERANCES } from '@softmax-ntk/test-helpers';

const base = { numSequences: 4, dim: 3, numTokens: 6, numHeads: 4, headDim: 2, seed: 5 };

describe('makeAttentionTask', () => {
  it.each(['random', 'teacher', 'icl'] as const)('%s: shapes, finiteness, symmetric student with F(0) = 0', (task) => {
    const p = makeAttentionTask({ ...base, task });
    expect(p.x).toHaveLength(4 * 3 * 6);
    expect(p.wv).toHaveLength(4 * 3 * 3);
    expect([...p.x, ...p.y].every(Number.isFinite)).toBe(true);
    expect(Array.from(forward({ problem: p })).every((v) => v === 0)).toBe(true);
  });

  it('random: every target column has norm ≤ 1', () => {
    const p = makeAttentionTask({ ...base, task: 'random' });
    const { dim: d, numTokens: n } = p.shape;
    for (let s = 0; s < 4; s++)
      for (let j = 0; j < n; j++) {
        let ss = 0;
        for (let l = 0; l < d; l++) ss += (p.y[s * d * n + l * n + j] as number) ** 2;
        expect(Math.sqrt(ss)).toBeLessThanOrEqual(1);
      }
  });

  it('icl: the query label is ⟨w_s, z_q⟩ for the w_s that the context tokens determine (least squares on the context)', () => {
    // d = 3 (two features), 6 tokens: 5 context equations for 2 unknowns.
    const p = makeAttentionTask({ ...base, task: 'icl' });
    const { dim: d, numTokens: n } = p.shape;
    for (let s = 0; s < 4; s++) {
      const at = (l: number, j: number) => p.x[s * d * n + l * n + j] as number;
      // normal equations (ZᵀZ) w = Zᵀ y over the context tokens
      let a = 0,
        b = 0,
        c = 0,
        r0 = 0,
        r1 = 0;
      for (let j = 0; j < n - 1; j++) {
        a += at(0, j) ** 2;
        b += at(0, j) * at(1, j);
        c += at(1, j) ** 2;
        r0 += at(0, j) * at(2, j);
        r1 += at(1, j) * at(2, j);
      }
      const det = a * c - b * b;
      const w0 = (c * r0 - b * r1) / det;
      const w1 = (a * r1 - b * r0) / det;
      expect([p.y[s * d * n + 2 * n + n - 1] as number]).toBeAllClose(
        [w0 * at(0, n - 1) + w1 * at(1, n - 1)],
        TOLERANCES.float64,
      );
      expect(at(2, n - 1)).toBe(0);
      // every other target entry is 0
      for (let t = 0; t < d * n; t++) if (t !== 2 * n + n - 1) expect(p.y[s * d * n + t]).toBe(0);
    }
  });

  it('teacher: targets are a rescaled attention layer of another network (RMS 1/√d)', () => {
    const p = makeAttentionTask({ ...base, task: 'teacher' });
    let ss = 0;
    for (const v of p.y) ss += v * v;
    expect([Math.sqrt(ss / p.y.length)]).toBeAllClose([1 / Math.sqrt(3)], TOLERANCES.float64);
  });

  it('refuses bad options naming them', () => {
    expect(() => makeAttentionTask({ ...base, task: 'icl', dim: 1 })).toThrow('`icl` task needs dim ≥ 2');
    expect(() => makeAttentionTask({ ...base, task: 'foo' as 'icl' })).toThrow(
      'task: must be one of random, teacher, icl',
    );
    expect(() => makeAttentionTask({ ...base, task: 'random', numHeads: 3 })).toThrow('shape.numHeads: must be even');
  });
});
