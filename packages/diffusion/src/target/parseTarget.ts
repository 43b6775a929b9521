/**
 * Reading the target file (shared/spec/target-file.md): Gaussian mixtures,
 * named 2-D toy sets and data files, each refused with a message naming the
 * offending field when malformed.
 */
import type { Matrix, Rng } from '@softmax-ntk/linalg';
import { looksNumeric, parseDecimal } from '@softmax-ntk/network';
import { show } from '../internal/validate';
import { sampleMixture } from './mixture';
import { namedMixture, sampleNamed } from './named';
import {
  NAMED_TARGETS,
  TargetError,
  type GaussianMixture,
  type NamedTarget,
  type Target,
  type TargetSpec,
} from './target';

/** |Σ w_k − 1| allowed by the spec; weights are never renormalised silently. */
const WEIGHT_SUM_TOLERANCE = 1e-9;

/** Options of {@link parseTarget}. */
export interface ParseTargetOptions {
  /** Directory that relative `data` paths are relative to (the target file's directory); default the working directory. */
  baseDir?: string;
  /**
   * Reads a `data` target's file: the path as written in the target and `baseDir`, to the resolved path and
   * its rows. `parseTarget` and `readTargetFile` of `@softmax-ntk/diffusion/node` pass the file reader;
   * without one a `data` target is an error (the main entry reads no files).
   */
  readData?: (path: string, baseDir: string | undefined) => { path: string; data: Matrix; sha256?: string };
}

/** A target from the target file's parsed JSON.
 *
 * @example
 * ```ts
 * import { Rng } from '@softmax-ntk/linalg';
 * import { parseTarget } from '@softmax-ntk/diffusion';
 *
 * // A built-in target: 8 Gaussians on a circle of radius 2 (a mixture, so its exact score is known)
 * const target = parseTarget({ type: 'named', name: '8-gaussians' });
 * const draws = target.sample(1000, new Rng(0));
 * console.log(target.name, target.dim, target.mixture.means.rows, draws.rows, draws.cols);
 * // → 8-gaussians 2 8 1000 2
 * ```
 */
export function parseTarget(json: unknown, options: ParseTargetOptions = {}): Target {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new TargetError('json', `target: expected a JSON object, got ${show(json)}`);
  const o = json as Record<string, unknown>;
  switch (o['type']) {
    case 'gaussian-mixture': {
      const mixture = parseMixture(o);
      const spec: TargetSpec = {
        type: 'gaussian-mixture',
        weights: o['weights'] as number[],
        means: o['means'] as number[][],
        std: o['std'] as number[],
      };
      return {
        spec,
        name: `gaussian-mixture (K = ${mixture.weights.length})`,
        dim: mixture.means.cols,
        mixture,
        sample: (n, rng) => sampleMixture(mixture, n, rng),
      };
    }
    case 'named': {
      const name = o['name'];
      if (typeof name !== 'string' || !(NAMED_TARGETS as readonly string[]).includes(name)) {
        throw new TargetError(
          'name',
          `target: unknown \`name\` ${show(name)}; expected one of ${NAMED_TARGETS.join(', ')}`,
        );
      }
      const mixture = namedMixture(name as NamedTarget);
      const t: Target = {
        spec: { type: 'named', name: name as NamedTarget },
        name,
        dim: 2,
        sample: mixture
          ? (n, rng) => sampleMixture(mixture, n, rng)
          : (n, rng) => sampleNamed(name as NamedTarget, n, rng),
      };
      if (mixture) t.mixture = mixture;
      return t;
    }
    case 'data': {
      const p = o['path'];
      if (typeof p !== 'string' || p === '')
        throw new TargetError('path', `target: \`path\` must be a non-empty string, got ${show(p)}`);
      const expected = o['sha256'];
      if (expected !== undefined && (typeof expected !== 'string' || !/^[0-9a-f]{64}$/.test(expected)))
        throw new TargetError('sha256', `target: \`sha256\` must be 64 lowercase hex digits, got ${show(expected)}`);
      if (!options.readData)
        throw new TargetError(
          'path',
          'target: a `data` target reads a file: use parseTarget or readTargetFile of @softmax-ntk/diffusion/node',
        );
      const { path, data, sha256 } = options.readData(p, options.baseDir);
      // A model file names its data by path and hash: a different file at that path is refused, not used.
      if (expected !== undefined && expected !== sha256)
        throw new TargetError(
          'sha256',
          `target: data file ${JSON.stringify(path)} has changed since the model was trained (sha256 ${(sha256 ?? 'unknown').slice(0, 12)}…, expected ${expected.slice(0, 12)}…)`,
        );
      return {
        spec: sha256 === undefined ? { type: 'data', path } : { type: 'data', path, sha256 },
        name: `data ${p} (n = ${data.rows})`,
        dim: data.cols,
        data,
        // Fresh draws from the empirical distribution: rows with replacement.
        sample: (n, rng) => resampleRows(data, n, rng),
      };
    }
    default:
      throw new TargetError(
        'type',
        `target: \`type\` must be "gaussian-mixture", "named" or "data", got ${show(o['type'])}`,
      );
  }
}

function finiteArray(field: string, v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length === 0)
    throw new TargetError(field, `target: \`${field}\` must be a non-empty array ${what}, got ${show(v)}`);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new TargetError(field, `target: \`${field}[${i}]\` must be a finite number, got ${show(x)}`);
  });
  return v as number[];
}

function parseMixture(o: Record<string, unknown>): GaussianMixture {
  const weights = finiteArray('weights', o['weights'], 'of K numbers');
  const K = weights.length;
  weights.forEach((w, k) => {
    if (w < 0) throw new TargetError('weights', `target: \`weights[${k}]\` must be non-negative, got ${w}`);
  });
  const sum = weights.reduce((s, w) => s + w, 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE)
    throw new TargetError('weights', `target: \`weights\` must sum to 1 (within 1e-9), got ${sum}`);
  const means = o['means'];
  if (!Array.isArray(means) || means.length !== K)
    throw new TargetError(
      'means',
      `target: \`means\` must be K × d with K = ${K} (one row per weight), got ${show(means)}`,
    );
  const rows = means.map((r, k) => finiteArray('means', r, `(row ${k})`));
  const d = rows[0]!.length;
  rows.forEach((r, k) => {
    if (r.length !== d)
      throw new TargetError('means', `target: \`means\` is ragged: row 0 has ${d} entries, row ${k} has ${r.length}`);
  });
  const std = o['std'];
  if (!Array.isArray(std) || std.length !== K)
    throw new TargetError('std', `target: \`std\` must have K = ${K} entries (or K rows of d), got ${show(std)}`);
  const s = new Float64Array(K * d);
  std.forEach((e, k) => {
    if (Array.isArray(e)) {
      if (e.length !== d)
        throw new TargetError('std', `target: \`std[${k}]\` must have d = ${d} entries, got ${e.length}`);
      e.forEach((v, j) => {
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
          throw new TargetError('std', `target: \`std[${k}][${j}]\` must be a finite number > 0, got ${show(v)}`);
        s[k * d + j] = v;
      });
    } else {
      if (typeof e !== 'number' || !Number.isFinite(e) || e <= 0)
        throw new TargetError('std', `target: \`std[${k}]\` must be a finite number > 0, got ${show(e)}`);
      s.fill(e, k * d, (k + 1) * d);
    }
  });
  const m = new Float64Array(K * d);
  rows.forEach((r, k) => m.set(r, k * d));
  return {
    weights: Float64Array.from(weights),
    means: { rows: K, cols: d, data: m },
    std: { rows: K, cols: d, data: s },
  };
}

/**
 * Rows of numbers from the text of a CSV or JSON (an array of rows) file; `path` names it. CSV cells are
 * decimal numbers only (no hex, no `Infinity`, no empty cell), and the first line is a header only when none
 * of its cells is written as a number.
 */
export function parseDataRows(text: string, path: string): Matrix {
  let rows: unknown[][];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new TargetError(
        'path',
        `target: data file ${JSON.stringify(path)} is not valid JSON: ${(e as Error).message}`,
      );
    }
    if (!Array.isArray(json) || !json.every(Array.isArray))
      throw new TargetError('path', `target: data file ${JSON.stringify(path)} must be a JSON array of rows`);
    rows = json as unknown[][];
  } else {
    const lines = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const cells = lines.map((l) => l.split(/\s*[,;\t]\s*|\s+/));
    // An optional header: a first line none of whose cells is written as a number.
    if (cells.length && !cells[0]!.some(looksNumeric)) cells.shift();
    rows = cells.map((r) => r.map((c) => parseDecimal(c) ?? c));
  }
  if (rows.length === 0) throw new TargetError('path', `target: data file ${JSON.stringify(path)} has no rows`);
  const d = rows[0]!.length;
  if (d === 0) throw new TargetError('path', `target: data file ${JSON.stringify(path)}: row 1 is empty`);
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    if (r.length !== d)
      throw new TargetError(
        'path',
        `target: data file ${JSON.stringify(path)} is ragged: row 1 has ${d} numbers, row ${i + 1} has ${r.length}`,
      );
    r.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new TargetError(
          'path',
          `target: data file ${JSON.stringify(path)}: row ${i + 1}, column ${j + 1} is not a finite number (${show(v)})`,
        );
      data[i * d + j] = v;
    });
  });
  return { rows: rows.length, cols: d, data };
}

function resampleRows(data: Matrix, n: number, rng: Rng): Matrix {
  const d = data.cols;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rng.int(data.rows);
    out.set(data.data.subarray(r * d, (r + 1) * d), i * d);
  }
  return { rows: n, cols: d, data: out };
}
