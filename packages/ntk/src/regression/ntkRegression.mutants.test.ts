/**
 * Tests written from the mutation run of ntkRegression.ts (bench/results/mutation/ntk-spectrum.json):
 * ntkRegression.test.ts checks the predictor's values; these pin what it left loose — the activation reaching H*
 * and the test kernel, a precomputed H* of the wrong size, the validation of x when H* is given (gram never
 * runs then), the refusals that name y and H, and the Cholesky factor given back.
 */
import { initBackend, type Matrix } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { choleskyCounts } from '../../test/countingCholesky';
import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { gram } from '../gram/gram';
import { ntkRegression } from './ntkRegression';

/** Counts the factors made and given back (test/countingCholesky.ts). */
jest.mock('@softmax-ntk/linalg', () =>
  jest.requireActual<typeof import('../../test/countingCholesky')>('../../test/countingCholesky').countingLinalg(),
);
const mockCholesky = choleskyCounts;

beforeAll(async () => {
  await initBackend();
});

const net = makeNet({ n: 5, dIn: 3, dOut: 2, m: 32, seed: 61, symmetric: false });
const xTest = makeNet({ n: 3, dIn: 3, dOut: 2, m: 32, seed: 62 }).x;

/** y from the literal formula: K_te·α, α = (H + ρI)⁻¹vec(Y) from the regressor, K_te from the reference. */
function predictLiterally(activation: 'softmax' | 'relu', coefficients: Float64Array): Float64Array {
  const K = reference.testKernel({ ...net, xTest, activation });
  const nTe = xTest.rows;
  const out = new Float64Array(nTe * 2); // n_te × d_out, row-major
  for (let l = 0; l < 2; l++)
    for (let t = 0; t < nTe; t++) {
      let s = 0;
      for (let j = 0; j < K.cols; j++) s += K.data[(l * nTe + t) * K.cols + j]! * coefficients[j]!;
      out[t * 2 + l] = s;
    }
  return out;
}

describe('Definition F.1 (NTK regression): what the mutation run found unchecked', () => {
  it('the activation reaches H* and the test kernel (relu is not computed as softmax)', () => {
    for (const activation of ['relu', 'softmax'] as const) {
      const reg = ntkRegression({ ...net, activation });
      const H = reference.crossGram({ ...net, x1: net.x, x2: net.x, activation });
      expect(reg.H.data).toBeAllClose(H.data, TOLERANCES.float64);
      expect(reg.predict(xTest).data).toBeAllClose(predictLiterally(activation, reg.coefficients), TOLERANCES.float64);
    }
  });

  it('gives the Cholesky factor back, once per regressor', () => {
    const made = mockCholesky.made;
    const disposed = mockCholesky.disposed;
    ntkRegression({ ...net, ridge: 1e-3 });
    expect([mockCholesky.made - made, mockCholesky.disposed - disposed]).toEqual([1, 1]);
  });

  it('a precomputed H* of the wrong size is refused, naming H and both sizes', () => {
    const H = gram(net); // 10 × 10
    const cut = (rows: number, cols: number): Matrix => ({ rows, cols, data: H.data.slice(0, rows * cols) });
    for (const [rows, cols] of [
      [9, 10],
      [10, 9],
      [9, 9],
    ] as const) {
      expect(() => ntkRegression({ ...net, H: cut(rows, cols) })).toThrow(
        exactMessage(`invalid argument: H: expected n·d_out × n·d_out = 10 × 10, got ${rows} × ${cols}`),
      );
    }
    expect(() => ntkRegression({ ...net, H: { rows: 10, cols: 10, data: new Float64Array(99) } })).toThrow(
      /^invalid argument: H\b/,
    );
    // the right H* is used as given: the same coefficients as computing it
    expect(ntkRegression({ ...net, H }).coefficients).toEqual(ntkRegression(net).coefficients);
  });

  it('x is checked against w even when H* is given (gram, which would check it, does not run)', () => {
    const H = gram(net);
    const x = { rows: 5, cols: 4, data: new Float64Array(20).fill(0.5) };
    expect(() => ntkRegression({ ...net, x, H })).toThrow(
      exactMessage('invalid argument: x: expected d_in = 3 columns (like `w`), got 4'),
    );
  });

  it('refuses a y of the wrong rows or columns, or malformed, naming y', () => {
    for (const [rows, cols] of [
      [4, 2],
      [5, 3],
    ] as const) {
      expect(() => ntkRegression({ ...net, y: { rows, cols, data: new Float64Array(rows * cols) } })).toThrow(
        exactMessage(
          `invalid argument: y: expected n × d_out = 5 × 2 (n from \`x\`, d_out from \`a\`), got ${rows} × ${cols}`,
        ),
      );
    }
    expect(() => ntkRegression({ ...net, y: { rows: 5, cols: 2, data: new Float64Array(9) } })).toThrow(
      /^invalid argument: y\b/,
    );
  });
});
