/** The one interface behind `inline`, `threads` and `queue`. */
import type { Cell } from '../grid/types';
import type { CellRecord, ExecutorName } from '../store/types';

export interface RunHooks {
  /** A cell started (inline and threads; queue workers report to Redis instead). */
  onStart(cell: Cell): void;
  /** A cell finished or failed for good. */
  onRecord(rec: CellRecord): void;
}

export interface Executor {
  readonly name: ExecutorName;
  /** Runs `cells` (none of them done yet), reporting through `hooks`; resolves when all are recorded or `signal` aborted. */
  run(cells: Cell[], hooks: RunHooks, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
