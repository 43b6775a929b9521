import { existsSync, writeFileSync } from 'node:fs';
import { toRows } from '@softmax-ntk/linalg';
import { forward, gradient, loss, specExample, specExampleRows } from '@softmax-ntk/reference';
import { runCli } from '../../test/runCli';
import { tempDir } from '../../test/tmp';

const tmp = tempDir();

// The example problem of the problem-file spec (tooling/reference's fixture).
const SPEC_EXAMPLE = specExampleRows();

/** Eq. 1 and Definitions 3.2–3.3 for the spec example, by the float64 reference of the paper (tooling/reference). */
function literal() {
  const net = specExample();
  return { F: toRows(forward(net)), loss: loss(net), grad: toRows(gradient(net)) };
}

describe('softmax-ntk eval', () => {
  it('--json prints exactly {F, loss, grad} matching the literal definitions (float64, 1e-10)', async () => {
    const f = tmp.path('spec.json');
    writeFileSync(f, JSON.stringify(SPEC_EXAMPLE));
    const r = await runCli(['eval', '--problem', f, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['F', 'grad', 'loss']);
    const ref = literal();
    expect(out.F).toBeAllClose(ref.F, { rtol: 1e-10, atol: 0 });
    expect(out.loss).toBeAllClose(ref.loss, { rtol: 1e-10, atol: 0 });
    expect(out.grad).toBeAllClose(ref.grad, { rtol: 1e-10, atol: 0 });
  });

  it('--precision float32 agrees to 1e-4', async () => {
    const f = tmp.path('spec32.json');
    writeFileSync(f, JSON.stringify(SPEC_EXAMPLE));
    const r = await runCli(['--precision', 'float32', 'eval', '--problem', f, '--json']);
    const out = JSON.parse(r.stdout);
    const ref = literal();
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
