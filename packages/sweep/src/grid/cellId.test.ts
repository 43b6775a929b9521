import { canonicalJson, cellId } from './cellId';

describe('cell ids', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 'x' }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,{"y":"x","z":0}]},"b":1}',
    );
  });

  it('refuses non-finite numbers (they have no JSON form)', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(/NaN/);
  });

  it('the id depends on the experiment and the parameters, not on key order', () => {
    const a = cellId('train', { n: 8, m: 64, seed: 0 });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(cellId('train', { seed: 0, m: 64, n: 8 })).toBe(a);
    expect(cellId('train', { n: 8, m: 64, seed: 1 })).not.toBe(a);
    expect(cellId('table1-cell', { n: 8, m: 64, seed: 0 })).not.toBe(a);
    // pinned: an id must not change between releases (stores written before stay valid). The value is
    // sha256("train\n" + '{"m":64,"n":8,"seed":0}') computed outside this code (`printf … | sha256sum`).
    expect(a).toBe('1f2e9ef92a719468');
  });
});
