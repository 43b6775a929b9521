/**
 * Reading the target file (shared/spec/target-file.md): Gaussian mixtures,
 * named 2-D toy sets and data files, each refused with a message naming the
 * offending field when malformed.
 */
import { parseNumberCsv, parseWithSchema, type Matrix, type Rng, assertNoDuplicateKey } from '@softmax-ntk/linalg';
import { sampleMixture } from './mixture';
import { namedMixture, sampleNamed } from './named';
import { TargetError, type GaussianMixture, type NamedTarget, type Target, type TargetSpec } from './target';
import { dataRowsJsonSchema, targetFileSchema, type TargetFileJson } from './targetSchema';

/** $\lvert \sum_k w_k - 1 \rvert$ allowed by the spec; weights are never renormalised silently. */
const WEIGHT_SUM_TOLERANCE = 1e-9;

/** Options of {@link parseTarget}. */
export interface ParseTargetOptions {
  /** Directory that relative `data` paths are relative to (the target file's directory); default the working directory. */
  baseDir?: string;
  /**
   * Reads a `data` target's file: the path as written in the target and `baseDir`, to the resolved path and
   * its rows. `readTargetData` of `@softmax-ntk/diffusion/node` is the file reader (`readTargetFile` passes it);
   * without one a `data` target is an error (the main entry reads no files).
   */
  readData?: (path: string, baseDir: string | undefined) => { path: string; data: Matrix; sha256?: string };
}

const error = (path: string, detail: string) => new TargetError(path, detail);

/**
 * A target from the target file's parsed JSON: first the types of the schema (`targetFileSchema`, nothing
 * coerced), then what JSON Schema cannot say (weights summing to 1, K rows of one length); the first defect is
 * one `TargetError` line naming its field path (`weights[1]: expected a number ≥ 0, got -0.5`).
 *
 * @param json - The target file's content (parsed JSON).
 * @param options - Where relative data paths start, and how a data file is read.
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
  const o = parseWithSchema(targetFileSchema(), json, { error });
  switch (o.type) {
    case 'gaussian-mixture': {
      const mixture = parseMixture(o);
      const spec: TargetSpec = { type: 'gaussian-mixture', weights: o.weights, means: o.means, std: o.std };
      return {
        spec,
        name: `gaussian-mixture (K = ${mixture.weights.length})`,
        dim: mixture.means.cols,
        mixture,
        sample: (n, rng) => sampleMixture(mixture, n, rng),
      };
    }
    case 'named': {
      const name: NamedTarget = o.name;
      const mixture = namedMixture(name);
      const t: Target = {
        spec: { type: 'named', name },
        name,
        dim: 2,
        sample: mixture ? (n, rng) => sampleMixture(mixture, n, rng) : (n, rng) => sampleNamed(name, n, rng),
      };
      if (mixture) t.mixture = mixture;
      return t;
    }
    case 'data': {
      const expected = o.sha256;
      if (!options.readData)
        throw new TargetError(
          'path',
          'a `data` target reads a file: pass `readData: readTargetData` of @softmax-ntk/diffusion/node (or use its readTargetFile)',
        );
      const { path, data, sha256 } = options.readData(o.path, options.baseDir);
      // A model file names its data by path and hash: a different file at that path is refused, not used.
      if (expected !== undefined && expected !== sha256)
        throw new TargetError(
          'sha256',
          `data file ${JSON.stringify(path)} has changed since the model was trained (sha256 ${(sha256 ?? 'unknown').slice(0, 12)}…, expected ${expected.slice(0, 12)}…)`,
        );
      return {
        spec: sha256 === undefined ? { type: 'data', path } : { type: 'data', path, sha256 },
        name: `data ${o.path} (n = ${data.rows})`,
        dim: data.cols,
        data,
        // Fresh draws from the empirical distribution: rows with replacement.
        sample: (n, rng) => resampleRows(data, n, rng),
      };
    }
  }
}

function parseMixture(o: Extract<TargetFileJson, { type: 'gaussian-mixture' }>): GaussianMixture {
  const { weights, means, std } = o;
  const K = weights.length;
  const sum = weights.reduce((s, w) => s + w, 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE)
    throw new TargetError('weights', `expected weights summing to 1 (within 1e-9), got a sum of ${sum}`);
  if (means.length !== K)
    throw new TargetError('means', `expected K = ${K} rows (one per weight), got ${means.length}`);
  const d = (means[0] as number[]).length;
  means.forEach((r, k) => {
    if (r.length !== d)
      throw new TargetError(`means[${k}]`, `expected d = ${d} entries (as row 0 has), got ${r.length}`);
  });
  if (std.length !== K) throw new TargetError('std', `expected K = ${K} entries (or K rows of d), got ${std.length}`);
  const s = new Float64Array(K * d);
  std.forEach((e, k) => {
    if (Array.isArray(e)) {
      if (e.length !== d) throw new TargetError(`std[${k}]`, `expected d = ${d} entries, got ${e.length}`);
      s.set(e, k * d);
    } else {
      s.fill(e, k * d, (k + 1) * d);
    }
  });
  const m = new Float64Array(K * d);
  means.forEach((r, k) => m.set(r, k * d));
  return {
    weights: Float64Array.from(weights),
    means: { rows: K, cols: d, data: m },
    std: { rows: K, cols: d, data: s },
  };
}

/**
 * Rows of numbers from the text of a data file; `path` names it. JSON (text starting with `[`): an array of rows
 * of finite numbers, nothing coerced. Otherwise CSV by linalg's one reader (`parseNumberCsv`: comma or tab
 * separated, `#` comments, a header only when the first record has no number at all, decimal cells only, rows of
 * one length). Every defect is a `TargetError` of field `path`:
 * `data file "/data/points.csv": row 3 (line 4), column 2: expected a finite number, got "0x10"`.
 *
 * @param text - The data file's text.
 * @param path - The file's path, named in messages.
 *
 * @example
 * ```ts
 * import { TargetError, parseDataRows } from '@softmax-ntk/diffusion';
 *
 * // CSV or JSON rows of a data target's file; a defect names the file, the row and the column
 * const m = parseDataRows('x,y\n0.5,1\n-1,2\n', 'points.csv');
 * console.log(m.rows, m.cols, Array.from(m.data).join(' ')); // 2 2 0.5 1 -1 2
 * try {
 *   parseDataRows('0.5,1\n-1,0x10\n', 'points.csv');
 * } catch (e) {
 *   console.log(e instanceof TargetError, e.message);
 *   // → true data file "points.csv": row 2 (line 2), column 2: expected a finite number, got "0x10"
 * }
 * ```
 */
export function parseDataRows(text: string, path: string): Matrix {
  const source = `data file ${JSON.stringify(path)}`;
  // Every defect of the data file is one of the target's field `path`, which names the file.
  const error = (p: string, detail: string) => new TargetError(p, detail, '', 'path');
  if (!text.trimStart().startsWith('[')) return parseNumberCsv(text, { source, error }).data;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw error(source, `invalid JSON: ${(e as Error).message}`);
  }
  assertNoDuplicateKey(text, (p, d) => error(p === 'json' ? source : `${source}: ${p}`, d));
  const rows = parseWithSchema(dataRowsJsonSchema(), json, { root: source, error });
  const d = (rows[0] as number[]).length;
  const data = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    if (r.length !== d) throw error(`${source}[${i}]`, `expected ${d} numbers (as row 0 has), got ${r.length}`);
    data.set(r, i * d);
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
