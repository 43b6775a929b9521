/**
 * `softmax-ntk ntk`: the Gram matrix H(W) of Definition 3.6 for a problem
 * file — λ_min, λ_max, condition number, a summary — and NTK-regression
 * predictions (Definition F.1) at test points.
 */
import type { Command } from 'commander';
import { fromRows, toRows, type Matrix, assertNoDuplicateKey } from '@softmax-ntk/linalg';
import { readInputFile } from '@softmax-ntk/linalg/node';
import { largeSpectrum, ntkRegression, spectrum, type LargeSpectrumProgress } from '@softmax-ntk/ntk';
import { gramAsync, writeMatrixFile } from '@softmax-ntk/ntk/node';
import type { Context } from '../internal/context';
import { CliError, parseInteger, parseNumber } from '../internal/errors';
import { loadProblem } from '../internal/problemInput';
import { capOf, checkMemory, f64 } from '../internal/limits';
import { checkOutputPath } from '../internal/outputs';
import { checkFinite } from '../internal/finite';

/**
 * Memory of `ntk` before H is formed: H is (n·d_out)² float64, and the spectrum and the regression's
 * Cholesky factor each hold a copy of the same size.
 */
export function checkNtkMemory(nOut: number, cap: number): void {
  checkMemory(
    `H (${nOut} × ${nOut}, n·d_out of the problem file) and its factor`,
    f64(3 * nOut * nOut),
    [{ option: '--problem n·d_out =', value: nOut }],
    cap,
  );
}

/** Above this n·d_out, `ntk` without --full/--out/--test takes the matrix-free route (H is not formed). */
export const MATRIX_FREE_ABOVE = 8192;

/** Basis vectors the matrix-free route keeps at most (its `maxIter`). */
const MATRIX_FREE_BASIS = 1000;

/**
 * Memory of the matrix-free route: S and two n × m work buffers of the structured product, and the Lanczos
 * basis (at most MATRIX_FREE_BASIS vectors of n·d_out).
 */
export function checkMatrixFreeMemory(n: number, m: number, nOut: number, cap: number): void {
  checkMemory(
    `the structured product (3 × n × m) and the Lanczos basis (${MATRIX_FREE_BASIS} × n·d_out)`,
    f64(3 * n * m + MATRIX_FREE_BASIS * nOut),
    [
      { option: '--problem n·m =', value: n * m },
      { option: '--problem n·d_out =', value: nOut },
    ],
    cap,
  );
}

/** One progress line of the matrix-free route (stderr). */
function progressLine(p: LargeSpectrumProgress): string {
  return (
    `softmax-ntk: ntk: ${p.products} products, θ_min ${p.thetaMin.toExponential(4)}, ` +
    `θ_max ${p.thetaMax.toPrecision(10)} (residual ${(p.residualMax / p.thetaMax).toExponential(1)}), ` +
    `${(p.elapsedMs / 1000).toFixed(1)} s\n`
  );
}

function readTestFile(path: string, dIn: number): Matrix {
  let doc: unknown;
  let text: string;
  try {
    text = readInputFile({ path, what: '--test' });
    doc = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path}: ${(err as Error).message}`);
  }
  assertNoDuplicateKey(text, (p, d) => new CliError(`${path}: ${p}: ${d}`));
  const x = (doc as { x?: unknown })?.x;
  if (!Array.isArray(x) || x.some((r) => !Array.isArray(r)))
    throw new CliError(`${path}: x: expected an array of rows {"x": n_te × d_in}`);
  // checked here, before H is formed, and named as the file names it (the regression would say `xTest`)
  if (x.length === 0) throw new CliError(`${path}: x: expected at least one row of length d_in = ${dIn}, got []`);
  // Strict: every entry a finite JSON number (null is not 0, "0.2" is not 0.2, rows are not flattened).
  const rows = (x as unknown[][]).map((row, i) =>
    row.map((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new CliError(`${path}: x[${i}][${j}]: expected a finite number, got ${JSON.stringify(v) ?? String(v)}`);
      return v;
    }),
  );
  let m: Matrix;
  try {
    m = fromRows(rows, 'x');
  } catch (err) {
    throw new CliError(`${path}: ${(err as Error).message}`);
  }
  if (m.cols !== dIn) throw new CliError(`${path}: x: expected rows of length d_in = ${dIn}, got ${m.cols}`);
  if (!m.data.every(Number.isFinite)) throw new CliError(`${path}: x: every entry must be a finite number`);
  return m;
}

export function registerNtk(program: Command, getCtx: () => Context): void {
  program
    .command('ntk')
    .description(
      'the NTK Gram matrix H(W) (Definition 3.6): λ_min, λ_max, condition number; NTK-regression predictions',
    )
    .option('--problem <file>', 'the problem file (its W is the W of H(W))')
    .option(
      '--test <file>',
      'test inputs {"x": n_te × d_in}: print the NTK-regression predictions F_ntk(x_te) (Definition F.1)',
    )
    .option('--ridge <ρ>', 'ridge added to H for the regression', '0')
    .option('--full', 'include H in full in the --json output', false)
    .option('--out <file>', 'write H: NumPy .npy when the name ends in .npy, else softmax-ntk binary')
    .option(
      '--matrix-free',
      `λ_min and λ_max without forming H (structured Lanczos; the default above n·d_out = ${MATRIX_FREE_ABOVE} unless --full, --out or --test)`,
    )
    .option(
      '--confirm-zero',
      'matrix-free: when the rank bound proves λ_min = 0, still iterate until the smallest Ritz value is ≤ 1e-6·λ_max',
    )
    .option(
      '--threads <k>',
      'threads for the product of H (default: SOFTMAX_NTK_THREADS, else one per core; 1: in this thread)',
    )
    .action(
      async (o: {
        problem?: string;
        test?: string;
        ridge: string;
        full: boolean;
        out?: string;
        threads?: string;
        matrixFree?: boolean;
        confirmZero?: boolean;
      }) => {
        const ctx = getCtx();
        if (o.out !== undefined) checkOutputPath('--out', o.out);
        const problem = loadProblem(ctx, o.problem);
        const needsH = o.full || o.out !== undefined || o.test !== undefined;
        if (o.matrixFree && needsH)
          throw new CliError(
            'invalid option: --matrix-free cannot be combined with --full, --out or --test (they need H)',
          );
        const nOut = problem.x.rows * problem.y.cols;
        if (o.matrixFree || (!needsH && nOut > MATRIX_FREE_ABOVE)) {
          checkMatrixFreeMemory(problem.x.rows, problem.w.rows, nOut, capOf(ctx.globals));
          const t0 = performance.now();
          const s = largeSpectrum({
            w: problem.w,
            a: problem.a,
            x: problem.x,
            activation: problem.activation,
            maxIter: MATRIX_FREE_BASIS,
            confirmZero: o.confirmZero === true,
            onProgress: (p) => {
              if (!ctx.globals.quiet) ctx.io.stderr.write(progressLine(p));
            },
          });
          const seconds = (performance.now() - t0) / 1000;
          const peakRssBytes = process.resourceUsage().maxRSS * 1024;
          if (!s.converged)
            ctx.warn(`the matrix-free route did not converge in ${s.iterations} products: the values are estimates`);
          const json = {
            lambdaMin: s.lambdaMin,
            lambdaMax: s.lambdaMax,
            conditionNumber: s.conditionNumber,
            method: s.method,
            lambdaMinBy: s.lambdaMinBy,
            lambdaMinBounds: s.lambdaMinBounds,
            ritzMin: s.ritzMin,
            rankBound: s.rankBound,
            residualMax: s.residualMax,
            converged: s.converged,
            products: s.iterations,
            seconds,
            peakRssBytes,
          };
          const human = [
            `H(W)       ${nOut} × ${nOut} (n·d_out, output-major), ${problem.activation}, float64, matrix-free (not formed)`,
            `λ_min      ${s.lambdaMin}  (in [${s.lambdaMinBounds[0]}, ${s.lambdaMinBounds[1]}], by ${s.lambdaMinBy}; rank H ≤ ${s.rankBound}; smallest Ritz value ${s.ritzMin.toExponential(3)})`,
            `λ_max      ${s.lambdaMax}  (residual ${s.residualMax.toExponential(2)})`,
            `condition  ${s.conditionNumber}`,
            `products   ${s.iterations}${s.converged ? '' : ' (NOT converged)'}, ${seconds.toFixed(1)} s`,
            `peak RSS   ${(peakRssBytes / 2 ** 30).toFixed(2)} GiB`,
          ].join('\n');
          ctx.result(json, human);
          return;
        }
        checkNtkMemory(nOut, capOf(ctx.globals));
        const ridge = parseNumber('--ridge', o.ridge, { min: 0 });
        const xTest = o.test ? readTestFile(o.test, problem.x.cols) : undefined;
        const precision = ctx.globals.precision ?? 'float64';
        const threads = o.threads === undefined ? undefined : parseInteger('--threads', o.threads, 1);
        // the product on worker threads (gramAsync, float32 and float64; a bad SOFTMAX_NTK_THREADS is a RangeError, reported as usage)
        const H = await gramAsync({
          w: problem.w,
          a: problem.a,
          x: problem.x,
          activation: problem.activation,
          precision,
          threads,
        });
        checkFinite('H', H, 'the kernel overflows float64: scale x or w down');
        const s = spectrum({ H });
        if (!s.psd)
          ctx.warn(
            `H is numerically not positive semidefinite: λ_min = ${s.lambdaMin} < −${s.errorMin.toExponential(2)} (error estimate)`,
          );
        let predict: Matrix | undefined;
        if (xTest) {
          if (s.conditionNumber > 1e10 && ridge === 0) {
            ctx.warn(
              `H is ill-conditioned (condition number ${s.conditionNumber.toExponential(3)}): the interpolating regression amplifies rounding; consider --ridge`,
            );
          }
          try {
            predict = ntkRegression({
              w: problem.w,
              a: problem.a,
              x: problem.x,
              y: problem.y,
              activation: problem.activation,
              ridge,
              H,
            }).predict(xTest);
          } catch (err) {
            throw new CliError(`NTK regression failed: ${(err as Error).message}`);
          }
        }
        if (predict) checkFinite('the predictions F_ntk(x_te)', predict);
        if (o.out) writeMatrixFile(o.out, H);
        let trace = 0;
        for (let i = 0; i < H.rows; i++) trace += H.data[i * H.rows + i] as number;
        const json: Record<string, unknown> = {
          lambdaMin: s.lambdaMin,
          lambdaMax: s.lambdaMax,
          conditionNumber: s.conditionNumber,
        };
        if (o.full) json['H'] = toRows(H);
        if (predict) json['predict'] = toRows(predict);
        const human = [
          `H(W)       ${H.rows} × ${H.cols} (n·d_out, output-major), ${problem.activation}, ${precision}`,
          `λ_min      ${s.lambdaMin}  (± ${s.errorMin.toExponential(2)})`,
          `λ_max      ${s.lambdaMax}  (± ${s.errorMax.toExponential(2)})`,
          `condition  ${s.conditionNumber}`,
          `trace      ${trace}`,
          `PSD        ${s.psd ? 'yes' : `NO (λ_min = ${s.lambdaMin})`}`,
          ...(o.out ? [`wrote      ${o.out}`] : []),
          ...(predict
            ? ['predictions (one row per test point):', ...toRows(predict).map((r) => `  ${r.join('  ')}`)]
            : []),
        ].join('\n');
        ctx.result(json, human);
      },
    );
}
