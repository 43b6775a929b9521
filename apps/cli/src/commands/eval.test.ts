import { existsSync, writeFileSync } from 'node:fs';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

// The example problem of the problem-file spec.
const SPEC_EXAMPLE = {
  activation: 'softmax',
  x: [
    [0.1, -0.3],
    [0.5, 0.2],
    [0.0, 0.7],
  ],
  y: [
    [0.2, 0.1],
    [-0.4, 0.3],
    [0.1, 0.1],
  ],
  w: [
    [0.3, -1.2],
    [0.3, -1.2],
    [0.8, 0.1],
    [0.8, 0.1],
  ],
  a: [
    [1, -1, -1, 1],
    [-1, 1, 1, -1],
  ],
};

/** Eq. 1 and Definitions 3.2–3.3 written literally, for the spec example. */
function literal(p: typeof SPEC_EXAMPLE) {
  const m = p.w.length;
  const d = p.a.length;
  const S = p.x.map((x) => {
    const e = p.w.map((w) => Math.exp(w[0]! * x[0]! + w[1]! * x[1]!));
    const s = e.reduce((u, v) => u + v, 0);
    return e.map((v) => v / s);
  });
  const F = S.map((Si) => p.a.map((al) => m * al.reduce((u, v, r) => u + v * Si[r]!, 0)));
  let loss = 0;
  F.forEach((Fi, i) => Fi.forEach((f, l) => (loss += 0.5 * (f - p.y[i]![l]!) ** 2)));
  const grad = p.w.map((_, r) =>
    [0, 1].map((k) => {
      let g = 0;
      for (let i = 0; i < p.x.length; i++)
        for (let l = 0; l < d; l++) {
          const aS = p.a[l]!.reduce((u, v, q) => u + v * S[i]![q]!, 0);
          g += m * (F[i]![l]! - p.y[i]![l]!) * (p.a[l]![r]! * S[i]![r]! - aS * S[i]![r]!) * p.x[i]![k]!;
        }
      return g;
    }),
  );
  return { F, loss, grad };
}

describe('softmax-ntk eval', () => {
  it('--json prints exactly {F, loss, grad} matching the literal definitions (float64, 1e-10)', async () => {
    const f = tmp.path('spec.json');
    writeFileSync(f, JSON.stringify(SPEC_EXAMPLE));
    const r = await runCli(['eval', '--problem', f, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['F', 'grad', 'loss']);
    const ref = literal(SPEC_EXAMPLE);
    expect(out.F).toBeAllClose(ref.F, { rtol: 1e-10, atol: 0 });
    expect(out.loss).toBeAllClose(ref.loss, { rtol: 1e-10, atol: 0 });
    expect(out.grad).toBeAllClose(ref.grad, { rtol: 1e-10, atol: 0 });
  });

  it('--precision float32 agrees to 1e-4', async () => {
    const f = tmp.path('spec32.json');
    writeFileSync(f, JSON.stringify(SPEC_EXAMPLE));
    const r = await runCli(['--precision', 'float32', 'eval', '--problem', f, '--json']);
    const out = JSON.parse(r.stdout);
    const ref = literal(SPEC_EXAMPLE);
    expect(out.F).toBeAllClose(ref.F, { rtol: 1e-4, atol: 0 });
    expect(out.grad).toBeAllClose(ref.grad, { rtol: 1e-4, atol: 0 });
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{"x": [1,', /json|JSON/],
    [
      'ragged y',
      JSON.stringify({
        ...SPEC_EXAMPLE,
        y: [
          [0.2, 0.1],
          [-0.4, 0.3, 1],
          [0.1, 0.1],
        ],
      }),
      /y: expected 3 rows of length 2, row 1 has length 3/,
    ],
    [
      'non-finite',
      JSON.stringify(SPEC_EXAMPLE).replace('0.7', '1e999'),
      /x\[2\]\[1\]: expected a finite number, got Infinity/,
    ],
    ['unknown activation', JSON.stringify({ ...SPEC_EXAMPLE, activation: 'tanh' }), /activation/],
    [
      'a of the wrong width',
      JSON.stringify({
        ...SPEC_EXAMPLE,
        a: [
          [1, -1],
          [-1, 1],
        ],
      }),
      /a: expected 2 rows of length 4, row 0 has length 2/,
    ],
  ];
  it.each(bad)('refuses a problem file with %s: one line, exit 1', async (_name, text, msg) => {
    const f = tmp.path('bad.json');
    writeFileSync(f, text);
    const r = await runCli(['eval', '--problem', f, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
  });

  it('warns (on stderr only) when ‖x_i‖ > 1, and still evaluates', async () => {
    const f = tmp.path('big.json');
    writeFileSync(
      f,
      JSON.stringify({
        ...SPEC_EXAMPLE,
        x: [
          [3, 0],
          [0.5, 0.2],
          [0, 0.7],
        ],
      }),
    );
    const r = await runCli(['eval', '--problem', f, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*x.*row 0/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('names a missing file', async () => {
    const r = await runCli(['eval', '--problem', tmp.path('nope.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.json/);
    expect(existsSync(tmp.path('nope.json'))).toBe(false);
  });
});
