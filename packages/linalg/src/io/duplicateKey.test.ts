import { findDuplicateKey, parseJsonStrict } from './duplicateKey';

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

describe('parseJsonStrict: JSON.parse that refuses invalid JSON and repeated keys in one line', () => {
  it('parses a valid document', () => {
    expect(parseJsonStrict('{"n": 1, "x": [1, 2]}')).toEqual({ n: 1, x: [1, 2] });
  });
  it('names a top-level repeated key under `json`, a nested one by its path', () => {
    expect(() => parseJsonStrict('{"n": 1, "n": 2}')).toThrow(
      'json: duplicate key "n" (JSON would keep only the last one; give each field once)',
    );
    expect(() => parseJsonStrict('{"net": {"w": 1, "w": 2}}')).toThrow(/^net: duplicate key "w"/);
  });
  it("invalid JSON is one line under `json`, through the reader's own error", () => {
    class MyError extends Error {}
    const e = (() => {
      try {
        parseJsonStrict('{"n": ', (p, d) => new MyError(`${p}: ${d}`));
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(MyError);
    expect(e?.message).toMatch(/^json: invalid JSON: /);
    expect(e?.message).not.toContain('\n');
  });
});
