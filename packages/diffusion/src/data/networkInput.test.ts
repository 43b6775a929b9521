import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { isPaperInput, networkInput, PAPER_INPUT } from './networkInput';

describe('isPaperInput: the one place that decides "the paper\'s input (t/T, x(t))"', () => {
  it('is true for PAPER_INPUT and for an equal literal, false when either feature differs', () => {
    expect(isPaperInput(PAPER_INPUT)).toBe(true);
    expect(isPaperInput({ timeScale: 1, secondMoment: null })).toBe(true);
    // each field alone decides: a check of one field only would call these the paper's input
    expect(isPaperInput({ timeScale: 1, secondMoment: 0.5 })).toBe(false);
    expect(isPaperInput({ timeScale: 4, secondMoment: null })).toBe(false);
  });

  it("PAPER_INPUT's rows are (t/T, x)/R, as Section 6.1 feeds the network", () => {
    const x = { rows: 2, cols: 2, data: Float64Array.from([0.2, -0.4, 1, 3]) };
    const rows = networkInput(Float64Array.from([0.5, 1]), x, 2, 4, PAPER_INPUT);
    expect(Array.from(rows.data)).toEqual([0.25 / 4, 0.2 / 4, -0.4 / 4, 0.5 / 4, 1 / 4, 3 / 4]);
  });
});

describe('the log time feature c_t·ln(t/T₀)/ln(T/T₀) (logTimeFrom, beyond the paper)', () => {
  it('rows are (c_t·log₁₀(t/T₀)/log₁₀(T/T₀), x)/R: 0 at T₀, c_t at T, the same step for each doubling of t', () => {
    const x = { rows: 4, cols: 1, data: Float64Array.from([0.2, -0.4, 1, 3]) };
    const t = Float64Array.from([0.01, 0.02, 0.04, 2]);
    const rows = networkInput(t, x, 2, 4, { timeScale: 3, secondMoment: null, logTimeFrom: 0.01 });
    // the ratio of logarithms in another base, written out independently of the implementation
    const want = [0, 1, 2, 3].flatMap((i) => [
      (3 * Math.log10(t[i]! / 0.01)) / Math.log10(2 / 0.01) / 4,
      x.data[i]! / 4,
    ]);
    expect(rows.data).toBeAllClose(want, TOLERANCES.float64);
    expect(rows.data[0]).toBe(0);
    expect(rows.data[6]).toBeCloseTo(3 / 4, 14);
    // equal steps in log t are equal steps in the input
    expect(rows.data[4]! - rows.data[2]!).toBeCloseTo(rows.data[2]! - rows.data[0]!, 14);
    // below T₀ (sampling or the likelihood's ε) the coordinate goes negative, finite
    const below = networkInput(1e-5, x, 2, 4, { timeScale: 3, secondMoment: null, logTimeFrom: 0.01 });
    expect(below.data[0]).toBeCloseTo((3 * Math.log10(1e-3)) / Math.log10(200) / 4, 14);
  });

  it('a model with a log time feature is not the paper input', () => {
    expect(isPaperInput({ timeScale: 1, secondMoment: null, logTimeFrom: 0.01 })).toBe(false);
  });
});
