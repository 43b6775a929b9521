import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { fitNormalization, fromScaled, toScaled } from './normalization';
import { parseTarget } from './parseTarget';
import { TargetError, type Target } from './target';

/** A `data` target over the given rows (d columns), as parseTarget would build it from a file. */
function dataTarget(d: number, rows: number[]): Target {
  const data: Matrix = { rows: rows.length / d, cols: d, data: Float64Array.from(rows) };
  return {
    spec: { type: 'data', path: '/rows.csv' },
    name: 'rows.csv',
    dim: d,
    data,
    sample: () => {
      throw new Error('not drawn: the data rows are the sample');
    },
  };
}

describe('Assumption 6.1: the normalisation to ‖y‖ ≤ 1', () => {
  it('a mixture: shift Σ w_k μ_k, scale max_k (‖μ_k − shift‖ + max_j s_kj (√d + 3)), per component', () => {
    // component 2 is farther from the shift, component 1 has the wider std: the scale is neither max(‖μ‖) + max(s)
    // nor a sum over components
    const t = parseTarget({
      type: 'gaussian-mixture',
      weights: [0.5, 0.25, 0.25],
      means: [
        [0, 0, 1],
        [2, -1, 0],
        [-3, 1, 0.5],
      ],
      std: [[0.1, 0.2, 0.3], 0.9, [0.05, 0.4, 0.1]],
    });
    const shift = [0.5 * 0 + 0.25 * 2 + 0.25 * -3, 0.5 * 0 + 0.25 * -1 + 0.25 * 1, 0.5 * 1 + 0 + 0.25 * 0.5];
    const dist = (m: number[]) => Math.hypot(m[0]! - shift[0]!, m[1]! - shift[1]!, m[2]! - shift[2]!);
    const k3 = Math.sqrt(3) + 3;
    const scale = Math.max(dist([0, 0, 1]) + 0.3 * k3, dist([2, -1, 0]) + 0.9 * k3, dist([-3, 1, 0.5]) + 0.4 * k3);
    const norm = fitNormalization(t);
    expect(norm.shift).toBeAllClose(shift, TOLERANCES.float64);
    expect(norm.scale).toBeAllClose(scale, TOLERANCES.float64);
    // the winning component is the wide one (2), not the farthest mean (3)
    expect(dist([-3, 1, 0.5])).toBeGreaterThan(dist([2, -1, 0]));
    expect(norm.scale).toBeAllClose(dist([2, -1, 0]) + 0.9 * k3, TOLERANCES.float64);
  });

  it('data: shift the mean row, scale the largest ‖row − shift‖ (no overflow near 1e308)', () => {
    const norm = fitNormalization(dataTarget(2, [1, 2, 3, -2, -1, 6, 5, 0]));
    expect(norm.shift).toBeAllClose([2, 1.5], TOLERANCES.float64);
    expect(norm.scale).toBeAllClose(Math.hypot(-3, 4.5), TOLERANCES.float64);
    // rows near the top of the float64 range: a plain Σ v² overflows, the scaled norm does not
    const big = fitNormalization(dataTarget(2, [1e308, 0, -1e308, 0, 0, 0]));
    expect(big.shift).toEqual([0, 0]);
    expect(big.scale).toBeAllClose(1e308, TOLERANCES.float64);
    // and tiny rows do not underflow to a scale of 0
    const tiny = fitNormalization(dataTarget(1, [3e-320, -3e-320]));
    expect(tiny.scale).toBeAllClose(3e-320, { rtol: 1e-3, atol: 0 }); // subnormals keep ~3 digits
  });

  it('refuses constant data and non-finite spreads or means, naming what is wrong', () => {
    /** `f` throws a TargetError of field `path` with exactly this message. */
    const refused = (f: () => unknown, message: string | RegExp): void => {
      expect(f).toThrow(TargetError);
      expect(f).toThrow(expect.objectContaining({ field: 'path' }));
      expect(f).toThrow(typeof message === 'string' ? exactMessage(message) : message);
    };
    refused(
      () => fitNormalization(dataTarget(2, [1, 2, 1, 2])),
      'path: rows.csv is constant (every row equals the mean): there is no distribution to normalise and learn',
    );
    // an infinite coordinate 0 of the mean, then coordinate 1 (coordinate 0 fine): the first bad one is named
    refused(
      () => fitNormalization(dataTarget(2, [Infinity, 0, 1, 0])),
      "path: rows.csv cannot be normalised: its mean's coordinate 0 is Infinity (values beyond the float64 range)",
    );
    refused(
      () => fitNormalization(dataTarget(2, [0, Infinity, 1, 0])),
      "path: rows.csv cannot be normalised: its mean's coordinate 1 is Infinity (values beyond the float64 range)",
    );
    // a finite mean (−0.57e308) but a row 2.3e308 away from it: the spread overflows
    refused(
      () => fitNormalization(dataTarget(1, [1.7e308, -1.7e308, -1.7e308])),
      'path: rows.csv cannot be normalised: its spread is Infinity (values beyond the float64 range)',
    );
    // a mixture whose mean is finite but whose spread overflows
    const wide = {
      ...dataTarget(1, [0]),
      mixture: {
        weights: Float64Array.from([0.5, 0.5]),
        means: { rows: 2, cols: 1, data: Float64Array.from([1e308, -1e308]) },
        std: { rows: 2, cols: 1, data: Float64Array.from([1e308, 1e308]) },
      },
    };
    refused(() => fitNormalization(wide), /its spread is Infinity/);
  });

  it('sampler-only named sets: the same fit on 20,000 draws of seed "normalization"', () => {
    const t = parseTarget({ type: 'named', name: 'swiss-roll' });
    const x = t.sample(20000, new Rng('normalization'));
    let mx = 0;
    let my = 0;
    for (let i = 0; i < x.rows; i++) {
      mx += x.data[2 * i]! / x.rows;
      my += x.data[2 * i + 1]! / x.rows;
    }
    let scale = 0;
    for (let i = 0; i < x.rows; i++) scale = Math.max(scale, Math.hypot(x.data[2 * i]! - mx, x.data[2 * i + 1]! - my));
    const norm = fitNormalization(t);
    expect(norm.shift).toBeAllClose([mx, my], TOLERANCES.float64);
    expect(norm.scale).toBeAllClose(scale, TOLERANCES.float64);
  });

  it('toScaled and fromScaled: (x − shift)/scale and back, the shift by column (d = 3)', () => {
    const x = { rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, -4, 5, -6]) };
    const norm = { shift: [1, -1, 0.5], scale: 4 };
    const y = toScaled(x, norm);
    expect([y.rows, y.cols]).toEqual([2, 3]);
    expect(Array.from(y.data)).toEqual([0, 0.75, 0.625, -1.25, 1.5, -1.625]);
    const back = fromScaled(y, norm);
    expect([back.rows, back.cols]).toEqual([2, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(x.data));
  });
});
