/** `softmax-ntk init`: a problem file with data and the symmetric initialisation of Definition 3.7. */
import type { Command } from 'commander';
import { makeProblem, serializeProblem, ACTIVATIONS } from '@softmax-ntk/network';
import { readLabelledData, writeProblemFile } from '@softmax-ntk/network/node';
import type { Context } from '../internal/context';
import { CliError, parseChoice, parseInteger, parseNumber } from '../internal/errors';
import { capOf, checkMemory, f64, jsonText, type SizeOption } from '../internal/limits';
import { checkOutputPath } from '../internal/outputs';

/**
 * Memory of `init` before anything is allocated: X (n × d_in), Y (n × d_out), W (m × d_in) and
 * a (d_out × m) as float64, plus their JSON text.
 */
export function checkInitMemory(
  sizes: { n?: number; dIn?: number; dOut?: number; m: number },
  given: SizeOption[],
  cap: number,
): void {
  const cols = (sizes.dIn ?? 1) + (sizes.dOut ?? 1);
  const values = ((sizes.n ?? 0) + sizes.m) * cols;
  checkMemory('the data and weights of the problem file', f64(values) + jsonText(values), given, cap);
}

interface InitOpts {
  n?: string;
  d?: string;
  dIn?: string;
  dOut?: string;
  m: string;
  sigma: string;
  data: string;
  activation: string;
  init: string;
  out?: string;
}

export function registerInit(program: Command, getCtx: () => Context): void {
  program
    .command('init')
    .description('make a problem file: data and a seeded initialisation (symmetric, Definition 3.7, by default)')
    .option('--n <int>', 'number of samples (generated data)')
    .option('--d <int>', 'input and output dimension (the paper takes d_in = d_out = d)')
    .option('--d-in <int>', 'input dimension d_in')
    .option('--d-out <int>', 'output dimension d_out')
    .option('--m <int>', 'hidden neurons m (even for symmetric initialisation)', '256')
    .option('--sigma <s>', 'standard deviation σ of the first-layer weights', '1')
    .option(
      '--data <kind>',
      'unit-ball | unit-sphere | a labelled CSV/JSON file (d_in input columns, then d_out label columns)',
      'unit-ball',
    )
    .option('--activation <a>', `network: ${ACTIVATIONS.join(' | ')}`, 'softmax')
    .option('--init <kind>', 'symmetric | gaussian', 'symmetric')
    .option('--out <file>', 'write the problem file here (default: print it on stdout)')
    .action((o: InitOpts) => {
      const ctx = getCtx();
      const d = o.d !== undefined ? parseInteger('--d', o.d, 1) : undefined;
      const dIn = o.dIn !== undefined ? parseInteger('--d-in', o.dIn, 1) : d;
      const dOut = o.dOut !== undefined ? parseInteger('--d-out', o.dOut, 1) : d;
      const numNeurons = parseInteger('--m', o.m, 1);
      const sigma = parseNumber('--sigma', o.sigma, { min: 0 });
      const activation = parseChoice('--activation', o.activation, ACTIVATIONS);
      const init = parseChoice('--init', o.init, ['symmetric', 'gaussian'] as const);
      if (o.out !== undefined) checkOutputPath('--out', o.out);
      const given: SizeOption[] = [{ option: '--m', value: numNeurons }];
      if (o.n !== undefined) given.push({ option: '--n', value: parseInteger('--n', o.n, 1) });
      if (dIn !== undefined) given.push({ option: o.dIn !== undefined ? '--d-in' : '--d', value: dIn });
      if (dOut !== undefined) given.push({ option: o.dOut !== undefined ? '--d-out' : '--d', value: dOut });
      checkInitMemory(
        {
          m: numNeurons,
          ...(o.n !== undefined && (o.data === 'unit-ball' || o.data === 'unit-sphere')
            ? { n: parseInteger('--n', o.n, 1) }
            : {}),
          ...(dIn !== undefined ? { dIn } : {}),
          ...(dOut !== undefined ? { dOut } : {}),
        },
        given,
        capOf(ctx.globals),
      );
      let data: 'unit-ball' | 'unit-sphere' | { x: never; y: never };
      let n: number | undefined;
      if (o.data === 'unit-ball' || o.data === 'unit-sphere') {
        if (o.n === undefined) throw new CliError('missing option: --n is required for generated data');
        if (dIn === undefined || dOut === undefined)
          throw new CliError('missing option: --d (or --d-in and --d-out) is required');
        n = parseInteger('--n', o.n, 1);
        data = o.data;
      } else {
        if (dIn === undefined || dOut === undefined)
          throw new CliError(
            `missing option: --d (or --d-in and --d-out) is required to split the columns of ${o.data}`,
          );
        data = readLabelledData({ path: o.data, dIn, dOut }) as never;
      }
      if (init === 'symmetric' && numNeurons % 2 !== 0) {
        throw new CliError(`invalid option: --m must be even for symmetric initialisation, got ${numNeurons}`);
      }
      const made = makeProblem({
        numNeurons,
        sigma,
        seed: ctx.globals.seed ?? 0,
        data,
        activation,
        init,
        ...(n !== undefined ? { n } : {}),
        ...(dIn !== undefined ? { dIn } : {}),
        ...(dOut !== undefined ? { dOut } : {}),
      });
      const { problem, warnings } = made;
      // W = σ·N(0, 1): a σ near the float64 maximum overflows it (found by the property test)
      if (!problem.w.data.every(Number.isFinite))
        throw new CliError(`invalid option: --sigma ${sigma} overflows the weights W = σ·N(0, 1) in float64`);
      for (const w of warnings) ctx.warn(w.message);
      const summary = {
        n: problem.x.rows,
        dIn: problem.x.cols,
        dOut: problem.y.cols,
        m: problem.w.rows,
        sigma,
        activation,
        init,
        seed: ctx.globals.seed ?? 0,
      };
      if (o.out) {
        writeProblemFile(o.out, problem);
        ctx.summary(
          { out: o.out, ...summary },
          `wrote ${o.out}: n=${summary.n}, d_in=${summary.dIn}, d_out=${summary.dOut}, m=${summary.m}, σ=${sigma}, ${activation}, ${init} init, seed ${summary.seed}`,
        );
      } else {
        ctx.io.stdout.write(serializeProblem(problem).trimEnd() + '\n');
      }
    });
}
