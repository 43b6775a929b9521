/**
 * Web worker of demo 2: runs `runDiffusion` off the page's main thread (GD on
 * the score network is a synchronous loop) and posts every event back.
 */
import { runDiffusion, type DiffusionDemoOptions } from './diffusionDemo';

self.onmessage = async (ev: MessageEvent<{ options: DiffusionDemoOptions; backend?: string }>) => {
  if (ev.data.backend) (globalThis as { SOFTMAX_NTK_BACKEND?: string }).SOFTMAX_NTK_BACKEND = ev.data.backend;
  try {
    await runDiffusion(ev.data.options, (e) => (self as unknown as Worker).postMessage(e));
  } catch (err) {
    (self as unknown as Worker).postMessage({
      type: 'error',
      message: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    });
  }
};
