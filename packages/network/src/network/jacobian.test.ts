import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { Rng, initBackend, toRows, type Matrix } from '@softmax-ntk/linalg';
import { jacobianVector } from './jacobianVector';
import { jacobianTransposeVector } from './jacobianTransposeVector';
import { gradient } from './gradient';
import { forward } from './forward';
import * as reference from '@softmax-ntk/reference';
import { randomProblem } from '../../test/fixtures';

beforeAll(async () => {
  await initBackend();
});

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const d = new Float64Array(rows * cols);
  new Rng(seed).fillNormal(d);
  return { rows, cols, data: d };
}

const inner = (a: Matrix, b: Matrix) => a.data.reduce((s, v, k) => s + v * (b.data[k] as number), 0);

describe('Eq. 2: Jacobian-vector products', () => {
  for (const activation of ['softmax', 'relu', 'exp'] as const) {
    describe(activation, () => {
      const p = randomProblem({ n: 7, dIn: 4, dOut: 3, m: 10, seed: 31, activation });
      const u = randomMatrix(10, 4, 32);
      const v = randomMatrix(7, 3, 33);

      it('adjoint identity ⟨Ju, v⟩ = ⟨u, Jᵀv⟩', () => {
        const Ju = jacobianVector({ ...p, u });
        const Jtv = jacobianTransposeVector({ ...p, v });
        const lhs = inner(Ju, v);
        const rhs = inner(u, Jtv);
        expect(lhs).toBeAllClose(rhs, TOLERANCES.float64);
        expect(Math.abs(lhs)).toBeGreaterThan(1e-3);
        const Ju32 = jacobianVector({ ...p, u, precision: 'float32' });
        const Jtv32 = jacobianTransposeVector({ ...p, v, precision: 'float32' });
        expect(toRows(Ju32)).toBeAllClose(toRows(Ju), TOLERANCES.float32);
        expect(toRows(Jtv32)).toBeAllClose(toRows(Jtv), TOLERANCES.float32);
      });

      it('Ju matches central finite differences of the literal forward pass', () => {
        const h = 6e-6; // u^(1/3): see TOLERANCES.finiteDifference
        // W + s·U, U of W's shape (m × d_in, flat in the same order)
        const shifted = (s: number) =>
          toRows(reference.forward({ ...p, w: { ...p.w, data: p.w.data.map((wk, k) => wk + s * u.data[k]!) } }));
        const Fp = shifted(h);
        const Fm = shifted(-h);
        const fd = Fp.map((row, i) => row.map((f, l) => (f - (Fm[i]?.[l] as number)) / (2 * h)));
        expect(toRows(jacobianVector({ ...p, u }))).toBeAllClose(fd, TOLERANCES.finiteDifference);
      });

      it('Jᵀ(F − Y) is the gradient', () => {
        const F = forward(p);
        const e: Matrix = { rows: F.rows, cols: F.cols, data: F.data.map((f, k) => f - (p.y.data[k] as number)) };
        expect(toRows(jacobianTransposeVector({ ...p, v: e }))).toBeAllClose(toRows(gradient(p)), TOLERANCES.float64);
      });
    });
  }

  it('rejects a direction of the wrong shape', () => {
    const p = randomProblem({ n: 3, dIn: 2, dOut: 2, m: 4, seed: 1 });
    expect(() => jacobianVector({ ...p, u: randomMatrix(2, 4, 1) })).toThrow(
      'invalid argument: u: expected 4 × 2 (m × d_in, like `w`), got 2 × 4',
    );
    expect(() => jacobianTransposeVector({ ...p, v: randomMatrix(3, 3, 1) })).toThrow(
      'invalid argument: v: expected 3 × 2 (n × d_out, like F), got 3 × 3',
    );
  });
});
