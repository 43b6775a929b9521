/** `pnpm schemas`: writes docs/spec/*.schema.json from the packages' zod schemas (run `pnpm build` first). */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaFiles } from './schemas';

const specDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/spec');
for (const [file, text] of Object.entries(schemaFiles())) {
  writeFileSync(join(specDir, file), text);
  console.log(`wrote docs/spec/${file}`);
}
