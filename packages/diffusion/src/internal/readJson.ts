/** Reading a JSON file of this package (model or target file): one error, naming the file, for each way it can fail. */
import { readFileSync } from 'node:fs';

/** The parsed JSON of `path`; an unreadable file or invalid JSON throws `fail('<what>: …')` (the caller's error class, field `json`). */
export function readJsonFile(path: string, what: string, fail: (message: string) => Error): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fail(
      `${what}: cannot read ${JSON.stringify(path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fail(`${what}: ${JSON.stringify(path)} is not valid JSON: ${(e as Error).message}`);
  }
}
