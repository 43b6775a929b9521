/**
 * The schema of the attention problem file (docs/spec/attention-file.md), in zod: the types of its fields, from
 * which `pnpm schemas` writes docs/spec/attention.schema.json. What JSON Schema cannot say — arrays of one length
 * at each level, and shapes agreeing between fields — is checked by `parseAttentionFile` after it.
 */
import { lazySchema, type Zod } from '@softmax-ntk/linalg';

const tensor3 = (z: Zod, description: string) =>
  z
    .array(z.array(z.array(z.number()).min(1)).min(1))
    .min(1)
    .meta({ description: `${description}; not ragged, all numbers finite` });

/** The attention file's fields and their types; any other field is refused (built, and zod loaded, on the first call). */
export const attentionFileSchema = lazySchema((z) =>
  z
    .strictObject({
      x: tensor3(z, 'N × d × n′: x[s] is X_s, column j is token j'),
      y: tensor3(z, 'N × d × n′: the targets Y_s, the shape of x'),
      wk: tensor3(z, 'H × d_h × d: key matrices W^K_h'),
      wq: tensor3(z, 'H × d_h × d: query matrices W^Q_h, the shape of wk'),
      wv: tensor3(z, 'H × d × d: value matrices W^V_h'),
      scaling: z
        .enum(['ntk', 'mean-field'])
        .optional()
        .meta({ description: 'c_H = 1/√H ("ntk", the default) or 1/H ("mean-field")' }),
      temperature: z.number().positive().optional().meta({ description: 'τ > 0 (default √d_h)' }),
    })
    .meta({
      title: 'softmax-ntk attention problem file',
      description:
        'One layer of multi-head softmax self-attention and its training sequences (Gu, Li, Liang, Shi, Song, "Exploring the Frontiers of Softmax", Section 7, Eq. 7).',
    }),
);
