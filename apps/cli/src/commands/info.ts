/** `softmax-ntk info`: the tensor backend in use, threads, versions. */
import { availableParallelism, cpus } from 'node:os';
import type { Command } from 'commander';
import { initBackend } from '@softmax-ntk/linalg';
import type { Context } from '../internal/context';
import { VERSION } from '../internal/version';

export function registerInfo(program: Command, getCtx: () => Context): void {
  program
    .command('info')
    .description('print the tensor backend in use, thread count and versions')
    .action(async () => {
      const ctx = getCtx();
      const b = await initBackend({ backend: ctx.globals.backend });
      const out = {
        backend: b.backend,
        forced: b.forced,
        threads: b.threads,
        simd: b.simd,
        skipped: b.skipped,
        versions: { 'softmax-ntk': VERSION, 'tfjs-core': b.tfjsVersion, node: process.version },
        cpu: { model: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism() },
      };
      const human = [
        `backend   ${b.backend}${b.forced ? ' (forced)' : ''}${b.simd ? ', SIMD' : ''}`,
        `threads   ${b.threads}`,
        ...b.skipped.map((s) => `skipped   ${s.backend}: ${s.reason}`),
        `versions  softmax-ntk ${VERSION}, tfjs-core ${b.tfjsVersion}, node ${process.version}`,
        `cpu       ${out.cpu.model} × ${out.cpu.cores}`,
      ].join('\n');
      ctx.result(out, human);
    });
}
