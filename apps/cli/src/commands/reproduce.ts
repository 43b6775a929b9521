/**
 * `softmax-ntk reproduce`: the project's main job. Every check at its default
 * (full) size, every plot, and the report — report.md, report.html (opens
 * offline, plots inline), report.json and plots/*.svg|png — written to
 * ./softmax-ntk-report/ (or --out). Failed checks are reported, never hidden;
 * the whole report is written either way (each file atomically).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { makeReport, runChecks, summarySentence } from '@softmax-ntk/verify';
import { writeReport } from '@softmax-ntk/verify/node';
import type { Context } from '../internal/context';
import { CliError } from '../internal/errors';
import { startProgress } from '../internal/progress';
import { exitCode, failureMessage, parseOnly, summaryLine } from './verify';
import { checkOutputDir } from '../internal/outputs';

interface ReproduceOpts {
  out: string;
  quick?: boolean;
  only?: string;
  png: boolean;
}

export function registerReproduce(program: Command, getCtx: () => Context): void {
  program
    .command('reproduce')
    .description(
      'run every check at full size and write the report (Markdown, HTML, JSON, SVG/PNG plots); under 20 minutes on 2 cores',
    )
    .option('--out <dir>', 'report directory', 'softmax-ntk-report')
    .option('--quick', 'quick sizes (a smoke run of the whole pipeline)', false)
    .option('--only <ids>', 'comma-separated check ids (default: all)')
    .option('--no-png', 'skip the PNG renderings')
    .action(async (o: ReproduceOpts) => {
      const ctx = getCtx();
      const only = parseOnly(o.only);
      const outDir = resolve(o.out);
      checkOutputDir('--out', o.out); // before the checks run, not after
      const t0 = performance.now();
      let bar: ReturnType<typeof startProgress> | undefined;
      const results = await runChecks({
        quick: Boolean(o.quick),
        seed: ctx.globals.seed ?? 0,
        ...(only ? { only } : {}),
        onCheckStart: (id, k, total) => {
          bar ??= startProgress(ctx, total, 'reproduce', '{check}');
          bar.update(k, { check: id });
          ctx.info(`[${k + 1}/${total}] ${id} … (${((performance.now() - t0) / 1000).toFixed(0)} s elapsed)`);
        },
        onProgress: (m) => ctx.info(`  ${m}`),
        onCheckDone: (r, k) => {
          bar?.update(k + 1, { check: r.id });
          ctx.info(summaryLine(r));
        },
      });
      bar?.stop();
      const secs = (performance.now() - t0) / 1000;
      const report = makeReport(results, {
        quick: Boolean(o.quick),
        seed: ctx.globals.seed ?? 0,
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        'seconds (checks)': Number(secs.toFixed(1)),
      });
      ctx.info(`writing the report to ${outDir} …`);
      const files = writeReport({ report, outDir, png: o.png });
      const allHeld = report.allHeld;
      const human = [
        ...results.map(summaryLine),
        '',
        `${summarySentence(results)} (${secs.toFixed(1)} s)`,
        `report: ${outDir}/report.html (also report.md, report.json, ${files.filter((f) => f.startsWith('plots/')).length} plot files)`,
      ].join('\n');
      ctx.result(
        {
          allHeld,
          out: outDir,
          files,
          seconds: secs,
          checks: results.map((r) => ({ id: r.id, status: r.status, holds: r.holds, seconds: r.seconds })),
        },
        human,
      );
      const code = exitCode(results);
      if (code !== 0)
        throw new CliError(`${failureMessage(results)} (the report in ${outDir} has their numbers)`, code);
      const findings = failureMessage(results);
      if (findings) ctx.warn(`${findings} (the report in ${outDir} has their numbers)`);
    });
}
