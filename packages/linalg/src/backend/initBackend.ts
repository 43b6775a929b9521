/**
 * Tensor backend selection for TensorFlow.js, in Node and in browsers (the
 * float32 path of every routine of Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax" (2024) runs on the backend chosen here).
 *
 * Node — `node` (@tensorflow/tfjs-node, native libtensorflow,
 * multi-threaded; an optional peer dependency used only when the app
 * installed it), then `wasm` (@tensorflow/tfjs-backend-wasm, SIMD when the
 * runtime has it), then `cpu` (pure JavaScript).
 *
 * Browser — `webgpu`, then `webgl` (each used when the app registered it by
 * importing `@tensorflow/tfjs-backend-webgpu` / `-webgl`), then `wasm`, then
 * `cpu`.
 *
 * `SOFTMAX_NTK_BACKEND` (Node: the environment variable; browser:
 * `globalThis.SOFTMAX_NTK_BACKEND`) or the `backend` option forces one. A
 * forced backend that cannot load is a {@link BackendError}, never a silent
 * fallback. Nothing here imports a Node built-in at module top level.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The tfjs backends softmax-ntk can run its float32 paths on: `"node"` (tfjs-node) in Node, `"webgpu"` and
 * `"webgl"` in a browser whose app registered them, `"wasm"` and `"cpu"` everywhere.
 */
export type BackendName = 'node' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The order tried in Node. */
export const BACKEND_NAMES: readonly BackendName[] = ['node', 'wasm', 'cpu'];

/** The order tried in a browser (or any runtime that is not Node). */
export const BROWSER_BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * What {@link initBackend} returns: the tensor backend in use, whether it was forced, and the backends skipped on
 * the way.
 */
export interface BackendInfo {
  /** The backend in use. */
  backend: BackendName;
  /** Whether it was forced (option or SOFTMAX_NTK_BACKEND) or chosen automatically. */
  forced: boolean;
  /** Threads the backend computes with (1 for wasm under Node, whose thread pool is off). */
  threads: number;
  /** SIMD in use (wasm only). */
  simd: boolean;
  /** tfjs-core version. */
  tfjsVersion: string;
  /** Backends tried before this one, with the reason each failed to load. */
  skipped: { backend: BackendName; reason: string }[];
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Force a backend; default: `SOFTMAX_NTK_BACKEND`, else the first that loads. */
  backend?: BackendName | undefined;
  /**
   * Where the wasm backend fetches its `.wasm` files (a URL prefix ending in
   * `/`, passed to tfjs's `setWasmPaths`). Browsers serving a bundle need it;
   * Node finds the files in the installed package.
   */
  wasmPaths?: string | undefined;
}

let current: Promise<BackendInfo> | undefined;
let currentKey: string | undefined;

/**
 * Thrown when a forced backend cannot be loaded.
 *
 * @example
 * ```ts
 * import { BackendError, initBackend } from '@softmax-ntk/linalg';
 *
 * // Under Node the backends are node, wasm and cpu: forcing webgl is refused
 * try {
 *   await initBackend({ backend: 'webgl' });
 * } catch (e) {
 *   console.log(e instanceof BackendError, e.message);
 *   // → true invalid argument: `backend` must be one of node, wasm, cpu, got "webgl"
 * }
 * ```
 */
export class BackendError extends Error {
  /** The class name that messages and `error.name` show. */
  override name = 'BackendError';
}

interface NodeProcess {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p?.versions?.node === 'string' ? p : undefined;
}

/**
 * Whether this runtime is Node (tfjs-node's world) rather than a browser or worker.
 *
 * @example
 * ```ts
 * import { isNode } from '@softmax-ntk/linalg';
 *
 * // true under Node (where the examples of these pages run), false in a browser or worker
 * console.log(isNode()); // true
 * ```
 */
export function isNode(): boolean {
  return nodeProcess() !== undefined;
}

/**
 * Import a module the bundlers must not follow: tfjs-node and `node:os` exist
 * only in Node, and an app that did not install tfjs-node must still bundle.
 */
function importOpaque(name: string): Promise<unknown> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name);
}

async function load(name: BackendName, wasmPaths: string | undefined): Promise<void> {
  switch (name) {
    case 'node': {
      if (!isNode()) throw new Error('tfjs-node runs only in Node');
      // tfjs-node registers the 'tensorflow' backend on import. It is an
      // optional peer dependency: absent unless the app installed it, and its
      // native binding is missing when its install script could not download
      // libtensorflow; the import then throws.
      await importOpaque('@tensorflow/tfjs-node');
      if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node loaded but its backend did not initialise');
      return;
    }
    case 'webgpu':
    case 'webgl': {
      // Registered by the app's `import '@tensorflow/tfjs-backend-webgl'` (or -webgpu):
      // importing them here would make every bundle carry them.
      if (!tf.findBackendFactory(name)) {
        throw new Error(`not registered (import '@tensorflow/tfjs-backend-${name}' in the app to use it)`);
      }
      if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend did not initialise`);
      return;
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths);
      if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
      return;
    }
    case 'cpu': {
      await import('@tensorflow/tfjs-backend-cpu');
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
      return;
    }
  }
}

function parseForced(opt: BackendName | undefined, names: readonly BackendName[]): BackendName | undefined {
  const fromEnv =
    nodeProcess()?.env?.['SOFTMAX_NTK_BACKEND'] ?? (globalThis as { SOFTMAX_NTK_BACKEND?: string }).SOFTMAX_NTK_BACKEND;
  const raw = opt ?? fromEnv;
  if (raw === undefined || raw === '') return undefined;
  if (!(names as readonly string[]).includes(raw)) {
    const src = opt !== undefined ? '`backend`' : 'SOFTMAX_NTK_BACKEND';
    throw new BackendError(`invalid argument: ${src} must be one of ${names.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return raw as BackendName;
}

async function threadsOf(name: BackendName): Promise<number> {
  const env = tf.env();
  if (name === 'wasm' && env.getBool('WASM_HAS_MULTITHREAD_SUPPORT')) return env.getNumber('WASM_NUM_THREADS') || 1;
  if (name === 'node')
    return ((await importOpaque('node:os')) as { availableParallelism(): number }).availableParallelism();
  return 1;
}

async function init(forced: BackendName | undefined, order: readonly BackendName[], wasmPaths: string | undefined) {
  const skipped: BackendInfo['skipped'] = [];
  for (const name of forced ? [forced] : order) {
    try {
      await load(name, wasmPaths);
      await tf.ready();
      const simd = name === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      const threads = await threadsOf(name);
      const info: BackendInfo = {
        backend: name,
        forced: forced !== undefined,
        threads,
        simd,
        tfjsVersion: tf.version_core,
        skipped,
      };
      return info;
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
      if (forced) {
        throw new BackendError(`backend ${JSON.stringify(name)} was requested but cannot be loaded: ${reason}`);
      }
      skipped.push({ backend: name, reason });
    }
  }
  throw new BackendError(
    `no tfjs backend could be loaded: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`,
  );
}

/**
 * Initialise the tfjs backend once (idempotent; concurrent callers share one
 * initialisation). Call it at entry points before any synchronous tfjs op:
 * with the wasm backend registered, ops fail until `tf.ready()` resolved.
 *
 * @param options - The backend to use (default: the best available) and where the wasm binaries are.
 *
 * @example
 * ```ts
 * import { BACKEND_NAMES, initBackend } from '@softmax-ntk/linalg';
 *
 * // Once, before float32 work: the first of tfjs-node, wasm, cpu that loads (or SOFTMAX_NTK_BACKEND's)
 * const info = await initBackend();
 * console.log(BACKEND_NAMES.includes(info.backend), info.tfjsVersion); // true 4.22.0
 * ```
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const order = isNode() ? BACKEND_NAMES : BROWSER_BACKEND_NAMES;
  const forced = parseForced(options.backend, order);
  const key = forced ?? 'auto';
  if (current && (currentKey === key || forced === undefined)) return current;
  currentKey = key;
  current = init(forced, order, options.wasmPaths);
  // A failed initialisation is not cached: a later call may try again.
  current.catch(() => {
    current = undefined;
    currentKey = undefined;
  });
  return current;
}
