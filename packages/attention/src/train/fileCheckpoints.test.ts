/**
 * Issue #20: attention checkpoint files and attention files are read with linalg's one size-limited,
 * regular-file-only reader, and every field of a checkpoint is checked — a damaged or foreign file is one
 * `AttentionCheckpointError` line naming the field, never a crash or a silent resume.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFileError } from '@softmax-ntk/linalg/node';
import { ValidationError } from '@softmax-ntk/linalg';
import { AttentionCheckpointError } from '../internal/checkpoint';
import { readAttentionFile } from '../node';
import { randomProblem } from '../../test/fixtures';
import { fileCheckpoints } from './fileCheckpoints';
import { trainAttention } from './trainAttentionNode';

const dir = mkdtempSync(join(tmpdir(), 'attention-files-'));
const problem = randomProblem({ N: 2, d: 2, n: 3, H: 1, dh: 2, seed: 4 });
const opts = { problem, schedule: 'joint' as 'joint' | 'alternating', steps: 4, checkpointEvery: 2, eta: 0.05 };

let good: Record<string, unknown>;
beforeAll(async () => {
  const ck = join(dir, 'good.json');
  await trainAttention({ ...opts, checkpointPath: ck });
  good = JSON.parse(readFileSync(ck, 'utf8')) as Record<string, unknown>;
});

/** The field the reader names for a checkpoint `edit` makes from the good one (undefined: read without error). */
function refusal(edit: (c: Record<string, unknown>) => unknown): { field: string; message: string } | undefined {
  const c = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
  const edited = edit(c) ?? c;
  const path = join(dir, 'edited.json');
  writeFileSync(path, typeof edited === 'string' ? edited : JSON.stringify(edited));
  try {
    fileCheckpoints(path).read();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(AttentionCheckpointError);
    expect(e).toBeInstanceOf(ValidationError);
    return { field: (e as AttentionCheckpointError).field, message: (e as Error).message };
  }
}

describe('attention checkpoints: every field checked', () => {
  it('the unedited checkpoint reads back (the checks pass what they should)', () => {
    expect(refusal(() => undefined)).toBeUndefined();
    expect(good['step']).toBe(4);
  });

  it.each<[string, (c: Record<string, unknown>) => unknown, string]>([
    ['empty file', () => '', 'json'],
    ['truncated', () => JSON.stringify(good).slice(0, 40), 'json'],
    ['an array', () => [good], 'json'],
    ['another format', (c) => void (c['format'] = 'softmax-ntk/checkpoint'), 'json'],
    ['problemHash a number', (c) => void (c['problemHash'] = 7), 'problemHash'],
    ['step negative', (c) => void (c['step'] = -5), 'step'],
    ['step fractional', (c) => void (c['step'] = 1.5), 'step'],
    ['eta −1', (c) => void (c['eta'] = -1), 'eta'],
    ['eta 1e400 (Infinity after parsing)', () => JSON.stringify(good).replace(/"eta":[^,]+/, '"eta":1e400'), 'eta'],
    ['lambdaMax a string', (c) => void (c['lambdaMax'] = '3'), 'lambdaMax'],
    ['lossStart a string', (c) => void (c['lossStart'] = 'NaN'), 'lossStart'],
    ['risingSteps missing', (c) => void delete c['risingSteps'], 'risingSteps'],
    ['wk holds null', (c) => void ((c['wk'] as unknown[])[0] = null), 'wk'],
    ['alternateEvery 2.5', (c) => void (c['alternateEvery'] = 2.5), 'alternateEvery'],
    ['history a list', (c) => void (c['history'] = []), 'history'],
    ['history.loss holds a word', (c) => void ((c['history'] as { loss: unknown[] }).loss[1] = 'big'), 'history.loss'],
    ['history.phase missing', (c) => void delete (c['history'] as Record<string, unknown>)['phase'], 'history.phase'],
  ])('%s: refused naming `%s`', (_, edit, field) => {
    const r = refusal(edit);
    expect(r?.field).toBe(field);
    expect(r?.message).toMatch(/^checkpoint ".*edited\.json": /);
    expect(r?.message.split('\n')).toHaveLength(1);
  });

  it('resume refuses a changed schedule, eta or problem, naming the field (they were plain Errors, rc 70 in the CLI)', async () => {
    const ck = join(dir, 'resume.json');
    await trainAttention({ ...opts, checkpointPath: ck });
    const field = (o: Partial<typeof opts> & { problem?: typeof problem }) =>
      trainAttention({ ...opts, ...o, steps: 6, checkpointPath: ck, resume: true }).then(
        () => undefined,
        (e: unknown) => (e instanceof AttentionCheckpointError ? e.field : e),
      );
    expect(await field({ eta: 0.1 })).toBe('eta');
    expect(await field({ schedule: 'alternating' })).toBe('schedule');
    expect(await field({ problem: randomProblem({ N: 2, d: 2, n: 3, H: 1, dh: 2, seed: 5 }) })).toBe('problemHash');
  });
});

describe('files are read by linalg readInputFile: regular files only', () => {
  it('a directory, a FIFO with no writer and /dev/zero are refused as InputFileError naming the path', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    for (const p of [dir, fifo, '/dev/zero']) {
      expect(() => fileCheckpoints(p).read()).toThrow(InputFileError);
      expect(() => fileCheckpoints(p).read()).toThrow(`checkpoint: ${JSON.stringify(p)} is not a regular file`);
      expect(() => readAttentionFile(p)).toThrow(`attention file: ${JSON.stringify(p)} is not a regular file`);
    }
  });

  it('a missing checkpoint holds nothing; a missing attention file is one line with the code', () => {
    expect(fileCheckpoints(join(dir, 'none.json')).read()).toBeUndefined();
    expect(() => readAttentionFile(join(dir, 'none.json'))).toThrow(
      /^attention file: cannot read ".*none\.json": ENOENT$/,
    );
  });
});
