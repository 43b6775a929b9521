/**
 * The demos' TensorFlow.js backends, set up the way any web app using the
 * packages does: register WebGL (so linalg's `initBackend` tries it before
 * wasm and cpu) and tell the wasm backend where the site serves its `.wasm`
 * files (`<base>tfjs/`, copied there by scripts/prepare.mjs). Imported for its
 * effect by each demo module, on the page and in the diffusion worker.
 */
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

declare const __SOFTMAX_NTK_BASE__: string;

const base = typeof __SOFTMAX_NTK_BASE__ === 'string' ? __SOFTMAX_NTK_BASE__ : '/';
const origin = (globalThis as { location?: { origin?: string } }).location?.origin ?? '';
setWasmPaths(`${origin}${base}tfjs/`);
