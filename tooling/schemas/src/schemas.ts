/**
 * JSON Schema files of the file formats, generated from the zod schemas the packages validate with, so the
 * published schemas and the readers cannot drift apart. Each schema says what JSON Schema can: types, required
 * fields, bounds, enumerations; what it cannot (shapes agreeing between fields, rows of one length, weights
 * summing to 1) is in its descriptions and is checked by the reader after the schema.
 */
import { attentionFileSchema } from '@softmax-ntk/attention';
import { modelFileSchema, targetFileSchema } from '@softmax-ntk/diffusion';
import { problemFileSchema } from '@softmax-ntk/network';
import { z } from 'zod';

/** The formats with a published schema: file name under docs/spec/ → the zod schema. */
export const SCHEMAS = {
  'problem.schema.json': problemFileSchema(),
  'target.schema.json': targetFileSchema(),
  'model.schema.json': modelFileSchema(),
  'attention.schema.json': attentionFileSchema(),
} as const;

/** The name of a schema file under docs/spec/. */
export type SchemaFile = keyof typeof SCHEMAS;

/** The JSON Schema (draft 2020-12) of one format, as an object. */
export function jsonSchema(file: SchemaFile): Record<string, unknown> {
  // `input`: what a file may hold (optional fields stay optional, defaults are not required).
  return { ...z.toJSONSchema(SCHEMAS[file], { io: 'input', target: 'draft-2020-12' }), $id: file };
}

/** The text of every schema file, as `pnpm schemas` writes it (two-space JSON, one final newline). */
export function schemaFiles(): Record<SchemaFile, string> {
  const out = {} as Record<SchemaFile, string>;
  for (const file of Object.keys(SCHEMAS) as SchemaFile[]) out[file] = `${JSON.stringify(jsonSchema(file), null, 2)}\n`;
  return out;
}
