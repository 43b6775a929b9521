/** The demos' input checks: one line per bad field, naming the field, the range and the value. */
import { checkInputs, readParams, toParams, type FieldRule } from '../src/demo/checkInputs';

const RULES: Record<string, FieldRule> = {
  n: { label: 'n', min: 2, max: 64, integer: true },
  m: { label: 'm', min: 2, max: 4096, even: true },
  c: { label: 'η scale c', min: 0.01, max: 4 },
  sigma: { label: 'σ', min: 0, max: 32, optional: true },
};

describe('checkInputs', () => {
  test('good values pass; an empty optional field means the default', () => {
    expect(checkInputs({ n: 8, m: 128, c: 1, sigma: null }, RULES)).toEqual([]);
    expect(checkInputs({ n: 2, m: 4096, c: 4, sigma: '' }, RULES)).toEqual([]);
  });
  test('each bad field is one line naming it, its range and the value', () => {
    expect(checkInputs({ n: 1, m: 7, c: Number.NaN, sigma: -1 }, RULES)).toEqual([
      'n must be an integer in [2, 64], got 1',
      'm must be an even integer in [2, 4096] (the symmetric initialisation pairs the neurons), got 7',
      'η scale c must be a number in [0.01, 4], got NaN',
      'σ must be a number in [0, 32], got -1',
    ]);
  });
  test('non-integers, non-numbers and empty required fields are refused', () => {
    expect(checkInputs({ n: 2.5, m: 8, c: 1 }, RULES)).toEqual(['n must be an integer in [2, 64], got 2.5']);
    expect(checkInputs({ n: '8', m: '', c: 1 }, RULES)).toEqual([
      'n must be an integer in [2, 64], got "8"',
      'm must be an even integer in [2, 4096], got ""',
    ]);
  });
});

describe('readParams / toParams', () => {
  test('a run written to the URL reads back to the same values', () => {
    const values = { n: 8, m: 128, c: 0.5, sigma: null };
    const keys = ['n', 'm', 'c', 'sigma'];
    const url = toParams(values, keys);
    expect(url).toBe('?n=8&m=128&c=0.5&sigma=');
    const back: Record<string, unknown> = { n: 1, m: 2, c: 3, sigma: 4 };
    readParams(url, back, keys);
    expect(back).toEqual(values);
  });
  test('a field absent from the URL keeps its value; a bad one is read as NaN for the check to refuse', () => {
    const into: Record<string, unknown> = { n: 8, m: 128 };
    readParams('?m=abc', into, ['n', 'm']);
    expect(into.n).toBe(8);
    expect(into.m).toBeNaN();
  });
});
