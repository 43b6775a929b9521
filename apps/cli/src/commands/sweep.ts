/**
 * `softmax-ntk sweep`: run a grid of experiment cells (inline, on a thread
 * pool, or on a BullMQ queue on Redis), consume a queue as a worker, show a
 * sweep's status, and collect its results (table, CSV, log–log scaling fits
 * and plots). See @softmax-ntk/sweep.
 */
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { EXECUTORS, experimentOf, type ExecutorName, type ParsedGrid } from '@softmax-ntk/sweep';
import { readGridFile, redactUrl, runSweep, startQueueWorker, sweepStatus } from '@softmax-ntk/sweep/node';
import type { Context } from '../internal/context';
import { CliError, parseChoice, parseInteger, parseNumber } from '../internal/errors';
import { capOf, checkMemory, formatBytes } from '../internal/limits';
import { startProgress } from '../internal/progress';
import { registerSweepCollect } from './sweepCollect';

interface RunOpts {
  executor?: string;
  workers?: string;
  queue?: string;
  out?: string;
  attempts?: string;
  timeout?: string;
  wait: boolean;
}

interface WorkerOpts {
  queue?: string;
  concurrency?: string;
  lockMs: string;
  idleExit?: string;
}

/** `grids/table1.yaml` → `table1.sweep`. */
export function defaultOut(grid: string): string {
  return `${basename(grid, extname(grid))}.sweep`;
}

/** Node's timers hold at most 2³¹ − 1 ms (about 24.8 days); a longer delay fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `--timeout` seconds as whole milliseconds in [1, 2³¹ − 1]: found by the options property test, 9007199254740993
 * reached the package as `timeoutMs` 9007199254740992000 (named there, not as --timeout) and 1e-300 rounded to 0.
 */
export function parseTimeoutMs(raw: string): number {
  const seconds = parseNumber('--timeout', raw, { exclusiveMin: 0 });
  const ms = Math.round(seconds * 1000);
  if (ms < 1 || ms > MAX_TIMER_MS)
    throw new CliError(
      `invalid option: --timeout must be between 0.001 and ${MAX_TIMER_MS / 1000} seconds (Node's timer limit), got ${raw}`,
    );
  return ms;
}

/**
 * `--idle-exit` seconds as milliseconds: any finite number > 0 (a value beyond Node's timer limit is checked on a
 * 250 ms interval, so it means "practically never", not "at once"); the milliseconds must be finite.
 */
export function parseIdleExitMs(raw: string): number {
  const ms = parseNumber('--idle-exit', raw, { exclusiveMin: 0 }) * 1000;
  if (!Number.isFinite(ms))
    throw new CliError(`invalid option: --idle-exit must be at most ${Number.MAX_VALUE / 1000} seconds, got ${raw}`);
  return ms;
}

/** A lower bound of one worker thread's memory: a V8 isolate with tfjs and the packages loaded. */
const THREAD_BYTES = 50e6;

/**
 * Every cell of a grid against the memory cap (issue #20, bug 1), before the sweep directory is made or any cell
 * runs: the largest cell's estimate (its experiment's `memory`), refused in one line naming the grid, the parameter
 * that dominates it, the cell, the estimate and the cap.
 */
export function checkGridMemory(grid: ParsedGrid, file: string, cap: number): void {
  const experiment = experimentOf(grid.experiment);
  if (!experiment) return;
  let worst: { k: number; est: ReturnType<typeof experiment.memory> } | undefined;
  grid.cells.forEach((cell, k) => {
    const est = experiment.memory(cell.params);
    if (!(est.bytes <= (worst?.est.bytes ?? -1))) worst = { k, est };
  });
  if (!worst || worst.est.bytes <= cap) return;
  const [name, value] = Object.entries(worst.est.sizes).reduce((a, b) => (b[1] > a[1] ? b : a));
  throw new CliError(
    `grid ${file}: ${name} ${value} (cell ${worst.k + 1} of ${grid.cells.length}) needs an estimated ${formatBytes(worst.est.bytes)} for ${worst.est.what}, over the ${formatBytes(cap)} cap (raise it with --max-memory)`,
  );
}

/** Calls `onSignal` on SIGINT or SIGTERM until the returned function removes the handlers. */
function untilSignal(onSignal: () => void): () => void {
  const handler = () => onSignal();
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.removeListener('SIGINT', handler);
    process.removeListener('SIGTERM', handler);
  };
}

export function registerSweep(program: Command, getCtx: () => Context): void {
  const sweep = program
    .command('sweep')
    .description('experiment sweeps over parameter grids: run, worker, status, collect');

  sweep
    .command('run <grid>')
    .description('run every unfinished cell of a grid file (JSON or YAML); results append to <out>/results.jsonl')
    .option(
      '--executor <name>',
      `where cells run: ${EXECUTORS.join(', ')} (default inline; queue when --queue is given)`,
    )
    .option('--workers <n>', 'threads executor: pool size (default: the cores)')
    .option('--queue <url>', 'Redis URL of the BullMQ queue, e.g. redis://127.0.0.1:6379 (implies --executor queue)')
    .option('--out <dir>', 'sweep directory (default: <grid name>.sweep)')
    .option('--attempts <n>', 'tries per cell (default 1; queue 3)')
    .option('--timeout <seconds>', 'per-cell time limit (threads, queue)')
    .option('--no-wait', 'queue: enqueue the cells and exit (collect later with `sweep run` again or `sweep status`)')
    .action(async (gridFile: string, o: RunOpts) => {
      const ctx = getCtx();
      const executor: ExecutorName = o.executor
        ? parseChoice('--executor', o.executor, EXECUTORS)
        : o.queue
          ? 'queue'
          : 'inline';
      if (executor === 'queue' && !o.queue)
        throw new CliError('missing option: --executor queue needs --queue redis://HOST:PORT');
      if (executor !== 'queue' && o.queue)
        throw new CliError(`invalid option: --queue is for --executor queue, got --executor ${executor}`);
      if (o.workers !== undefined && executor !== 'threads')
        throw new CliError(
          `invalid option: --workers is for --executor threads (queue workers are \`sweep worker\` processes), got --executor ${executor}`,
        );
      const workers = o.workers === undefined ? undefined : parseInteger('--workers', o.workers, 1);
      // each thread is a V8 isolate with the packages loaded: --workers 1e9 would start a billion of them
      if (workers !== undefined)
        checkMemory(
          `${workers} worker threads (at least ${formatBytes(THREAD_BYTES)} each)`,
          workers * THREAD_BYTES,
          [{ option: '--workers', value: workers }],
          capOf(ctx.globals),
        );
      const attempts = o.attempts === undefined ? undefined : parseInteger('--attempts', o.attempts, 1);
      const timeoutMs = o.timeout === undefined ? undefined : parseTimeoutMs(o.timeout);
      const grid = readGridFile(gridFile);
      checkGridMemory(grid, gridFile, capOf(ctx.globals));
      const out = o.out ?? defaultOut(gridFile);
      const bar = startProgress(ctx, grid.cells.length, `sweep ${grid.name}`, 'failed {failed}');
      const ctl = new AbortController();
      const release = untilSignal(() => ctl.abort());
      let r;
      try {
        r = await runSweep({
          grid,
          executor,
          out,
          workers,
          attempts,
          timeoutMs,
          queue: o.queue,
          wait: o.wait,
          signal: ctl.signal,
          onConnection: (_, message) => ctx.warn(message),
          onProgress: (p) => bar.update(p.done, { failed: p.failed }),
        });
      } finally {
        release();
        bar.stop();
      }
      const summary = {
        sweepId: r.sweepId,
        name: r.name,
        experiment: r.experiment,
        out,
        executor,
        total: r.total,
        ran: r.ran,
        skipped: r.skipped,
        done: r.done,
        failed: r.failed,
        pending: r.pending,
        interrupted: r.interrupted,
      };
      const lines = [
        `sweep ${r.name} (${r.sweepId}): ${r.done}/${r.total} cells done, ${r.failed} failed, ${r.pending} pending`,
        `ran       ${r.ran} cells (${executor}); ${r.skipped} were already done`,
        `results   ${out}/results.jsonl`,
      ];
      if (r.interrupted)
        lines.push(`stopped   by a signal: rerun the same command to run the ${r.pending} unfinished cells`);
      else if (r.pending)
        lines.push(`pending   ${r.pending} cells are on the queue: \`softmax-ntk sweep status --out ${out}\``);
      ctx.result(summary, lines.join('\n'));
      if (r.failed)
        throw new CliError(
          `${r.failed} of ${r.total} cells failed (\`softmax-ntk sweep status --out ${out}\` lists them); rerun to retry them`,
        );
    });

  sweep
    .command('worker')
    .description('consume cells from the queue until stopped (SIGINT/SIGTERM finish the running cells first)')
    .option('--queue <url>', 'Redis URL of the BullMQ queue, e.g. redis://127.0.0.1:6379')
    .option('--concurrency <n>', 'cells at once, one thread each (default: the cores)')
    .option(
      '--lock-ms <ms>',
      "a dead worker's cell is retried after its lock lapses: this long without renewal",
      '10000',
    )
    .option('--idle-exit <seconds>', 'exit once no cell has run for this long (default: never)')
    .action(async (o: WorkerOpts) => {
      const ctx = getCtx();
      if (!o.queue) throw new CliError('missing option: --queue redis://HOST:PORT is required');
      const concurrency = o.concurrency === undefined ? undefined : parseInteger('--concurrency', o.concurrency, 1);
      // each slot is a thread (a V8 isolate with the packages loaded), started at once: as --workers of `sweep run`
      if (concurrency !== undefined)
        checkMemory(
          `${concurrency} worker threads (at least ${formatBytes(THREAD_BYTES)} each)`,
          concurrency * THREAD_BYTES,
          [{ option: '--concurrency', value: concurrency }],
          capOf(ctx.globals),
        );
      const lockDurationMs = parseInteger('--lock-ms', o.lockMs, 100);
      // the lock is renewed on a Node timer: a longer one would fire at once, renewing the lock in a busy loop
      if (lockDurationMs > MAX_TIMER_MS)
        throw new CliError(
          `invalid option: --lock-ms must be at most ${MAX_TIMER_MS} (Node's timer limit), got ${lockDurationMs}`,
        );
      const idleMs = o.idleExit === undefined ? undefined : parseIdleExitMs(o.idleExit);
      let done = 0,
        failed = 0,
        running = 0,
        last = Date.now();
      const w = await startQueueWorker({
        queue: o.queue,
        concurrency,
        lockDurationMs,
        // a cell queued by a runner with a larger cap fails here, naming this budget, instead of running
        maxMemoryBytes: capOf(ctx.globals),
        onConnection: (_, message) => ctx.warn(message),
        onEvent: (e) => {
          last = Date.now();
          if (e.type === 'start') running++;
          else {
            running--;
            if (e.type === 'done') done++;
            else failed++;
          }
          ctx.info(`${e.type.padEnd(6)} ${e.id} (attempt ${e.attempt})${e.error ? `: ${e.error}` : ''}`);
        },
      });
      ctx.info(`worker on ${redactUrl(o.queue)}: waiting for cells (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        const release = untilSignal(() => finish());
        const timer =
          idleMs === undefined
            ? undefined
            : setInterval(() => running === 0 && Date.now() - last >= idleMs && finish(), Math.min(idleMs, 250));
        function finish() {
          release();
          if (timer) clearInterval(timer);
          resolve();
        }
      });
      // at most 3.5 s for the running cells and Redis (a second signal kills at once: the handler is gone)
      await w.close({ graceMs: 3500 });
      ctx.result(
        { queue: redactUrl(o.queue), done, failed },
        `worker stopped: ${done} cells done, ${failed} attempts failed`,
      );
    });

  sweep
    .command('status')
    .description("a sweep's cells: done / running / failed / pending, retries, and whether any finished twice")
    .option('--out <dir>', 'the sweep directory', '.')
    .option('--queue <url>', 'Redis URL (default: the one the sweep was run with)')
    .option('--cells', 'list every cell, not only the unfinished ones', false)
    .action(async (o: { out: string; queue?: string; cells: boolean }) => {
      const ctx = getCtx();
      const s = await sweepStatus({ out: o.out, queue: o.queue });
      const pct = (100 * s.progress).toFixed(1);
      const lines = [
        `sweep ${s.name} (${s.sweepId}), ${s.experiment}${s.queue ? ` on ${s.queue}` : ''}`,
        `${s.done}/${s.total} done (${pct}%), ${s.running} running, ${s.failed} failed, ${s.pending} pending`,
        `${s.retried} done cells needed a retry; ${s.finishedMoreThanOnce === 0 ? 'every finished cell finished exactly once' : `${s.finishedMoreThanOnce} cells finished more than once (one result stored each)`}`,
      ];
      const show = o.cells ? s.cells : s.cells.filter((c) => c.state !== 'done');
      for (const c of show.slice(0, o.cells ? undefined : 50)) {
        lines.push(
          `${c.state.padEnd(8)} ${c.id}  ${JSON.stringify(c.params)}${c.attempts ? `  attempts ${c.attempts}` : ''}${c.error ? `  ${c.error}` : ''}`,
        );
      }
      if (!o.cells && show.length > 50) lines.push(`… ${show.length - 50} more (--cells lists all)`);
      ctx.result(s, lines.join('\n'));
    });

  registerSweepCollect(sweep, getCtx);
}
