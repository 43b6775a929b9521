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
