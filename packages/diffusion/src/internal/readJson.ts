/** Reading a JSON file of this package (model or target file): one error, naming the file, for each way it can fail. */
import { assertNoDuplicateKey } from '@softmax-ntk/linalg';
import { readInputFile } from '@softmax-ntk/linalg/node';

/**
 * The parsed JSON of `path`; an unreadable file or invalid JSON throws `fail('<what>: …')` (the caller's error class,
 * field `json`). Only a regular file within the size limit is read (`readInputFile`): never a device or a directory.
 */
export function readJsonFile(path: string, what: string, fail: (message: string) => Error): unknown {
  let text: string;
  try {
    text = readInputFile({ path, what });
  } catch (e) {
    throw fail((e as Error).message);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw fail(`${what}: ${JSON.stringify(path)} is not valid JSON: ${(e as Error).message}`);
  }
  assertNoDuplicateKey(text, (p, d) => fail(`${what}: ${JSON.stringify(path)}: ${p}: ${d}`));
  return doc;
}
