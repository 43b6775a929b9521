/**
 * Browser replacement for `packages/linalg/src/backend/initBackend.ts`,
 * swapped in by the docs build (see `src/browser/vitePlugin.ts`).
 *
 * linalg's `initBackend` is written for Node: it reads `process.env` and tries
 * tfjs-node → wasm → cpu. In a browser the order is WebGL → wasm → cpu, the
 * wasm binaries are served from `<base>tfjs/`, and a backend can be forced
 * with `globalThis.SOFTMAX_NTK_BACKEND` (the demo pages set it from the
 * `?backend=` query). The exports keep linalg's names and shapes so that every
 * package that calls `initBackend()` (the GD trainer in float32, the score
 * models) gets the browser backend without knowing.
 */
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export const BACKEND_NAMES: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export interface BackendInfo {
  backend: BackendName;
  forced: boolean;
  threads: number;
  simd: boolean;
  tfjsVersion: string;
  skipped: { backend: BackendName; reason: string }[];
}

export interface InitBackendOptions {
  backend?: BackendName | undefined;
}

export class BackendError extends Error {
  override name = 'BackendError';
}

declare const __SOFTMAX_NTK_BASE__: string;

function wasmBase(): string {
  const base = typeof __SOFTMAX_NTK_BASE__ === 'string' ? __SOFTMAX_NTK_BASE__ : '/';
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin ?? '';
  return `${origin}${base}tfjs/`;
}

async function load(name: BackendName): Promise<void> {
  switch (name) {
    case 'webgl': {
      await import('@tensorflow/tfjs-backend-webgl');
      if (!(await tf.setBackend('webgl'))) throw new Error('WebGL is not available in this browser');
      return;
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmBase());
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

function parseForced(opt: string | undefined): BackendName | undefined {
  const raw = opt ?? (globalThis as { SOFTMAX_NTK_BACKEND?: string }).SOFTMAX_NTK_BACKEND;
  if (raw === undefined || raw === '') return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(raw)) {
    throw new BackendError(
      `invalid argument: \`backend\` must be one of ${BACKEND_NAMES.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return raw as BackendName;
}

async function init(forced: BackendName | undefined): Promise<BackendInfo> {
  const skipped: BackendInfo['skipped'] = [];
  for (const name of forced ? [forced] : BACKEND_NAMES) {
    try {
      await load(name);
      await tf.ready();
      const env = tf.env();
      const simd = name === 'wasm' && env.getBool('WASM_HAS_SIMD_SUPPORT');
      return { backend: name, forced: forced !== undefined, threads: 1, simd, tfjsVersion: tf.version_core, skipped };
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
      if (forced)
        throw new BackendError(`backend ${JSON.stringify(name)} was requested but cannot be loaded: ${reason}`);
      skipped.push({ backend: name, reason });
    }
  }
  throw new BackendError(
    `no tfjs backend could be loaded: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`,
  );
}

let current: Promise<BackendInfo> | undefined;

/** Initialise the tfjs backend once (WebGL → wasm → cpu); later calls share the first result. */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  if (current) return current;
  current = init(parseForced(options.backend));
  current.catch(() => {
    current = undefined;
  });
  return current;
}
