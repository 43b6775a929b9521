import type { modelFileSchema } from './modelSchema';

// What the model-file tests leave loose, because the schema is built once (lazily) and so covered by whichever test
// reads a file first: the kinds it accepts, the schedule's `kind`, and that every field is documented (the
// descriptions of docs/spec/model.schema.json; their exact text is compared by tooling/schemas' generator test).

/** The schema built afresh (a new module, so a new lazy cache): each test covers the builder it checks. */
async function build(): Promise<ReturnType<typeof modelFileSchema>> {
  let schema: ReturnType<typeof modelFileSchema> | undefined;
  await jest.isolateModulesAsync(async () => {
    schema = (await import('./modelSchema')).modelFileSchema();
  });
  return schema!;
}

describe('the model file schema', () => {
  it('accepts both kinds, nn and ntk, and nothing else', async () => {
    const { shape } = await build();
    expect(shape.kind.safeParse('nn').success).toBe(true);
    expect(shape.kind.safeParse('ntk').success).toBe(true);
    expect(shape.kind.safeParse('gan').success).toBe(false);
  });

  it('asks the schedule for a string kind (the rest is checked by makeSchedule)', async () => {
    const { shape } = await build();
    expect(shape.schedule.safeParse({ kind: 'linear', betaMax: 20 }).success).toBe(true);
    expect(shape.schedule.safeParse({ betaMax: 20 }).success).toBe(false);
    expect(shape.schedule.safeParse({ kind: 3 }).success).toBe(false);
  });

  it('documents every field: a title, and a non-empty description each', async () => {
    const schema = await build();
    const { shape } = schema;
    expect(schema.meta()?.title).toBe('softmax-ntk diffusion model file');
    const fields = {
      file: schema,
      kind: shape.kind,
      schedule: shape.schedule,
      t0: shape.t0,
      T: shape.T,
      target: shape.target,
      'normalization.shift': shape.normalization.shape.shift,
      'normalization.scale': shape.normalization.shape.scale,
      inputScale: shape.inputScale,
      input: shape.input,
      skipSecondMoment: shape.skipSecondMoment,
      'network.w': shape.network.shape.w,
      'network.a': shape.network.shape.a,
      'network.u': shape.network.shape.u.unwrap(),
    };
    for (const [name, field] of Object.entries(fields)) {
      const description = field.meta()?.description;
      expect([name, typeof description === 'string' && description.length > 0]).toEqual([name, true]);
    }
    // the matrices' descriptions end with what their rows must be
    for (const m of [shape.network.shape.w, shape.network.shape.a, shape.network.shape.u.unwrap()])
      expect(m.meta()?.description).toMatch(/^[^;]+; rows of one length, all numbers finite$/);
  });
});
