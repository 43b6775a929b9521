/**
 * The schema of the diffusion model file, in zod: the types of its fields, from which `pnpm schemas` writes
 * docs/spec/model.schema.json. What JSON Schema cannot say — matrix shapes agreeing with d and m, t0 < T, the
 * schedule's formula, $R \ge c_t \cdot t0/T$ — is checked by `parseModel` after it. Fields it does not list (`seed`,
 * `training`, …) are kept as they are: they record how the model was made and change no score.
 */
import { lazySchema, type Zod } from '@softmax-ntk/linalg';
import { PARAMETERIZATIONS } from '../data/denoisingData';

const matrix = (z: Zod, description: string) =>
  z
    .array(z.array(z.number()).min(1))
    .min(1)
    .meta({ description: `${description}; rows of one length, all numbers finite` });

/** The model file's fields and their types (the rest is checked by `parseModel`); built, and zod loaded, on the first call. */
export const modelFileSchema = lazySchema((z) => {
  const positive = z.number().positive();
  return z
    .looseObject({
      format: z.literal('softmax-ntk/diffusion-model'),
      version: z.literal(1),
      kind: z.enum(['nn', 'ntk']).meta({ description: '"nn": the GD-trained network; "ntk": its NTK regression' }),
      parameterization: z.enum(PARAMETERIZATIONS),
      schedule: z
        .looseObject({ kind: z.string() })
        .meta({ description: 'The noise schedule g(t) (checked by makeSchedule when the model is read)' }),
      t0: positive.meta({ description: 'T₀ > 0, the smallest time trained on (t0 < T)' }),
      T: positive.meta({ description: 'T, the time horizon' }),
      target: z.looseObject({}).meta({ description: 'The target file the model was trained on (its JSON)' }),
      normalization: z.object({
        shift: z.array(z.number()).min(1).meta({ description: 'd: the data mean subtracted' }),
        scale: positive.meta({ description: 'the data divided by it after the shift' }),
      }),
      inputScale: positive.meta({ description: 'R in the network input (c_t·t/T, c_in(t)·x)/R, at least c_t·t0/T' }),
      input: z
        .object({
          timeScale: positive,
          secondMoment: positive.nullable(),
          bias: positive
            .optional()
            .meta({ description: 'c_b: a constant input coordinate, (c_t·t/T, c_in(t)·x, c_b)/R; absent: none' }),
        })
        .optional()
        .meta({ description: 'c_t, c_in’s second moment v and c_b; absent: the paper’s (t/T, x)/R' }),
      skipSecondMoment: positive
        .optional()
        .meta({ description: 'v in c_skip(t) = α_t v/(α_t²v + σ_t²); required by the "residual" parameterisation' }),
      network: z.looseObject({
        w: matrix(z, 'm × (d+1), m × (d+2) with input.bias: the trained W (nn) or W(0) (ntk)'),
        a: matrix(z, 'd × m, fixed'),
        u: matrix(z, 'ntk only: the shape of w, U = Jᵀ(H* + ρI)⁻¹vec(Y)/m').optional(),
      }),
    })
    .meta({
      title: 'softmax-ntk diffusion model file',
      description: 'A trained score model (Gu, Li, Liang, Shi, Song, "Exploring the Frontiers of Softmax", Section 6).',
    });
});
