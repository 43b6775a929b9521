import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

async function init(name: string, args: string[]): Promise<string> {
  const p = tmp.path(name);
  const r = await runCli(['--seed', '3', 'attention', 'init', ...args, '--out', p]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return p;
}

const small = ['--sequences', '3', '--dim', '3', '--tokens', '4', '--heads', '4', '--head-dim', '2'];

describe('softmax-ntk attention eval', () => {
  it('--json prints exactly {F, loss, grad} with the spec shapes; grad matches central differences of the loss', async () => {
    const p = await init('e.json', [...small, '--init', 'gaussian', '--task', 'teacher']);
    const r = await runCli(['attention', 'eval', '--problem', p, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['F', 'grad', 'loss']);
    expect(Object.keys(out.grad).sort()).toEqual(['wk', 'wq', 'wv']);
    expect([out.F.length, out.F[0].length, out.F[0][0].length]).toEqual([3, 3, 4]);
    expect([out.grad.wk.length, out.grad.wk[0].length, out.grad.wk[0][0].length]).toEqual([4, 2, 3]);
    expect([out.grad.wv.length, out.grad.wv[0].length, out.grad.wv[0][0].length]).toEqual([4, 3, 3]);
    const doc = JSON.parse(readFileSync(p, 'utf8'));
    // h ≈ u^(1/3): see test-helpers' finiteDifference tolerance
    const h = 6e-6;
    for (const [field, i, j, k] of [
      ['wk', 1, 0, 2],
      ['wq', 3, 1, 0],
      ['wv', 2, 1, 1],
    ] as const) {
      const loss = async (delta: number) => {
        const d = JSON.parse(JSON.stringify(doc));
        d[field][i][j][k] += delta;
        const f = tmp.path(`fd-${field}.json`);
        writeFileSync(f, JSON.stringify(d));
        return JSON.parse((await runCli(['attention', 'eval', '--problem', f, '--json'])).stdout).loss as number;
      };
      const fd = ((await loss(h)) - (await loss(-h))) / (2 * h);
      expect([out.grad[field][i][j][k]]).toBeAllClose([fd], { ...TOLERANCES.finiteDifference, atol: 1e-8 });
    }
  });

  it('symmetric init: F = 0 exactly and the loss is ½‖Y‖²', async () => {
    const p = await init('s.json', [...small, '--task', 'icl']);
    const out = JSON.parse((await runCli(['attention', 'eval', '--problem', p, '--json'])).stdout);
    expect(out.F.flat(2).every((v: number) => v === 0)).toBe(true);
    const y = JSON.parse(readFileSync(p, 'utf8')).y.flat(2) as number[];
    expect([out.loss]).toBeAllClose([y.reduce((s, v) => s + v * v, 0) / 2], TOLERANCES.float64);
  });

  it('--precision float32 agrees with float64 to float32 accuracy', async () => {
    const p = await init('f.json', [...small, '--init', 'gaussian']);
    const a = JSON.parse((await runCli(['attention', 'eval', '--problem', p, '--json'])).stdout);
    const b = JSON.parse(
      (await runCli(['--precision', 'float32', 'attention', 'eval', '--problem', p, '--json'])).stdout,
    );
    expect(b.F.flat(2)).toBeAllClose(a.F.flat(2), TOLERANCES.float32);
    expect([...b.grad.wk.flat(2), ...b.grad.wv.flat(2)]).toBeAllClose(
      [...a.grad.wk.flat(2), ...a.grad.wv.flat(2)],
      TOLERANCES.float32,
    );
  });

  it('a ragged file is refused in one line naming the field, with nothing on stdout', async () => {
    const p = await init('r.json', small);
    const d = JSON.parse(readFileSync(p, 'utf8'));
    d.x[2][1].pop();
    const bad = tmp.path('ragged.json');
    writeFileSync(bad, JSON.stringify(d));
    const r = await runCli(['attention', 'eval', '--problem', bad, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('softmax-ntk: error: x[2][1]: expected 4 entries (as x[0][0] has), got 3\n');
  });
});

describe('softmax-ntk attention ntk', () => {
  it('--json prints λ_min, λ_max, the condition number; --full adds H (N·d·n′ square, symmetric); parts add up', async () => {
    const p = await init('n.json', [...small, '--init', 'gaussian']);
    const r = await runCli(['attention', 'ntk', '--problem', p, '--json', '--full']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['H', 'conditionNumber', 'lambdaMax', 'lambdaMin']);
    expect(out.H).toHaveLength(36);
    for (let i = 0; i < 36; i++) for (let j = 0; j < i; j++) expect(out.H[i][j]).toBe(out.H[j][i]);
    expect(out.conditionNumber).toBeCloseTo(out.lambdaMax / out.lambdaMin, 6);
    const kq = JSON.parse(
      (await runCli(['attention', 'ntk', '--problem', p, '--json', '--full', '--part', 'kq'])).stdout,
    );
    const v = JSON.parse(
      (await runCli(['attention', 'ntk', '--problem', p, '--json', '--full', '--part', 'v'])).stdout,
    );
    const sum = (kq.H.flat() as number[]).map((x, t) => x + (v.H.flat()[t] as number));
    expect(sum).toBeAllClose(out.H.flat(), TOLERANCES.float64);
  });
});

describe('softmax-ntk attention train', () => {
  it('alternating schedule with --track-kernel writes the trained file, history and plots; the loss goes down', async () => {
    const p = await init('t.json', [...small, '--task', 'random']);
    const out = tmp.path('trained.json');
    const r = await runCli([
      'attention',
      'train',
      '--problem',
      p,
      '--out',
      out,
      '--schedule',
      'alternating',
      '--alternate-every',
      '5',
      '--steps',
      '30',
      '--track-kernel',
      '10',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.status).toBe('budget');
    expect(res.steps).toBe(30);
    for (const f of ['trained.history.csv', 'trained.loss.svg', 'trained.kernel-drift.svg', 'trained.lambda-min.png'])
      expect(existsSync(tmp.path(f))).toBe(true);
    const hist = JSON.parse(readFileSync(tmp.path('trained.history.json'), 'utf8'));
    expect(hist.phase.slice(0, 11)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 1]);
    expect(hist.kernelDrift[0]).toBe(0);
    expect(hist.loss[30]).toBeLessThan(hist.loss[0]);
    const after = JSON.parse((await runCli(['attention', 'eval', '--problem', out, '--json'])).stdout);
    expect([after.loss]).toBeAllClose([hist.loss[30]], TOLERANCES.float64);
  });

  it('--precision float32 trains on tfjs: float32 weights, loss curve equal to float64 to float32 tolerance', async () => {
    const p = await init('f32.json', [...small, '--task', 'teacher', '--init', 'gaussian']);
    const train = async (name: string, pre: string[]) => {
      const r = await runCli([...pre, 'attention', 'train', '--problem', p, '--out', tmp.path(name), '--steps', '15']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(readFileSync(tmp.path(name.replace('.json', '.history.json')), 'utf8'));
    };
    const h64 = await train('t64.json', []);
    const h32 = await train('t32.json', ['--precision', 'float32']);
    expect(h32.loss).toHaveLength(16);
    expect(h32.loss).not.toEqual(h64.loss);
    expect(h32.loss).toBeAllClose(h64.loss, TOLERANCES.float32);
    const w = JSON.parse(readFileSync(tmp.path('t32.json'), 'utf8'));
    const all = [w.wk, w.wq, w.wv].flat(3) as number[];
    expect(all.filter((v) => Math.fround(v) !== v)).toEqual([]);
  });

  it('--resume continues from the checkpoint file: the result equals the uninterrupted run', async () => {
    const p = await init('res.json', [...small, '--task', 'icl']);
    const args = (out: string, steps: string) => [
      'attention',
      'train',
      '--problem',
      p,
      '--out',
      tmp.path(out),
      '--steps',
      steps,
      '--checkpoint-every',
      '4',
      '--schedule',
      'alternating',
      '--alternate-every',
      '3',
    ];
    expect((await runCli(args('whole.json', '20'))).code).toBe(0);
    expect((await runCli(args('part.json', '9'))).code).toBe(0);
    const r = await runCli([...args('part.json', '20'), '--resume', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).resumed).toBe(true);
    expect(readFileSync(tmp.path('part.json'), 'utf8')).toBe(readFileSync(tmp.path('whole.json'), 'utf8'));
    expect(readFileSync(tmp.path('part.history.csv'), 'utf8')).toBe(
      readFileSync(tmp.path('whole.history.csv'), 'utf8'),
    );
  });

  it('attention ntk refuses --precision float32 in one line (H is computed in float64 only)', async () => {
    const p = await init('n32.json', small);
    const r = await runCli(['--precision', 'float32', 'attention', 'ntk', '--problem', p]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'softmax-ntk: error: invalid option: attention ntk computes H in float64 only, got --precision float32 (eval and train take float32)\n',
    );
  });

  it('refuses an unknown schedule naming the option', async () => {
    const p = await init('u.json', small);
    const r = await runCli(['attention', 'train', '--problem', p, '--out', tmp.path('x.json'), '--schedule', 'both']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'softmax-ntk: error: invalid option: --schedule must be one of joint, alternating, got "both"\n',
    );
    expect(existsSync(tmp.path('x.json'))).toBe(false);
  });

  it('init with an odd number of heads and symmetric init writes nothing', async () => {
    const out = tmp.path('odd.json');
    const r = await runCli(['attention', 'init', '--heads', '3', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^softmax-ntk: error: invalid option: --heads must be even for symmetric initialisation \(--init symmetric\), got 3\n$/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
