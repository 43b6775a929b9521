/**
 * A thin benchmark harness: named workloads, each run after warm-up a fixed
 * number of times; reports the median wall time, the spread, effective
 * GFLOP/s when the workload declares its floating-point operation count,
 * ratios against a named baseline workload, and the peak resident memory seen.
 *
 * Why not tinybench: its statistics target micro-benchmarks (thousands of
 * samples, mean ± margin); our workloads take 10 ms to minutes, need FLOP
 * counts, async set-up that is not timed, and a machine description next to
 * the numbers. This is ~100 lines with no dependency.
 */
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Workload {
  /** Short name, e.g. "gemm f64 1024²". */
  name: string;
  /** Floating-point operations of one run (for GFLOP/s); optional. */
  flops?: number;
  /** Untimed set-up; its return value is passed to `run`. */
  setup?: () => unknown;
  /** The timed work. May be async. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each workload types its own set-up value
  run: (ctx: any) => unknown;
  /** Untimed tear-down. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as `run`
  teardown?: (ctx: any) => unknown;
  /** Timed repetitions (default 5) and warm-up runs (default 1). */
  repeats?: number;
  warmup?: number;
  /** Name of another workload in the same suite to report a ratio against. */
  baseline?: string;
  /** Free-form result facts to print (accuracy, iterations, …), filled by `run`'s return if it is an object. */
}

export interface BenchResult {
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  repeats: number;
  gflops?: number;
  ratio?: { baseline: string; value: number };
  peakRssMb: number;
  extra?: Record<string, unknown>;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  date: string;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? (s[k] as number) : ((s[k - 1] as number) + (s[k] as number)) / 2;
}

export interface RunOptions {
  /** Suite title printed above the table. */
  title: string;
  /** Only run workloads whose name contains this substring (env BENCH_FILTER also works). */
  filter?: string;
  /** Write the results as JSON here. */
  jsonOut?: string;
}

export async function runBenchmarks(workloads: Workload[], opts: RunOptions): Promise<BenchResult[]> {
  const filter = opts.filter ?? process.env['BENCH_FILTER'];
  const results: BenchResult[] = [];
  const m = machineInfo();
  console.log(
    `\n## ${opts.title}\n\nmachine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.date}\n`,
  );
  console.log('| workload | median | min | max | GFLOP/s | ratio | peak RSS | notes |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const w of workloads) {
    if (filter && !w.name.includes(filter)) continue;
    const ctx = w.setup ? await w.setup() : undefined;
    const times: number[] = [];
    let peak = process.memoryUsage().rss;
    let extra: Record<string, unknown> | undefined;
    for (let k = 0; k < (w.warmup ?? 1); k++) await w.run(ctx);
    for (let k = 0; k < (w.repeats ?? 5); k++) {
      const t0 = performance.now();
      const out = await w.run(ctx);
      times.push(performance.now() - t0);
      peak = Math.max(peak, process.memoryUsage().rss);
      if (out && typeof out === 'object' && !ArrayBuffer.isView(out)) extra = out as Record<string, unknown>;
    }
    if (w.teardown) await w.teardown(ctx);
    const med = median(times);
    const r: BenchResult = {
      name: w.name,
      medianMs: med,
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      repeats: times.length,
      peakRssMb: peak / 2 ** 20,
    };
    if (w.flops) r.gflops = w.flops / (med * 1e6);
    if (w.baseline) {
      const b = results.find((x) => x.name === w.baseline);
      if (b) r.ratio = { baseline: w.baseline, value: med / b.medianMs };
    }
    if (extra) r.extra = extra;
    results.push(r);
    const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
    const notes = extra
      ? Object.entries(extra)
          .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`)
          .join(', ')
      : '';
    console.log(
      `| ${w.name} | ${fmt(med)} | ${fmt(r.minMs)} | ${fmt(r.maxMs)} | ${r.gflops ? r.gflops.toFixed(2) : ''} | ` +
        `${r.ratio ? `${r.ratio.value.toFixed(2)}× ${r.ratio.baseline}` : ''} | ${r.peakRssMb.toFixed(0)} MB | ${notes} |`,
    );
  }
  if (opts.jsonOut) {
    mkdirSync(dirname(opts.jsonOut), { recursive: true });
    writeFileSync(opts.jsonOut, JSON.stringify({ title: opts.title, machine: m, results }, null, 2) + '\n');
  }
  return results;
}
