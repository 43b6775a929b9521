/** The `inline` executor: cells one after another in this process (tests, `reproduce`, verify's checks). */
import { runCell } from '../internal/runCell';
import type { CellRecord } from '../store/types';
import { errorMessage, type Executor } from './types';

export function inlineExecutor({ attempts = 1 }: { attempts?: number } = {}): Executor {
  return {
    name: 'inline',
    async run(cells, hooks, signal) {
      for (const cell of cells) {
        if (signal?.aborted) return;
        hooks.onStart(cell);
        let rec: CellRecord | undefined;
        for (let a = 1; a <= attempts && !rec?.result; a++) {
          const t0 = performance.now();
          try {
            const out = await runCell(cell);
            rec = {
              ...cell,
              status: 'done',
              result: out.result,
              attempts: a,
              ms: out.ms,
              executor: 'inline',
              worker: out.worker,
              finishedAt: new Date().toISOString(),
            };
          } catch (err) {
            rec = {
              ...cell,
              status: 'failed',
              error: errorMessage(err),
              attempts: a,
              ms: performance.now() - t0,
              executor: 'inline',
              worker: '',
              finishedAt: new Date().toISOString(),
            };
          }
        }
        hooks.onRecord(rec as CellRecord);
      }
    },
    async close() {},
  };
}
