/**
 * The PyTorch peer's interpreter at its best: Debian's python3-torch and python3-numpy under `/usr/bin/python3`, with
 * OpenBLAS (pthread) behind libblas.so.3 and liblapack.so.3 — without it Debian's torch calls the reference BLAS and
 * LAPACK (~2 GFLOP/s: a dense eigh of 2048 took 12 s instead of 1 s), and every ratio would flatter us. Installs what
 * is missing with apt-get (Debian packages, no pip). Shared by run.ts, float64.ts and scale.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** @returns The versions of torch and numpy that `PY` imports. */
export function ensurePython(PY: string): { torch: string; numpy: string } {
  const probe = () =>
    spawnSync(PY, ['-c', 'import torch, numpy; print(torch.__version__, numpy.__version__)'], { encoding: 'utf8' });
  // Debian's torch and numpy call BLAS through libblas.so.3; without OpenBLAS that is the reference BLAS (~2 GFLOP/s)
  const openblas =
    existsSync('/usr/lib/x86_64-linux-gnu/openblas-pthread') ||
    existsSync('/usr/lib/aarch64-linux-gnu/openblas-pthread');
  let p = probe();
  const versions = (): { torch: string; numpy: string } => {
    const [torch = '?', numpy = '?'] = p.stdout.trim().split(' ');
    return { torch, numpy };
  };
  if (p.status === 0 && openblas) {
    console.log(`PyTorch peer: ${PY}, torch ${p.stdout.trim().replace(' ', ', numpy ')}, OpenBLAS (pthread)`);
    return versions();
  }
  const missing = [
    ...(p.status === 0 ? [] : ['python3-torch', 'python3-numpy']),
    ...(openblas ? [] : ['libopenblas0-pthread']),
  ];
  console.log(`${missing.join(', ')} missing for ${PY}; installing with apt-get (Debian packages, no pip)…`);
  for (const cmd of [
    ['apt-get', 'update'],
    ['apt-get', 'install', '-y', ...missing],
  ]) {
    const r = spawnSync(cmd[0] as string, cmd.slice(1), { stdio: 'inherit' });
    if (r.status !== 0)
      throw new Error(`${cmd.join(' ')} failed (exit ${r.status}); install ${missing.join(', ')} and rerun`);
  }
  p = probe();
  if (p.status !== 0) throw new Error(`torch/numpy still not importable by ${PY}: ${p.stderr}`);
  return versions();
}
