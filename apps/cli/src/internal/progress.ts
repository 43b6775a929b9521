/**
 * A progress bar on standard error, shown only when stderr is a terminal and
 * neither --quiet nor --json is set; otherwise every call is a no-op.
 */
import cliProgress from 'cli-progress';
import type { Context } from './context';

export interface Progress {
  update(value: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

const NOOP: Progress = { update() {}, stop() {} };

export function startProgress(ctx: Context, total: number, label: string, fields = ''): Progress {
  if (ctx.globals.quiet || ctx.globals.json || !ctx.io.stderr.isTTY) return NOOP;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% {value}/{total} ${fields} | {rate}/s | eta {eta_formatted}`,
      stream: ctx.io.stderr as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = performance.now();
  bar.start(total, 0, { rate: '0' });
  return {
    update(value, payload = {}) {
      const secs = (performance.now() - t0) / 1000;
      bar.update(value, { ...payload, rate: secs > 0 ? (value / secs).toFixed(1) : '0' });
    },
    stop() {
      bar.stop();
    },
  };
}
