/**
 * Issue #20, property-based: the readers of labelled CSV and problem JSON either accept with finite matrices of
 * the declared shapes, or refuse with one ProblemError line naming the field. Seeded (fast-check `seed`).
 */
import fc from 'fast-check';
import { parseProblem } from '../problem/parseProblem';
import { ProblemError } from '../problem/problem';
import { readLabelledData } from '../problem/readLabelledData';
import { parseDecimal } from './parseDecimal';

const cell = fc.oneof(
  { weight: 20, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  fc.constantFrom('', ' ', '0x10', 'NaN', 'Infinity', '1e400', '1_0', 'abc', '+.5', '-0', '1e-400', '"1"'),
);

describe('property: CSV cells and labelled data', () => {
  it('parseDecimal reads back every finite double JavaScript prints', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        // String(-0) is "0": the one double whose printed form does not carry it back
        expect(parseDecimal(String(v))).toBe(Object.is(v, -0) ? 0 : v);
      }),
      { seed: 23, numRuns: 500 },
    );
  });

  it('readLabelledData: finite n × d_in and n × d_out, or one line naming the source, row and column', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (rows, header) => {
          const text = (header ? 'a,b,c\n' : '') + rows.map((r) => r.join(',')).join('\n');
          try {
            const { x, y } = readLabelledData({ text, format: 'csv', dIn: 2, dOut: 1 });
            expect(x.cols).toBe(2);
            expect(y.cols).toBe(1);
            expect(x.rows).toBe(y.rows);
            expect([...x.data, ...y.data].every(Number.isFinite)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(ProblemError);
            // A CSV defect names the source (`data: row 2 (line 2), column 1: …`): its field is the source's name.
            expect((e as ProblemError).field).toBe('data');
            expect((e as Error).message).not.toContain('\n');
          }
        },
      ),
      { seed: 24, numRuns: 400 },
    );
  });

  it('parseProblem: any JSON value in any field is accepted finite or refused naming the field', () => {
    const value = fc.oneof(
      fc.constant([[0.1, 0.2]]),
      fc.constant([[0.3], [0.4]]),
      fc.jsonValue(),
      fc.constant([[null, '0.2']]),
      fc.constant([[[0.1]]]),
    );
    fc.assert(
      fc.property(
        fc.record({ activation: fc.constantFrom('softmax', 'relu', 'x'), x: value, y: value, w: value, a: value }),
        (doc) => {
          try {
            const { problem } = parseProblem(doc);
            for (const m of [problem.x, problem.y, problem.w, problem.a])
              expect(Array.from(m.data).every(Number.isFinite)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(ProblemError);
            expect(['activation', 'x', 'y', 'w', 'a', 'json']).toContain((e as ProblemError).field);
            expect((e as Error).message).not.toContain('\n');
          }
        },
      ),
      { seed: 25, numRuns: 400 },
    );
  });
});
