import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initBackend } from '@softmax-ntk/linalg';
import { makeProblem } from '../src/index';
import { train } from '../src/node';

const root = resolve(__dirname, '..', '..', '..');
let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(join(tmpdir(), 'network-kill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the child until it has printed `step killAt`, then SIGKILL it. */
function runAndKill(path: string, precision: string, killAt: number): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'trainChild.ts'), path, precision], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = -1;
    let buf = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        const m = /^step (\d+)$/.exec(l);
        if (m) last = Number(m[1]);
        if (last >= killAt && !child.killed) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(last);
      else reject(new Error(`child exited with code ${code} before it was killed: ${err}`));
    });
  });
}

describe('checkpoints: a child process killed with SIGKILL mid-run resumes to the uninterrupted result', () => {
  for (const precision of ['float64', 'float32'] as const) {
    it(precision, async () => {
      const path = join(dir, `kill-${precision}.json`);
      const lastSeen = await runAndKill(path, precision, 45);
      expect(lastSeen).toBeGreaterThanOrEqual(45);
      expect(existsSync(path)).toBe(true);
      const ck = JSON.parse(readFileSync(path, 'utf8'));
      // At most the last interval (K = 7) is lost.
      expect(ck.step % 7).toBe(0);
      expect(ck.step).toBeGreaterThan(lastSeen - 7 - 1);
      const { problem } = makeProblem({ n: 8, dIn: 4, dOut: 3, numNeurons: 64, sigma: 1, seed: 7 });
      const resumed = await train({
        problem,
        steps: 400,
        precision,
        checkpointPath: path,
        checkpointEvery: 7,
        resume: true,
      });
      const straight = await train({ problem, steps: 400, precision });
      expect(resumed.resumed).toBe(true);
      expect(resumed.history).toEqual(straight.history);
      expect(Array.from(resumed.w.data)).toEqual(Array.from(straight.w.data));
    });
  }
});
