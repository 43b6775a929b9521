import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

async function problem(name: string, args: string[]): Promise<string> {
  const p = tmp.path(name);
  const r = await runCli(['--seed', '2', 'init', ...args, '--out', p]);
  expect(r.code).toBe(0);
  return p;
}

describe('softmax-ntk train', () => {
  it('trains to a small loss and writes the trained problem, CSV and JSON history', async () => {
    const p = await problem('p.json', ['--n', '6', '--d', '3', '--m', '128']);
    const out = tmp.path('trained.json');
    const r = await runCli(['train', '--problem', p, '--out', out, '--steps', '400', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.status).toBe('budget');
    expect(s.steps).toBe(400);
    const hist = JSON.parse(readFileSync(tmp.path('trained.history.json'), 'utf8'));
    expect(hist.loss).toHaveLength(401);
    expect(s.loss).toBeLessThan(1e-2 * hist.loss[0]);
    expect(s.loss).toBe(hist.loss[400]);
    const csv = readFileSync(tmp.path('trained.history.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('step,loss,maxWeightChange,maxStepNorm');
    expect(csv).toHaveLength(402);
    // the loss plot: an SVG with a polyline of data, and its PNG
    const svg = readFileSync(tmp.path('trained.loss.svg'), 'utf8');
    expect(svg).toMatch(/<svg[\s\S]*<(path|polyline)[^>]+(d|points)="[^"]{200,}"/);
    expect(readFileSync(tmp.path('trained.loss.png')).subarray(1, 4).toString()).toBe('PNG');
    // the trained file evaluates to the reported loss
    const ev = JSON.parse((await runCli(['eval', '--problem', out, '--json'])).stdout);
    expect(ev.loss).toBeAllClose(s.loss, { rtol: 1e-12, atol: 0 });
  });

  it('stops at --epsilon with status converged', async () => {
    const p = await problem('e.json', ['--n', '6', '--d', '3', '--m', '128']);
    const r = await runCli([
      'train',
      '--problem',
      p,
      '--out',
      tmp.path('e-out.json'),
      '--steps',
      '5000',
      '--epsilon',
      '0.05',
      '--json',
    ]);
    const s = JSON.parse(r.stdout);
    expect(s.status).toBe('converged');
    expect(s.loss).toBeLessThanOrEqual(0.05);
    expect(s.steps).toBeLessThan(5000);
  });

  it('--track-kernel adds λ_min(H(τ)) and the kernel drift to the history', async () => {
    const p = await problem('k.json', ['--n', '5', '--d', '2', '--m', '64']);
    const r = await runCli([
      'train',
      '--problem',
      p,
      '--out',
      tmp.path('k-out.json'),
      '--steps',
      '20',
      '--track-kernel',
      '10',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const hist = JSON.parse(readFileSync(tmp.path('k-out.history.json'), 'utf8'));
    expect(hist.lambdaMin.filter((v: number | null) => v !== null)).toHaveLength(3);
    expect(hist.kernelDrift[0]).toBe(0);
    expect(hist.kernelDrift[20]).toBeGreaterThan(0);
    for (const f of ['lambda-min', 'kernel-drift'])
      for (const ext of ['svg', 'png']) expect(existsSync(tmp.path(`k-out.${f}.${ext}`))).toBe(true);
    expect(readFileSync(tmp.path('k-out.loss.svg'), 'utf8')).toContain('Lemma 5.3 bound');
  });

  it('a run killed mid-way and resumed gives the uninterrupted result exactly', async () => {
    const p = await problem('r.json', ['--n', '8', '--d', '3', '--m', '256']);
    const straight = tmp.path('straight.json');
    expect(
      (await runCli(['train', '--problem', p, '--out', straight, '--steps', '300', '--checkpoint-every', '7'])).code,
    ).toBe(0);
    // kill a real process after its first checkpoints, then resume
    const killed = tmp.path('killed.json');
    const bin = join(__dirname, '..', '..', 'bin', 'softmax-ntk.js');
    const args = [
      bin,
      'train',
      '--problem',
      p,
      '--out',
      killed,
      '--steps',
      '300',
      '--checkpoint-every',
      '7',
      '--quiet',
    ];
    await new Promise<void>((resolve) => {
      const child = spawn('node', args, { stdio: 'ignore' });
      const ck = tmp.path('killed.checkpoint.json');
      const timer = setInterval(() => {
        if (existsSync(ck)) {
          clearInterval(timer);
          child.kill('SIGKILL');
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        resolve();
      });
    });
    const ck = JSON.parse(readFileSync(tmp.path('killed.checkpoint.json'), 'utf8'));
    expect(ck.step).toBeLessThan(300); // killed mid-run, not after it finished
    expect(existsSync(killed)).toBe(false);
    const resumed = await runCli([
      'train',
      '--problem',
      p,
      '--out',
      killed,
      '--steps',
      '300',
      '--checkpoint-every',
      '7',
      '--resume',
      '--json',
    ]);
    expect(resumed.code).toBe(0);
    expect(readFileSync(killed, 'utf8')).toBe(readFileSync(straight, 'utf8'));
    expect(readFileSync(tmp.path('killed.history.csv'), 'utf8')).toBe(
      readFileSync(tmp.path('straight.history.csv'), 'utf8'),
    );
  });

  it('refuses bad options before doing anything', async () => {
    const p = await problem('b.json', ['--n', '4', '--d', '2', '--m', '8']);
    const out = tmp.path('never.json');
    for (const [args, msg] of [
      [['--eta', '-1'], '--eta must be greater than 0, got -1'],
      [['--momentum', '1'], '--momentum must be below 1, got 1'],
      [['--steps', 'ten'], '--steps must be an integer, got "ten"'],
    ] as const) {
      const r = await runCli(['train', '--problem', p, '--out', out, ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(msg);
    }
    expect(existsSync(out)).toBe(false);
  });
});
