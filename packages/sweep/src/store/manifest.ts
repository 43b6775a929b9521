/**
 * A sweep directory: `sweep.json` (the grid and how it runs), `results.jsonl`
 * (the store), and `running.json` (the cells in flight and the pid running
 * them, for `sweep status`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { SweepError, type Grid, type ParsedGrid } from '../grid/types';
import type { ExecutorName } from './types';

export const MANIFEST_FILE = 'sweep.json';
export const RUNNING_FILE = 'running.json';

export interface Manifest {
  format: 'softmax-ntk/sweep';
  version: 1;
  sweepId: string;
  name: string;
  /** The grid, normalised (seeds folded into axes). */
  grid: Grid;
  cells: number;
  executor: ExecutorName;
  /** Redis URL and queue name for the `queue` executor. */
  queue: string | null;
  queueName: string | null;
  updatedAt: string;
}

export interface RunningFile {
  pid: number;
  host: string;
  running: string[];
  updatedAt: string;
}

export function gridOf(g: ParsedGrid): Grid {
  const grid: Grid = { name: g.name, experiment: g.experiment, axes: g.axes, record: g.record };
  if (Object.keys(g.fixed).length) grid.fixed = g.fixed;
  if (g.points.length) grid.points = g.points;
  return grid;
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(m, null, 2)}\n`);
}

/** Reads and checks the manifest (`sweep.json`) of a sweep directory: the grid and how it runs. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path))
    throw new SweepError(
      'out',
      `no sweep in ${dir}: ${MANIFEST_FILE} is missing (run \`sweep run GRID --out ${dir}\` first)`,
    );
  const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (m.format !== 'softmax-ntk/sweep') throw new SweepError('out', `${path} is not a sweep manifest`);
  return m;
}

export function writeRunning(dir: string, running: Iterable<string>, host: string): void {
  const r: RunningFile = { pid: process.pid, host, running: [...running], updatedAt: new Date().toISOString() };
  writeFileAtomic(join(dir, RUNNING_FILE), `${JSON.stringify(r)}\n`);
}

export function readRunning(dir: string): RunningFile | undefined {
  const path = join(dir, RUNNING_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunningFile;
  } catch {
    return undefined;
  }
}
