/**
 * Issue #20, property-based: any string built from the schedule grammar's tokens (and some outside it) either
 * gives a schedule with g finite and > 0 and ∫₀ᵗ g finite and increasing, or is refused with one ScheduleError
 * line — and never takes long. Seeded (fast-check `seed`).
 */
import fc from 'fast-check';
import { makeSchedule, ScheduleError } from './schedule';

const token = fc.constantFrom(
  't',
  '1',
  '2',
  '0.5',
  '10',
  'pi',
  'e',
  '+',
  '-',
  '*',
  '/',
  '^',
  '(',
  ')',
  'exp(',
  'log(',
  'sqrt(',
  'sin(',
  'cos(',
  'tanh(',
  'abs(',
  ',',
  'x',
  'sum(',
  'zeros(',
  '[1]',
  '"s"',
  '=',
  '1e400',
  '0x10',
  ' ',
);

describe('property: schedule expressions', () => {
  it('a usable schedule or one refusal line, within a time bound', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 14 }), (tokens) => {
        const expr = tokens.join('');
        const t0 = Date.now();
        let s;
        try {
          s = makeSchedule({ spec: expr });
        } catch (e) {
          expect(e).toBeInstanceOf(ScheduleError);
          expect((e as Error).message).not.toContain('\n');
          return;
        } finally {
          // bounded: 2001 checks plus at most 4000 quadrature subintervals; seconds of slack for a loaded machine
          expect(Date.now() - t0).toBeLessThan(10_000);
        }
        accepted++;
        let prev = 0;
        for (const t of [0, 0.25, 0.5, 1]) {
          expect(Number.isFinite(s.g(t)) && s.g(t) > 0).toBe(true);
          const I = s.integral(t);
          expect(Number.isFinite(I)).toBe(true);
          expect(I).toBeGreaterThanOrEqual(prev); // g > 0, so ∫₀ᵗ g increases
          prev = I;
        }
      }),
      { seed: 22, numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(5);
  });
});
