// The page's script: runs `compute` and leaves the result (or the error) on `window`.
import { compute } from './compute';

const w = window as unknown as { __result?: unknown; __error?: string };
compute().then(
  (r) => (w.__result = r),
  (err: unknown) => (w.__error = err instanceof Error ? `${err.name}: ${err.message}` : String(err)),
);
