import { exactMessage } from '@softmax-ntk/test-helpers';
import { makeSchedule } from './schedule';

// The evaluation budget of a quadrature schedule's ∫₀ᵗ g, to the evaluation: 15 points per GK15 rule, the whole
// interval's rule and two per bisection, 4000 bisections — 15·(2·4000 + 1) = 120,015 evaluations of g are allowed,
// one more is refused. No real g needs exactly that many (schedule.mutants.test.ts refuses one that needs far more),
// so the quadrature is replaced here by one that evaluates g a chosen number of times.

let mockEvaluations = 0;
jest.mock('../internal/quadrature', () => ({
  integrate: (f: (x: number) => number, a: number, b: number) => {
    let sum = 0;
    for (let k = 0; k < mockEvaluations; k++) sum += f(a + ((b - a) * k) / mockEvaluations);
    return (sum / Math.max(mockEvaluations, 1)) * (b - a);
  },
}));

describe('makeSchedule: a quadrature schedule may evaluate g 15·(2·4000 + 1) times per integral', () => {
  it('120,015 evaluations are within the budget', () => {
    mockEvaluations = 15 * (2 * 4000 + 1);
    expect(makeSchedule({ spec: '2 + sin(t)' }).integration).toBe('adaptive quadrature');
  });

  it('120,016 are refused, naming the budget', () => {
    mockEvaluations = 15 * (2 * 4000 + 1) + 1;
    expect(() => makeSchedule({ spec: '2 + sin(t)' })).toThrow(
      exactMessage('invalid schedule: ∫₀^1 g does not reach accuracy 1e-12 within 4000 quadrature subintervals'),
    );
  });
});
