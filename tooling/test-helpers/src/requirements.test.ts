import { describeWhen, isCi, itWhen, toolAvailable } from './requirements';

describe('requirements: named skips, required under CI', () => {
  const saved = { ci: process.env['CI'], missing: process.env['SOFTMAX_NTK_MISSING_TOOLS'] };
  afterEach(() => {
    for (const [k, v] of [
      ['CI', saved.ci],
      ['SOFTMAX_NTK_MISSING_TOOLS', saved.missing],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('isCi: CI set to anything but "", "false", "0"', () => {
    const seen = ['true', '1', 'yes', '', 'false', '0'].map((v) => {
      process.env['CI'] = v;
      return isCi();
    });
    delete process.env['CI'];
    expect([...seen, isCi()]).toEqual([true, true, true, false, false, false, false]);
  });

  it('SOFTMAX_NTK_MISSING_TOOLS pretends a tool is absent', () => {
    process.env['SOFTMAX_NTK_MISSING_TOOLS'] = 'chromium,redis-server';
    expect([toolAvailable('chromium'), toolAvailable('redis-server')]).toEqual([false, false]);
  });

  it('a failed condition registers a named skip, or a failing test when required under CI', () => {
    const registered: string[] = [];
    const g = globalThis as unknown as Record<string, unknown>;
    const saved = { it: g['it'], describe: g['describe'] };
    const record = (kind: string) =>
      Object.assign((name: string) => registered.push(`${kind}: ${name}`), {
        skip: (name: string) => registered.push(`${kind}.skip: ${name}`),
      });
    g['it'] = record('it');
    g['describe'] = Object.assign(
      (name: string, fn: () => void) => {
        registered.push(`describe: ${name}`);
        fn();
      },
      { skip: (name: string) => registered.push(`describe.skip: ${name}`) },
    );
    try {
      process.env['CI'] = 'false';
      itWhen(false, 'no numpy')('reads', () => undefined);
      itWhen(false, 'no numpy', { requiredUnderCi: true })('reads', () => undefined);
      describeWhen(false, 'no redis', { requiredUnderCi: true })('queue', () => undefined);
      process.env['CI'] = 'true';
      itWhen(false, 'no numpy')('reads', () => undefined);
      itWhen(false, 'no numpy', { requiredUnderCi: true })('reads', () => undefined);
      describeWhen(false, 'no redis', { requiredUnderCi: true })('queue', () => undefined);
      itWhen(true, 'unused')('runs', () => undefined);
    } finally {
      g['it'] = saved.it;
      g['describe'] = saved.describe;
    }
    expect(registered).toEqual([
      'it.skip: reads [skipped: no numpy]',
      'it.skip: reads [skipped: no numpy]',
      'describe.skip: queue [skipped: no redis]',
      'it.skip: reads [skipped: no numpy]',
      'it: reads [requires: no numpy]',
      'describe: queue',
      'it: requires: no redis',
      'it: runs',
    ]);
  });
});
