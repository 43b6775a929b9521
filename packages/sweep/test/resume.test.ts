/** A sweep interrupted (a signal, or a crash that tore the last line) and restarted runs only the unfinished cells. */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStore, runSweep, sweepStatus } from '../src/node';
import { type Grid } from '../src/index';

const grid: Grid = { experiment: 'table1-cell', axes: { n: [4, 6], m: [16, 32, 64] }, fixed: { steps: 200 } };

describe('resuming a sweep', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sweep-resume-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('after an interruption, the rerun runs exactly the cells that were not finished', async () => {
    const ctl = new AbortController();
    const first = await runSweep({
      grid,
      out: dir,
      signal: ctl.signal,
      onProgress: (p) => p.done === 2 && ctl.abort(),
    });
    expect(first).toMatchObject({ total: 6, ran: 2, done: 2, pending: 4, interrupted: true });
    const s = await sweepStatus({ out: dir });
    expect(s).toMatchObject({ total: 6, done: 2, pending: 4, running: 0, failed: 0 });
    expect(s.progress).toBeCloseTo(2 / 6, 12);

    const ran: string[] = [];
    const second = await runSweep({ grid, out: dir, onProgress: (p) => ran.push(p.record.id) });
    expect(second).toMatchObject({ ran: 4, skipped: 2, done: 6, pending: 0, interrupted: false });
    const doneFirst = first.cells.filter((c) => c.status === 'done').map((c) => c.id);
    expect(ran.sort()).toEqual(
      first.cells
        .filter((c) => c.status === 'pending')
        .map((c) => c.id)
        .sort(),
    );
    expect(ran.some((id) => doneFirst.includes(id))).toBe(false);
    expect(readStore(dir).lines).toBe(6);
  });

  it('a crash that left half a line: that cell is not counted and runs again; the store ends with one whole line per cell', async () => {
    await runSweep({ grid, out: dir });
    const path = join(dir, 'results.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const lost = JSON.parse(lines[5]!).id as string;
    writeFileSync(path, `${lines.slice(0, 5).join('\n')}\n`);
    appendFileSync(path, lines[5]!.slice(0, 40)); // the write cut short
    const ran: string[] = [];
    const r = await runSweep({ grid, out: dir, onProgress: (p) => ran.push(p.record.id) });
    expect(ran).toEqual([lost]);
    expect(r).toMatchObject({ ran: 1, skipped: 5, done: 6 });
    const after = readFileSync(path, 'utf8');
    expect(after.endsWith('\n')).toBe(true);
    expect(
      after
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id)
        .sort(),
    ).toEqual(r.cells.map((c) => c.id).sort());
  });

  it('a sweep process killed (SIGKILL) mid-run: the rerun runs only the cells it had not finished', async () => {
    // 8 cells of a few hundred ms each
    const g: Grid = {
      experiment: 'train',
      axes: { seed: [0, 1, 2, 3, 4, 5, 6, 7] },
      fixed: { n: 16, d: 4, m: 256, steps: 300 },
    };
    const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'runSweep.mjs'), JSON.stringify(g), dir], {
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    const path = join(dir, 'results.jsonl');
    const complete = () => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0);
    while (complete() < 2) await new Promise((r) => setTimeout(r, 10));
    // while the runner lives, status shows the cell it is on as running
    let live = await sweepStatus({ out: dir });
    while (live.running === 0 && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 5));
      live = await sweepStatus({ out: dir });
    }
    expect(live.running).toBe(1);
    expect(live.done + live.running + live.pending).toBe(8);
    child.kill('SIGKILL');
    await exited;
    const before = readStore(dir).records.size;
    // once it is dead, nothing is running: its unfinished cells are pending
    expect(await sweepStatus({ out: dir })).toMatchObject({ running: 0, done: before, pending: 8 - before });
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(8);
    const r = await runSweep({ grid: g, out: dir });
    expect(r).toMatchObject({ total: 8, done: 8, skipped: before, ran: 8 - before });
    const ids = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id);
    expect(new Set(ids).size).toBe(8);
    expect(ids).toHaveLength(8);
  });

  it('a grid that grows reuses the cells it shares with the old one', async () => {
    await runSweep({ grid, out: dir });
    const bigger = await runSweep({ grid: { ...grid, axes: { n: [4, 6], m: [16, 32, 64, 128] } }, out: dir });
    expect(bigger).toMatchObject({ total: 8, skipped: 6, ran: 2 });
  });
});
