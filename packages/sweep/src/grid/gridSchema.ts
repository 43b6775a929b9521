/**
 * The structure of a grid (a grid file's JSON or YAML, or a grid object), in zod: its keys and their types.
 * Parameter names and values depend on the experiment and are checked by `parseGrid` against its parameter table.
 */
import { lazySchema } from '@softmax-ntk/linalg';

/** A grid's keys and their types; any other key is refused (built, and zod loaded, on the first call). */
export const gridSchema = lazySchema((z) =>
  z.strictObject({
    experiment: z.string(),
    axes: z.record(z.string(), z.array(z.unknown()).min(1)).optional(),
    fixed: z.record(z.string(), z.unknown()).optional(),
    seeds: z.union([z.number(), z.array(z.unknown()).min(1)]).optional(),
    points: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
    record: z.array(z.string()).min(1).optional(),
    name: z.string().optional(),
  }),
);
