import { inputWidth, isPaperInput, networkInput, PAPER_INPUT } from './networkInput';

describe('isPaperInput: the one place that decides "the paper\'s input (t/T, x(t))"', () => {
  it('is true for PAPER_INPUT and for an equal literal, false when either feature differs', () => {
    expect(isPaperInput(PAPER_INPUT)).toBe(true);
    expect(isPaperInput({ timeScale: 1, secondMoment: null })).toBe(true);
    // each field alone decides: a check of one field only would call these the paper's input
    expect(isPaperInput({ timeScale: 1, secondMoment: 0.5 })).toBe(false);
    expect(isPaperInput({ timeScale: 4, secondMoment: null })).toBe(false);
    expect(isPaperInput({ timeScale: 1, secondMoment: null, bias: 1 })).toBe(false);
    // bias 0 is "no constant coordinate": still the paper's input, d + 1 wide
    expect(isPaperInput({ timeScale: 1, secondMoment: null, bias: 0 })).toBe(true);
    expect([inputWidth(2), inputWidth(2, { timeScale: 1, secondMoment: null, bias: 0 })]).toEqual([3, 3]);
    expect(inputWidth(5, { timeScale: 3, secondMoment: 0.2, bias: 0.5 })).toBe(7);
  });

  it("PAPER_INPUT's rows are (t/T, x)/R, as Section 6.1 feeds the network", () => {
    const x = { rows: 2, cols: 2, data: Float64Array.from([0.2, -0.4, 1, 3]) };
    const rows = networkInput(Float64Array.from([0.5, 1]), x, 2, 4, PAPER_INPUT);
    expect(Array.from(rows.data)).toEqual([0.25 / 4, 0.2 / 4, -0.4 / 4, 0.5 / 4, 1 / 4, 3 / 4]);
  });
});

describe('the constant coordinate c_b (InputFeatures.bias, beyond the paper)', () => {
  it('appends c_b/R to every row, after (c_t·t/T, x)/R', () => {
    const x = { rows: 2, cols: 2, data: Float64Array.from([0.2, -0.4, 1, 3]) };
    const rows = networkInput(Float64Array.from([0.5, 1]), x, 2, 4, { timeScale: 1, secondMoment: null, bias: 3 });
    expect([rows.rows, rows.cols]).toEqual([2, 4]);
    expect(Array.from(rows.data)).toEqual([0.25 / 4, 0.2 / 4, -0.4 / 4, 3 / 4, 0.5 / 4, 1 / 4, 3 / 4, 3 / 4]);
  });
});
