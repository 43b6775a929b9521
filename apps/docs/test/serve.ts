/**
 * The built site served by `scripts/preview.mjs` (what `pnpm preview` runs) on 127.0.0.1 and a free port: the
 * tests browse the site the way a reader previewing it does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export async function serve(): Promise<{ server: { close(cb: () => void): void }; url: string }> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, '../scripts/preview.mjs'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`preview.mjs exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /^(http:\/\/\S+?)\/?$/m.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
  });
  return {
    url,
    server: {
      close(cb) {
        child.once('exit', () => cb());
        child.kill();
      },
    },
  };
}
