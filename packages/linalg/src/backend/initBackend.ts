/**
 * Tensor backend selection for TensorFlow.js.
 *
 * Order of preference: `node` (@tensorflow/tfjs-node, native libtensorflow,
 * multi-threaded; optional because its install script downloads a binary),
 * then `wasm` (@tensorflow/tfjs-backend-wasm, whose binary ships in the npm
 * package; SIMD when the runtime has it), then `cpu` (pure JavaScript).
 *
 * `SOFTMAX_NTK_BACKEND=node|wasm|cpu` (or the `backend` option) forces one.
 * A forced backend that cannot load is an error, never a silent fallback.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The tfjs backends softmax-ntk can run its float32 paths on: `"node"` (tfjs-node), `"wasm"` and `"cpu"`. */
export type BackendName = 'node' | 'wasm' | 'cpu';

export const BACKEND_NAMES: readonly BackendName[] = ['node', 'wasm', 'cpu'];

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
}

let current: Promise<BackendInfo> | undefined;
let currentKey: string | undefined;

/** Thrown when a forced backend cannot be loaded. */
export class BackendError extends Error {
  override name = 'BackendError';
}

async function load(name: BackendName): Promise<void> {
  switch (name) {
    case 'node': {
      // tfjs-node registers the 'tensorflow' backend on import. Its native
      // binding is absent when its install script could not download
      // libtensorflow, and the import then throws.
      const modName = '@tensorflow/tfjs-node';
      await import(/* webpackIgnore: true */ modName);
      if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node loaded but its backend did not initialise');
      return;
    }
    case 'wasm': {
      await import('@tensorflow/tfjs-backend-wasm');
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

function parseForced(opt: BackendName | undefined): BackendName | undefined {
  const raw = opt ?? process.env['SOFTMAX_NTK_BACKEND'];
  if (raw === undefined || raw === '') return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(raw)) {
    const src = opt !== undefined ? '`backend`' : 'SOFTMAX_NTK_BACKEND';
    throw new BackendError(
      `invalid argument: ${src} must be one of ${BACKEND_NAMES.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return raw as BackendName;
}

async function init(forced: BackendName | undefined): Promise<BackendInfo> {
  const skipped: BackendInfo['skipped'] = [];
  const order = forced ? [forced] : BACKEND_NAMES;
  for (const name of order) {
    try {
      await load(name);
      await tf.ready();
      const env = tf.env();
      const simd = name === 'wasm' && env.getBool('WASM_HAS_SIMD_SUPPORT');
      const threads =
        name === 'wasm' && env.getBool('WASM_HAS_MULTITHREAD_SUPPORT')
          ? env.getNumber('WASM_NUM_THREADS') || 1
          : name === 'node'
            ? (await import('node:os')).availableParallelism()
            : 1;
      return { backend: name, forced: forced !== undefined, threads, simd, tfjsVersion: tf.version_core, skipped };
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
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const forced = parseForced(options.backend);
  const key = forced ?? 'auto';
  if (current && (currentKey === key || forced === undefined)) return current;
  currentKey = key;
  current = init(forced);
  // A failed initialisation is not cached: a later call may try again.
  current.catch(() => {
    current = undefined;
    currentKey = undefined;
  });
  return current;
}
