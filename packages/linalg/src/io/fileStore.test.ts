/** fileStore (read strictly, written atomically) and checkpointStoreOf, shared by network's and attention's trainers. */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../validate/validationError';
import { checkpointStoreOf, fileStore } from './fileStore';
import { InputFileError } from './readInputFile';

const dir = mkdtempSync(join(tmpdir(), 'linalg-store-'));
const numbers = (path: string) =>
  fileStore<number[]>({
    path,
    what: 'numbers',
    parse: (text) => JSON.parse(text) as number[],
    serialize: (v) => JSON.stringify(v),
    readError: (e) => new Error(`wrapped: ${e.message}`),
  });

describe('fileStore', () => {
  it('a missing file holds nothing; a write reads back; no temporary file is left', () => {
    const s = numbers(join(dir, 'a.json'));
    expect(s.read()).toBeUndefined();
    s.write([1, 0.1, -2e-300]);
    expect(s.read()).toEqual([1, 0.1, -2e-300]);
    s.write([3]);
    expect(s.read()).toEqual([3]);
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('a path that is not a regular file goes through readError; without it the InputFileError itself', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(() => numbers(sub).read()).toThrow(/^wrapped: numbers: ".*sub" is not a regular file \(a directory\)$/);
    const plain = fileStore({ path: sub, what: 'x', parse: (t) => t, serialize: (v: string) => v });
    expect(() => plain.read()).toThrow(InputFileError);
  });

  it('parse sees the text and the path', () => {
    const p = join(dir, 'b.txt');
    writeFileSync(p, 'hello');
    const seen: string[] = [];
    fileStore({ path: p, what: 'x', parse: (t, at) => seen.push(t, at), serialize: String }).read();
    expect(seen).toEqual(['hello', p]);
  });
});

describe('checkpointStoreOf', () => {
  const open = (path: string) => ({ path });
  it('opens the path, passes a given store on, and gives undefined for neither', () => {
    expect(checkpointStoreOf({ checkpointPath: 'c.json' }, open)).toEqual({ path: 'c.json' });
    expect(checkpointStoreOf({ checkpoints: { path: 'm' } }, open)).toEqual({ path: 'm' });
    expect(checkpointStoreOf({}, open)).toBeUndefined();
  });

  it.each<[string, Parameters<typeof checkpointStoreOf<{ path: string }>>[0], string]>([
    ['an empty path', { checkpointPath: '' }, 'invalid argument: checkpointPath: must be a non-empty string, got ""'],
    [
      'both',
      { checkpointPath: 'c', checkpoints: { path: 'm' } },
      'invalid argument: checkpointPath: excludes `checkpoints` (give one), got both',
    ],
    ['resume with neither', { resume: true }, 'invalid argument: resume: needs `checkpointPath`, got none'],
  ])('refuses %s as one ValidationError line', (_, o, message) => {
    expect(() => checkpointStoreOf(o, open)).toThrow(ValidationError);
    expect(() => checkpointStoreOf(o, open)).toThrow(message);
  });
});
