/**
 * The schema of the target file (docs/spec/target-file.md), in zod: the types of its fields, from which
 * `pnpm schemas` writes docs/spec/target.schema.json. What JSON Schema cannot say — weights summing to 1 within
 * 1e-9, K rows of `means` and of `std`, rows of one length — is checked by `parseTarget` after it.
 */
import { lazySchema, type Zod } from '@softmax-ntk/linalg';
import type { z as ZodTypes } from 'zod';
import { NAMED_TARGETS } from './target';

/** The target file's schemas, built with `z`. */
function build(z: Zod) {
  const finite = z.number();
  const positive = z.number().positive();

  /** A Gaussian mixture $\sum_k w_k \mathcal{N}(\mu_k, \operatorname{diag}(s_k^2))$. */
  const gaussianMixtureSchema = z
    .object({
      type: z.literal('gaussian-mixture'),
      weights: z
        .array(z.number().nonnegative())
        .min(1)
        .meta({ description: 'K weights, non-negative, summing to 1 within 1e-9 (never renormalised)' }),
      means: z
        .array(z.array(finite).min(1))
        .min(1)
        .meta({ description: 'K × d component means (K rows of one length d)' }),
      std: z
        .array(z.union([positive, z.array(positive).min(1)]))
        .min(1)
        .meta({
          description:
            'K entries, one per component: a number (isotropic standard deviation) or d numbers (a diagonal one); all > 0',
        }),
    })
    .meta({ description: 'A Gaussian mixture: p_t and its score are exact at every t' });

  /** A named 2-D toy set. */
  const namedTargetSchema = z
    .object({
      type: z.literal('named'),
      name: z.enum(NAMED_TARGETS).meta({ description: 'A named 2-D toy set' }),
    })
    .meta({ description: 'A named 2-D toy set (the mixtures among them are exact mixtures)' });

  /** Rows of numbers read from a CSV or JSON file. */
  const dataTargetSchema = z
    .object({
      type: z.literal('data'),
      path: z
        .string()
        .min(1)
        .meta({ description: 'CSV or JSON (an array of rows) file; relative paths are relative to the target file' }),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional()
        .meta({ description: 'SHA-256 of the data file (written into model files); a changed file is refused' }),
    })
    .meta({ description: 'The empirical distribution of the rows of a data file' });

  /** The target file's fields and their types (the rest is checked by `parseTarget`). */
  const targetFileSchema = z
    .discriminatedUnion('type', [gaussianMixtureSchema, namedTargetSchema, dataTargetSchema])
    .meta({
      title: 'softmax-ntk target file',
      description:
        'The data distribution p₀ that a diffusion model learns (Gu, Li, Liang, Shi, Song, "Exploring the Frontiers of Softmax", Section 6).',
    });

  /** A data file given as JSON: an array of rows of finite numbers (rows of one length are checked after it). */
  const dataRowsJsonSchema = z.array(z.array(finite).min(1)).min(1);

  return { targetFileSchema, dataRowsJsonSchema };
}

const schemas = lazySchema(build);

/**
 * The target file's fields and their types (the rest is checked by `parseTarget`): a Gaussian mixture, a named
 * 2-D toy set or a data file. The one schema, built (and zod loaded) on the first call.
 */
export const targetFileSchema = (): ReturnType<typeof build>['targetFileSchema'] => schemas().targetFileSchema;

/** A data file given as JSON: an array of rows of finite numbers (rows of one length are checked after it). */
export const dataRowsJsonSchema = (): ReturnType<typeof build>['dataRowsJsonSchema'] => schemas().dataRowsJsonSchema;

/** A target file's JSON as the schema types it. */
export type TargetFileJson = ZodTypes.infer<ReturnType<typeof targetFileSchema>>;
