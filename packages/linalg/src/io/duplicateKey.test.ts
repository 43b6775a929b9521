import { assertNoDuplicateKey, findDuplicateKey } from './duplicateKey';

describe('findDuplicateKey: the first key repeated within one JSON object', () => {
  it.each([
    ['{"a": 1, "a": 2}', { path: '', key: 'a' }],
    ['{"activation": "softmax", "w": [[1]], "activation": "relu"}', { path: '', key: 'activation' }],
    ['{"network": {"w": 1, "a": 2, "w": 3}}', { path: 'network', key: 'w' }],
    ['{"runs": [{"x": 1}, {"x": 2}, {"y": 1, "y": 2}]}', { path: 'runs[2]', key: 'y' }],
    ['[[{"k": 1}], [{"k": 1, "k": 1}]]', { path: '[1][0]', key: 'k' }],
    // escapes decode before comparing: "\u0061" is "a"
    ['{"a": 1, "\\u0061": 2}', { path: '', key: 'a' }],
  ])('%s → %j', (text, expected) => {
    expect(findDuplicateKey(text)).toEqual(expected);
  });

  it.each([
    '{"a": 1, "b": 2}',
    '[{"a": 1}, {"a": 2}]', // the same key in sibling objects
    '{"a": {"a": {"a": 1}}}', // the same key at different depths
    '{"a": "{\\"a\\": 1, \\"a\\": 2}", "b": "\\\\"}', // braces, quotes and a backslash inside strings
    '{"a": ["a", "a", {"b": "a"}], "c": 1}', // strings equal to keys as values
    '[1, 2, 3]',
    '"just a string"',
    '{}',
  ])('%s has none', (text) => {
    expect(findDuplicateKey(text)).toBeUndefined();
  });

  it('agrees with JSON.parse on which documents lose a key, over generated objects', () => {
    // a document loses a key exactly when JSON.parse keeps fewer keys than the text names
    const keys = ['a', 'b', 'c', 'w'];
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let withDup = 0;
    for (let trial = 0; trial < 300; trial++) {
      const names = Array.from({ length: 1 + Math.floor(next() * 4) }, () => keys[Math.floor(next() * 4)]!);
      const text = `{"outer": [1, {${names.map((k, i) => `"${k}": ${i}`).join(', ')}}]}`;
      const parsed = (JSON.parse(text) as { outer: [number, Record<string, number>] }).outer[1];
      const lost = Object.keys(parsed).length < names.length;
      if (lost) withDup++;
      expect(findDuplicateKey(text) !== undefined).toBe(lost);
      if (lost) expect(findDuplicateKey(text)?.path).toBe('outer[1]');
    }
    expect(withDup).toBeGreaterThan(50); // the generator does make duplicates
  });
});

describe('findDuplicateKey: strings that look like structure', () => {
  it('braces, quotes and colons inside strings are not structure', () => {
    expect(findDuplicateKey('{"a": "{\\"b\\": 1, \\"b\\": 2}", "c": ":"}')).toBeUndefined();
    expect(findDuplicateKey('{"k": "}", "k": 1}')).toEqual({ path: '', key: 'k' });
  });
  it('a key ending in an escaped backslash, and keys equal only once decoded', () => {
    expect(findDuplicateKey('{"a\\\\": 1, "a\\\\" : 2}')).toEqual({ path: '', key: 'a\\' });
    expect(findDuplicateKey('{"x": {"\\u0061": 1, "a": 2}}')).toEqual({ path: 'x', key: 'a' });
    expect(findDuplicateKey('{"a\\"": 1, "a": 2}')).toBeUndefined();
  });
  it('whitespace of every JSON kind before the colon', () => {
    expect(findDuplicateKey('{"a" \t\r\n: 1, "a"\n:2}')).toEqual({ path: '', key: 'a' });
  });
});

describe("assertNoDuplicateKey: one line through the reader's own error", () => {
  it('passes a document without repeats', () => {
    expect(() =>
      assertNoDuplicateKey('{"n": 1, "x": [{"a": 1}, {"a": 2}]}', (p, d) => new Error(`${p}: ${d}`)),
    ).not.toThrow();
  });
  it('names a top-level repeated key under `json`, a nested one by its path', () => {
    const err = (p: string, d: string): Error => new Error(`${p}: ${d}`);
    expect(() => assertNoDuplicateKey('{"n": 1, "n": 2}', err)).toThrow(
      'json: duplicate key "n" (JSON would keep only the last one; give each field once)',
    );
    expect(() => assertNoDuplicateKey('{"net": {"w": 1, "w": 2}}', err)).toThrow(/^net: duplicate key "w"/);
  });
  it("throws the reader's error class", () => {
    class MyError extends Error {}
    expect(() => assertNoDuplicateKey('{"a": 1, "a": 1}', (p, d) => new MyError(`${p}: ${d}`))).toThrow(MyError);
  });
});
