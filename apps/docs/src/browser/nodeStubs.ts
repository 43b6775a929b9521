/**
 * Stand-ins for the Node built-ins (`node:fs`, `node:path`, `node:crypto`,
 * `node:os`) that the packages import for their file functions (problem,
 * model, checkpoint and report files). The browser demos never read or write
 * files; a call that would is an error that says so.
 *
 * One function must work: `createHash`, which the GD trainer calls on every
 * run to fingerprint the problem for checkpoints. The browser has no
 * synchronous SHA-256, and the demos write no checkpoints, so it returns a
 * 64-bit FNV-1a digest, labelled as such (never compared with a real one).
 */
function unavailable(name: string): never {
  throw new Error(`${name} is not available in the browser (the docs demos read and write no files)`);
}

export const readFileSync = (): never => unavailable('fs.readFileSync');
export const writeFileSync = (): never => unavailable('fs.writeFileSync');
export const existsSync = (): boolean => false;
export const mkdirSync = (): never => unavailable('fs.mkdirSync');
export const openSync = (): never => unavailable('fs.openSync');
export const closeSync = (): never => unavailable('fs.closeSync');
export const fsyncSync = (): never => unavailable('fs.fsyncSync');
export const writeSync = (): never => unavailable('fs.writeSync');
export const renameSync = (): never => unavailable('fs.renameSync');
export const unlinkSync = (): never => unavailable('fs.unlinkSync');

export const basename = (p: string): string => p.split('/').pop() ?? p;
export const dirname = (p: string): string => p.split('/').slice(0, -1).join('/') || '.';
export const join = (...parts: string[]): string => parts.join('/').replace(/\/+/g, '/');
export const resolve = (...parts: string[]): string => join(...parts);
export const isAbsolute = (p: string): boolean => p.startsWith('/');
export const extname = (p: string): string => /\.[^./]*$/.exec(p)?.[0] ?? '';

export const availableParallelism = (): number => 1;

class Fnv1a64 {
  private h = 0xcbf29ce484222325n;
  update(data: string | Uint8Array): this {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    let h = this.h;
    for (let i = 0; i < bytes.length; i++) {
      h ^= BigInt(bytes[i] as number);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    this.h = h;
    return this;
  }
  digest(): string {
    return `fnv1a64:${this.h.toString(16).padStart(16, '0')}`;
  }
}

export const createHash = (): Fnv1a64 => new Fnv1a64();

export default {
  readFileSync,
  writeFileSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  fsyncSync,
  writeSync,
  renameSync,
  unlinkSync,
  basename,
  dirname,
  join,
  resolve,
  isAbsolute,
  extname,
  availableParallelism,
  createHash,
};
