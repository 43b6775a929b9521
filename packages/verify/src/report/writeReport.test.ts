import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeReport } from './report';
import { writeReport } from './writeReport';
import type { CheckResult } from '../checks/types';

const check: CheckResult = {
  id: 'lemma-x',
  claim: 'a claim',
  measured: { a: 1 },
  bound: { b: 2 },
  holds: true,
  details: 'measured a',
  status: 'held',
  setup: { n: 4 },
  seconds: 0.5,
};

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe('writeReport: every file through the shared atomic writer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes report.json, .md and .html, and no temporary file is left beside them', () => {
    const written = writeReport({ report: makeReport([check], { n: 4 }), outDir: join(dir, 'out'), png: false });
    expect(written).toEqual(['report.json', 'report.md', 'report.html']);
    expect(files(join(dir, 'out'))).toEqual(['report.html', 'report.json', 'report.md']);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')).checks[0].id).toBe('lemma-x');
  });

  it('a write that fails (the target is a directory) leaves the previous files and no temporary file', () => {
    const out = join(dir, 'out');
    writeReport({ report: makeReport([check], { n: 4 }), outDir: out, png: false });
    const before = readFileSync(join(out, 'report.json'), 'utf8');
    // report.md becomes a non-empty directory: its rename fails after report.json was replaced
    rmSync(join(out, 'report.md'));
    mkdirSync(join(out, 'report.md', 'inside'), { recursive: true });
    expect(() => writeReport({ report: makeReport([check], { n: 5 }), outDir: out, png: false })).toThrow();
    expect(files(out).filter((f) => f.includes('tmp'))).toEqual([]); // the old writer left `report.md.tmp-…`
    expect(readFileSync(join(out, 'report.json'), 'utf8')).not.toBe(before); // written before the failure
  });
});
