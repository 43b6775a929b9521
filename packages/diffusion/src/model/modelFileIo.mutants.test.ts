import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelError } from './modelFile';
import { readModelFile } from './modelFileIo';

// What the model-file tests (round trips, refusals of parsed files) leave loose: a file that is not JSON at all is a
// ModelError of field `json` that names it as the model file.

describe('readModelFile: a file that is not JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-modelfileio-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a ModelError of field json, naming the model file and its path', () => {
    const path = join(dir, 'truncated.json');
    writeFileSync(path, '{"format": "softmax-ntk/diffusion-model", ');
    const read = () => readModelFile(path);
    expect(read).toThrow(ModelError);
    expect(read).toThrow(
      expect.objectContaining({
        field: 'json',
        message: expect.stringContaining(`json: model file: ${JSON.stringify(path)} is not valid JSON: `),
      }),
    );
  });
});
