import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasPythonModule, itWhen } from '@softmax-ntk/test-helpers';
import { ValidationError } from '@softmax-ntk/linalg';
import { readMatrixFile, writeMatrixFile } from './matrixFile';

describe('matrix files (.npy and softmax-ntk binary)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'matfile-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const A = { rows: 3, cols: 2, data: Float64Array.from([1, -2.5, Math.PI, 1e-300, -0, 7]) };

  it.each(['h.npy', 'h.bin'])('round-trips exactly (%s)', (name) => {
    const p = join(dir, name);
    writeMatrixFile(p, A);
    const back = readMatrixFile(p);
    expect(back.rows).toBe(3);
    expect(back.cols).toBe(2);
    expect(Array.from(back.data)).toEqual(Array.from(A.data));
  });

  it('writes a NumPy v1.0 header padded to 64 bytes', () => {
    const p = join(dir, 'hdr.npy');
    writeMatrixFile(p, A);
    const buf = readFileSync(p);
    const hlen = buf.readUInt16LE(8);
    expect((10 + hlen) % 64).toBe(0);
    expect(buf.subarray(10, 10 + hlen).toString('latin1')).toMatch(
      /^\{'descr': '<f8', 'fortran_order': False, 'shape': \(3, 2\), \} *\n$/,
    );
  });

  itWhen(hasPythonModule('numpy'), 'python3 with numpy is not installed')('is read by NumPy', () => {
    const p = join(dir, 'np.npy');
    writeMatrixFile(p, A);
    const code = `import numpy as np, json; a = np.load(${JSON.stringify(p)}); print(json.dumps({"shape": list(a.shape), "values": a.ravel().tolist()}))`;
    const out = JSON.parse(execFileSync('python3', ['-c', code], { encoding: 'utf8' }));
    expect(out.shape).toEqual([3, 2]);
    expect(out.values).toEqual(Array.from(A.data));
  });

  it('refuses a file of another kind', () => {
    const p = join(dir, 'junk');
    writeFileSync(p, 'hello world, not a matrix');
    expect(() => readMatrixFile(p)).toThrow(`${p}: expected a .npy or softmax-ntk matrix file, got other bytes`);
    expect(() => readMatrixFile(p)).toThrow(ValidationError);
  });

  it('refuses a truncated file, naming it', () => {
    const p = join(dir, 'short.bin');
    writeMatrixFile(p, { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) });
    writeFileSync(p, readFileSync(p).subarray(0, 30));
    expect(() => readMatrixFile(p)).toThrow(`${p}: expected 2·2 float64 values after the header, got 14 bytes`);
  });
});
