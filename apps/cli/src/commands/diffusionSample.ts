/** `softmax-ntk diffusion sample`: draw samples with the reverse SDE or the probability-flow ODE (Eq. 4). */
import type { Command } from 'commander';
import { extname } from 'node:path';
import { Rng, toRows } from '@softmax-ntk/linalg';
import { fromScaled } from '@softmax-ntk/diffusion';
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import type { Context } from '../internal/context';
import { checkSampleMemory } from '../internal/diffusionLimits';
import { capOf } from '../internal/limits';
import { CliError, parseInteger } from '../internal/errors';
import { checkFinite } from '../internal/finite';
import { addSamplerOptions, loadSource, parseSamplerOptions, runSampler, type SamplerOpts } from './diffusionSource';
import { stem, writeSamplePlot } from './diffusionPlot';
import { checkWritableDir } from './diffusionTrain';

interface SampleOpts extends SamplerOpts {
  model?: string;
  exactScore?: boolean;
  target?: string;
  count: string;
  schedule: string;
  t0?: string;
  T: string;
  out?: string;
  plot?: string | false;
}

export function registerDiffusionSample(parent: Command, getCtx: () => Context): void {
  addSamplerOptions(
    parent
      .command('sample')
      .description(
        'draw samples from a model (--model M) or from the exact score of a mixture target (--exact-score --target FILE)',
      )
      .option('--model <file>', 'a model file from `diffusion train`')
      .option('--exact-score', 'use the exact score ∇log p_t of the --target mixture', false)
      .option('--target <file>', 'target file (with --exact-score)')
      .option('--count <int>', 'number of samples N', '1000'),
  )
    .option('--out <file>', 'write the samples: .csv or .json')
    .option(
      '--plot <file>',
      '2-D: scatter over the target density (SVG, PNG beside it); default <out>.svg when --out is given',
    )
    .option('--no-plot', 'no scatter plot')
    .action(async (o: SampleOpts) => {
      const ctx = getCtx();
      const count = parseInteger('--count', o.count, 1);
      const settings = parseSamplerOptions(o);
      const { sampler, steps, correctorSteps, finalCorrectorSteps: finalSteps, snr } = settings;
      let format: 'csv' | 'json' | undefined;
      if (o.out) {
        const ext = extname(o.out).toLowerCase();
        if (ext !== '.csv' && ext !== '.json')
          throw new CliError(`invalid option: --out must end in .csv or .json, got ${JSON.stringify(o.out)}`);
        format = ext === '.csv' ? 'csv' : 'json';
        checkWritableDir('--out', o.out);
      }
      if (o.model && o.t0 !== undefined)
        throw new CliError('invalid option: --t0 is stored in the model file; it applies to --exact-score only');
      const src = await loadSource(ctx, o);
      checkSampleMemory(count, src.score.dim, capOf(ctx.globals));
      const plotPath =
        o.plot === false || src.score.dim !== 2 || !src.target
          ? undefined
          : (o.plot ?? (o.out ? `${stem(o.out)}.svg` : undefined));
      if (plotPath) checkWritableDir('--plot', plotPath);
      const res = runSampler(ctx, src, count, settings, new Rng(ctx.globals.seed ?? 0));
      const samples = fromScaled(res.samples, src.normalization);
      // The sampler checked its own output; mapping back to data units can still overflow (a huge scale).
      checkFinite(
        'samples',
        samples,
        "the samples overflow float64 in data units: the model's normalisation scale is too large",
      );
      const rows = toRows(samples);
      const written: string[] = [];
      if (o.out) {
        writeFileAtomic(
          o.out,
          format === 'csv' ? rows.map((r) => r.join(',')).join('\n') + '\n' : JSON.stringify({ samples: rows }) + '\n',
        );
        written.push(o.out);
      }
      if (plotPath && src.target)
        written.push(...writeSamplePlot(plotPath, samples, src.target, `${count} samples (${sampler}), ${src.label}`));
      if (ctx.globals.json) {
        ctx.io.stdout.write(JSON.stringify({ samples: rows }) + '\n');
        return;
      }
      ctx.summary(
        null,
        [
          `${count} samples from ${src.label}`,
          `sampler   ${sampler}${sampler === 'rk45' ? ` (${res.steps} accepted, ${res.rejected} rejected steps)` : `, ${steps} steps`}${correctorSteps ? `, ${correctorSteps} Langevin corrector steps (snr ${snr})` : ''}${finalSteps ? `, ${finalSteps} final Langevin steps at T₀ (snr ${snr})` : ''}, ${res.scoreEvaluations} score evaluations, T = ${src.T} → T₀ = ${src.t0}${settings.denoise ? `, denoised at T₀ (${settings.denoise})` : ''}`,
          written.length
            ? `wrote     ${written.join(', ')}`
            : '(use --out FILE.csv|.json to save the samples, --json to print them)',
        ].join('\n'),
      );
    });
}
