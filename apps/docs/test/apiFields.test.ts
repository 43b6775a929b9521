/**
 * Per-field documentation of the API: every parameter of every exported function, method and constructor has an
 * `@param`, and every field of every exported interface, class and object type has a comment of its own, so the API
 * pages' Parameters and Properties tables say what each one is. A failure names the package, the symbol and the field
 * (and where it is declared). Run on TypeDoc's reading of the same entry points as the site (scripts/apiFields.mjs).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const app = path.resolve(__dirname, '..');

let problems: string[];

beforeAll(() => {
  // (scripts/apiFields.mjs is an ES module that jest's CommonJS runtime cannot load, and TypeDoc too: ask node)
  problems = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { missingFieldDocs } from './scripts/apiFields.mjs'; console.log(JSON.stringify(await missingFieldDocs()));",
      ],
      { cwd: app, encoding: 'utf8', maxBuffer: 1 << 24 },
    )
      .trim()
      .split('\n')
      .pop()!,
  ) as string[];
}, 600000);

test('every parameter has an @param and every field of an exported interface, class or object type a comment', () => {
  // (verify's `reference` namespace and `ReferenceNet` are tooling/reference's declarations, shown on verify's API
  // pages: they are held to the same rule)
  expect(problems).toEqual([]);
});
