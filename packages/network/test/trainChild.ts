/**
 * Child process for the kill-and-resume test: trains a small problem with
 * checkpoints, printing "step τ" after every step and sleeping a little so
 * the parent's SIGKILL lands mid-run. Args: <checkpointPath> <precision>.
 */
import { makeProblem } from '../src/index';
import { train } from '../src/node';

const [path, precision] = process.argv.slice(2) as [string, 'float32' | 'float64'];
const { problem } = makeProblem({ n: 8, dIn: 4, dOut: 3, numNeurons: 64, sigma: 1, seed: 7 });
const pause = new Int32Array(new SharedArrayBuffer(4));
await train({
  problem,
  steps: 400,
  precision,
  checkpointPath: path,
  checkpointEvery: 7,
  resume: true,
  onStep: (c) => {
    process.stdout.write(`step ${c.step}\n`);
    Atomics.wait(pause, 0, 0, 3); // 3 ms per step
  },
});
process.stdout.write('done\n');
