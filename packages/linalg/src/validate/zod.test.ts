import { parseWithSchema } from './parseWithSchema';
import { lazySchema, loadValidation, zod } from './zod';

describe('zod on first use (lazySchema, zod, loadValidation)', () => {
  it('a lazy schema is built once, on its first call, and validates with the one wording', () => {
    let builds = 0;
    const schema = lazySchema((z) => {
      builds++;
      return z.object({ eta: z.number().positive() });
    });
    expect(builds).toBe(0);
    expect(schema()).toBe(schema());
    expect(builds).toBe(1);
    expect(() => parseWithSchema(schema(), { eta: -1 })).toThrow(/^eta: expected a number > 0, got -1$/);
  });

  it('zod() is one module; loadValidation() resolves to the same', async () => {
    const z = zod();
    expect(typeof z.object).toBe('function');
    await loadValidation();
    expect(zod()).toBe(z);
  });
});
