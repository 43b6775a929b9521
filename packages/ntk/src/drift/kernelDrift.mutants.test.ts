/**
 * Tests written for the mutation run of kernelDrift.ts (bench/results/mutation/ntk-drift.json): every field of the
 * answer against gram's formed H(W̃) and H(W) summed here entry by entry, the given H0 used in place of H(W̃), the
 * activation passed on, the radius as the largest row move (not every row moved alike), and the shape refusals.
 */
import { initBackend } from '@softmax-ntk/linalg';
import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet, perturb } from '../../test/fixtures';
import { gram } from '../gram/gram';
import { kernelDrift } from './kernelDrift';

beforeAll(async () => {
  await initBackend();
});

/** ‖A − B‖_F and ‖B‖_F, entry by entry. */
function frob(A: Float64Array, B: Float64Array): [number, number] {
  let d = 0;
  let b = 0;
  for (let k = 0; k < A.length; k++) {
    d += (A[k]! - B[k]!) ** 2;
    b += B[k]! ** 2;
  }
  return [Math.sqrt(d), Math.sqrt(b)];
}

describe('kernelDrift: ‖H(W) − H(W̃)‖_F, relative and the radius', () => {
  const net = makeNet({ n: 5, dIn: 3, dOut: 2, m: 16, seed: 61, symmetric: false });
  const w1 = perturb(net.w, 0.05, 62);

  it('frobenius, relative and H1 against the two formed Gram matrices', () => {
    for (const activation of ['softmax', 'relu', 'exp'] as const) {
      const H0 = gram({ ...net, activation }).data;
      const H1 = gram({ ...net, w: w1, activation }).data;
      const [diff, base] = frob(H1, H0);
      expect(diff).toBeGreaterThan(1e-3 * base); // the move is visible
      const d = kernelDrift({ w0: net.w, w1, a: net.a, x: net.x, activation });
      expect([d.frobenius, d.relative]).toBeAllClose([diff, diff / base], TOLERANCES.float64);
      expect(d.H1.data).toEqual(H1);
    }
    // the default is softmax
    const d = kernelDrift({ w0: net.w, w1, a: net.a, x: net.x });
    expect(d.H1.data).toEqual(gram({ ...net, w: w1 }).data);
  });

  it('uses a given H0 in place of H(W̃)', () => {
    const H0 = gram({ ...net, w: w1 }); // as if W̃ were W: no drift
    const d = kernelDrift({ w0: net.w, w1, a: net.a, x: net.x, H0 });
    expect([d.frobenius, d.relative]).toEqual([0, 0]);
    expect(d.radius).toBeGreaterThan(0); // the radius is still that of w1 − w0
  });

  it('the radius is the largest row move ‖w_r − w̃_r‖₂, not a sum or an average', () => {
    const moved = Float64Array.from(net.w.data);
    moved[3 * 2 + 1] = moved[3 * 2 + 1]! + 0.3; // row 2 by (0, 0.3, 0)
    moved[3 * 7] = moved[3 * 7]! - 0.4; // row 7 by (−0.4, 0.5, 0): 0.640…
    moved[3 * 7 + 1] = moved[3 * 7 + 1]! + 0.5;
    const d = kernelDrift({ w0: net.w, w1: { ...net.w, data: moved }, a: net.a, x: net.x });
    expect([d.radius]).toBeAllClose([Math.hypot(0.4, 0.5)], TOLERANCES.float64);
  });

  it('refuses w1 of another shape or not a Matrix; x is checked first, with the network', () => {
    const msg = (r: number, c: number) =>
      exactMessage(`invalid argument: w1: expected the shape of \`w0\`, 16 × 3, got ${r} × ${c}`);
    expect(() =>
      kernelDrift({ w0: net.w, w1: { rows: 16, cols: 2, data: new Float64Array(32) }, a: net.a, x: net.x }),
    ).toThrow(msg(16, 2));
    expect(() =>
      kernelDrift({ w0: net.w, w1: { rows: 8, cols: 3, data: new Float64Array(24) }, a: net.a, x: net.x }),
    ).toThrow(msg(8, 3));
    expect(() => kernelDrift({ w0: net.w, w1: [] as never, a: net.a, x: net.x })).toThrow(
      exactMessage(
        'invalid argument: w1: expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got []',
      ),
    );
    expect(() => kernelDrift({ w0: net.w, w1, a: net.a, x: { rows: 1, cols: 2, data: new Float64Array(2) } })).toThrow(
      exactMessage('invalid argument: x: expected d_in = 3 columns (like `w0`), got 2'),
    );
    // x is checked with the network, before w1: with both wrong, x is the one named
    expect(() =>
      kernelDrift({
        w0: net.w,
        w1: { rows: 8, cols: 3, data: new Float64Array(24) },
        a: net.a,
        x: { rows: 1, cols: 2, data: new Float64Array(2) },
      }),
    ).toThrow(exactMessage('invalid argument: x: expected d_in = 3 columns (like `w0`), got 2'));
  });

  // Killed here: w0 checked under another name (it was refused as `w`, a field kernelDrift does not have).
  it('refuses a bad w0, or a of the wrong width, naming w0', () => {
    expect(() => kernelDrift({ w0: [] as never, w1, a: net.a, x: net.x })).toThrow(
      exactMessage(
        'invalid argument: w0: expected a Matrix {rows, cols, data: Float64Array of rows·cols entries}, got []',
      ),
    );
    expect(() =>
      kernelDrift({ w0: net.w, w1, a: { rows: 1, cols: 15, data: new Float64Array(15) }, x: net.x }),
    ).toThrow(exactMessage('invalid argument: a: expected m = 16 columns (one per row of `w0`), got 15'));
  });
});
