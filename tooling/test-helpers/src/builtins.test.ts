import { osWithLoad, spyOnBuiltins, withoutGetBuiltinModule } from './builtins';
import type { GetBuiltin } from './builtins';

const proc = process as unknown as { getBuiltinModule?: GetBuiltin };
const get = (id: string): unknown => (proc.getBuiltinModule as GetBuiltin)(id);

describe('spyOnBuiltins', () => {
  it('replaces the named members of one module, keeps its others and every other module real, throws for "throws"', () => {
    const realOs = get('node:os') as { loadavg: () => number[]; cpus: unknown };
    const realPath = get('node:path');
    const spy = spyOnBuiltins({ 'node:os': { loadavg: () => [7, 8, 9], cpus: undefined }, 'node:fs': 'throws' });
    try {
      const os = get('node:os') as { loadavg: () => number[]; cpus?: unknown; platform: unknown };
      expect(os.loadavg()).toEqual([7, 8, 9]);
      expect(os.cpus).toBeUndefined();
      expect(os.platform).toBe((realOs as unknown as { platform: unknown }).platform);
      expect(get('node:path')).toBe(realPath);
      expect(() => get('node:fs')).toThrow('no node:fs here');
      // a second spy does not wrap the first (which would call itself)
      spyOnBuiltins({ 'node:os': { loadavg: () => [1] } });
      expect((get('node:os') as { loadavg: () => number[] }).loadavg()).toEqual([1]);
    } finally {
      spy.mockRestore();
    }
    expect(get('node:os')).toBe(realOs);
  });
});

describe('withoutGetBuiltinModule', () => {
  it('takes process.getBuiltinModule away for a function, and puts it back after a return, a throw or a promise', async () => {
    const real = proc.getBuiltinModule;
    expect(withoutGetBuiltinModule(() => proc.getBuiltinModule)).toBeUndefined();
    expect(proc.getBuiltinModule).toBe(real);
    expect(() =>
      withoutGetBuiltinModule(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(proc.getBuiltinModule).toBe(real);
    let during: unknown = 'unset';
    const pending = withoutGetBuiltinModule(async () => {
      await new Promise((r) => setTimeout(r, 1));
      during = proc.getBuiltinModule;
      return 5;
    });
    expect(proc.getBuiltinModule).toBeUndefined();
    await expect(pending).resolves.toBe(5);
    expect(during).toBeUndefined();
    expect(proc.getBuiltinModule).toBe(real);
  });
});

describe('osWithLoad', () => {
  it('answers the 1-minute load and the core count given', () => {
    const os = osWithLoad(2.5, 8) as { loadavg: () => number[]; availableParallelism: () => number };
    expect(os.loadavg()[0]).toBe(2.5);
    expect(os.availableParallelism()).toBe(8);
    expect((osWithLoad(1) as { availableParallelism: () => number }).availableParallelism()).toBe(2);
  });
});
