/**
 * The schema of the problem file (docs/spec/problem-file.md), in zod: the types of its fields, from which
 * `pnpm schemas` writes docs/spec/problem.schema.json. The agreement of shapes between fields (`x` $n \times d_\text{in}$,
 * `y` $n \times d_\text{out}$, `w` $m \times d_\text{in}$, `a` $d_\text{out} \times m$) is beyond JSON Schema and is checked by `parseProblem` after it.
 */
import { lazySchema, type Zod } from '@softmax-ntk/linalg';
import type { z } from 'zod';

/** A matrix as rows of finite numbers: at least one row, each with at least one entry. */
function matrix(z: Zod, description: string) {
  return z
    .array(z.array(z.number()).min(1))
    .min(1)
    .meta({ description: `${description}; every row has the same length, all numbers finite` });
}

/**
 * The problem file's fields and their types (shapes are checked by `parseProblem`): the one schema, built (and
 * zod loaded) on the first call.
 */
export const problemFileSchema = lazySchema((z) =>
  z
    .object({
      activation: z
        .enum(['softmax', 'relu', 'exp'])
        .optional()
        .meta({ description: '"softmax" (Eq. 1); "relu" and "exp" for the baselines of Table 1. Default "softmax".' }),
      x: matrix(z, 'n × d_in: row i is the input x_i'),
      y: matrix(z, 'n × d_out: row i is the label y_i'),
      w: matrix(z, 'm × d_in: row r is the first-layer weight w_r'),
      a: matrix(z, 'd_out × m: row ℓ is the second-layer weight a_ℓ'),
    })
    .meta({
      title: 'softmax-ntk problem file',
      description:
        'A two-layer network and its training data (Gu, Li, Liang, Shi, Song, "Exploring the Frontiers of Softmax", Section 3). Fields other than these five are ignored.',
    }),
);

/** A problem file's JSON as the schema types it. */
export type ProblemFileJson = z.infer<ReturnType<typeof problemFileSchema>>;
