/**
 * softmax-ntk's side of the float64 rows of tooling/bench/peers/float64.ts, through the packages' public APIs
 * (the built packages through ./tsconfig.dist.json, or the sources through ./tsconfig.json with --sources): the float64 GD step of Definition 3.5 (linalg's fused `softmaxGradient64`,
 * Claim 3.4, on two threads by `softmaxGradient64Threads`, then W − η·ΔW: what the float64 trainer of
 * @softmax-ntk/network/node runs), the float64 Gram matrix (`gramAsync`) and dense `eigvalsh` / `eigh`.
 *
 *   tsx ours64.ts step P REPS [PREC]     warm-up, then REPS timed steps (PREC float64, the default, or float32:
 *                                        `softmaxGradient32Threads` and the update rounded to float32, what the
 *                                        float32 trainer runs)
 *   tsx ours64.ts eig H N REPS vals|vecs warm-up, then REPS timed eigvalsh (vals) or eigh (vecs)
 *   tsx ours64.ts gram P REPS            warm-up, then REPS timed float64 H (`gramAsync`, Definition 3.6)
 *
 * One JSON line on stdout: {"wall": [ms…], "cpu": [ms…], …}, as numpy_peer.py.
 */
import { readFileSync } from 'node:fs';
import { eigh, eigvalsh, transpose, type Matrix } from '@softmax-ntk/linalg';
import { softmaxGradient32Threads, softmaxGradient64Threads } from '@softmax-ntk/linalg/node';
import { outputScale } from '@softmax-ntk/network';
import { readProblemFile } from '@softmax-ntk/network/node';
import { gramAsync, terminateGramWorkers } from '@softmax-ntk/ntk/node';

async function timed(fn: () => unknown, reps: number): Promise<{ wall: number[]; cpu: number[] }> {
  await fn(); // warm-up (also compiles the kernels and tiers them up)
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await fn();
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1e3);
  }
  return { wall, cpu };
}

function trace(h: Matrix): number {
  let s = 0;
  for (let i = 0; i < h.rows; i++) s += h.data[i * h.cols + i] as number;
  return s;
}

const [cmd, path, a1, a2, a3] = process.argv.slice(2);
if (cmd === 'step') {
  const p = readProblemFile(path as string).problem;
  const wt = transpose(p.w);
  const eta = 1e-3;
  const scale = outputScale(p.activation, p.a.cols);
  // What the trainer of @softmax-ntk/network/node runs: the step on two threads (SOFTMAX_NTK_THREADS).
  const float32 = a2 === 'float32';
  const step = float32 ? softmaxGradient32Threads() : softmaxGradient64Threads();
  const round = float32 ? Math.fround : (v: number): number => v;
  // Until the worker is up the calls run in this thread: wait for it before timing (at most 20 s).
  for (let t = 0; t < 400 && step.calls.shared === 0; t++) {
    step({ x: p.x, wt, a: p.a, y: p.y, scale });
    await new Promise((r) => setTimeout(r, 50));
  }
  let loss = 0;
  let next: Float64Array = wt.data;
  const t = await timed(() => {
    const r = step({ x: p.x, wt, a: p.a, y: p.y, scale });
    next = new Float64Array(wt.data.length);
    for (let k = 0; k < next.length; k++)
      next[k] = round((wt.data[k] as number) - round(eta * (r.gradient.data[k] as number)));
    loss = r.loss;
  }, Number(a1));
  const { shared, local } = step.calls;
  await step.dispose();
  console.log(JSON.stringify({ ...t, loss, checksum: next[0], shared, local }));
} else if (cmd === 'eig') {
  const n = Number(a1);
  const b = readFileSync(path as string);
  const h: Matrix = {
    rows: n,
    cols: n,
    data: new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
  };
  let values: Float64Array = new Float64Array(0);
  const t = await timed(() => {
    values = a3 === 'vecs' ? eigh({ a: h }).values : eigvalsh({ a: h });
  }, Number(a2));
  console.log(JSON.stringify({ ...t, lambdaMin: values[0], lambdaMax: values[n - 1] }));
} else if (cmd === 'gram') {
  const p = readProblemFile(path as string).problem;
  let h: Matrix = { rows: 0, cols: 0, data: new Float64Array(0) };
  const t = await timed(async () => {
    h = await gramAsync({ w: p.w, a: p.a, x: p.x, activation: p.activation, precision: 'float64' });
  }, Number(a1));
  await terminateGramWorkers();
  console.log(JSON.stringify({ ...t, trace: trace(h), h01: h.data[1] }));
} else {
  console.error(`ours64.ts: unknown command ${String(cmd)}`);
  process.exit(1);
}
