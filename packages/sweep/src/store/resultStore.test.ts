import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, parseStore, readStore, RESULTS_FILE } from './resultStore';
import type { CellRecord } from './types';

const rec = (id: string, status: 'done' | 'failed', v = 1): CellRecord => ({
  id,
  experiment: 'train',
  params: { n: 4 },
  status,
  ...(status === 'done' ? { result: { v } } : { error: 'boom' }),
  attempts: 1,
  ms: 1,
  executor: 'inline',
  worker: 'w',
  finishedAt: '2024-01-01T00:00:00.000Z',
});

describe('results store (JSON lines)', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sweep-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a torn last line (a crash mid-write) is not counted, and is cut off before the next append', () => {
    const a = JSON.stringify(rec('a', 'done'));
    const b = JSON.stringify(rec('b', 'done'));
    writeFileSync(join(dir, RESULTS_FILE), `${a}\n${b.slice(0, 25)}`);
    const before = readStore(dir);
    expect([...before.records.keys()]).toEqual(['a']);
    expect(before.ignored).toBe(1);
    const store = openStore(dir);
    expect(store.append(rec('b', 'done'))).toBe(true);
    store.close();
    expect(readFileSync(join(dir, RESULTS_FILE), 'utf8')).toBe(`${a}\n${b}\n`);
    expect([...readStore(dir).records.keys()]).toEqual(['a', 'b']);
  });

  it('a cell finished twice stores one result: the first', () => {
    const store = openStore(dir);
    expect(store.append(rec('a', 'done', 1))).toBe(true);
    expect(store.append(rec('a', 'done', 2))).toBe(false);
    store.close();
    const s = readStore(dir);
    expect(s.lines).toBe(1);
    expect(s.records.get('a')!.result).toEqual({ v: 1 });
    // and if a duplicate line is in the file anyway, readers keep the first
    const dup = parseStore(`${JSON.stringify(rec('a', 'done', 1))}\n${JSON.stringify(rec('a', 'done', 2))}\n`);
    expect(dup.records.get('a')!.result).toEqual({ v: 1 });
    expect(dup.duplicates).toBe(1);
  });

  it('a done record supersedes a failed one, never the other way', () => {
    const s = parseStore(
      [rec('a', 'failed'), rec('a', 'done'), rec('a', 'failed')].map((r) => `${JSON.stringify(r)}\n`).join(''),
    );
    expect(s.records.get('a')!.status).toBe('done');
  });

  it('lines that are not records are ignored', () => {
    const s = parseStore(`not json\n{"id":3}\n\n${JSON.stringify(rec('a', 'done'))}\n`);
    expect(s.ignored).toBe(2);
    expect(s.records.size).toBe(1);
  });
});
