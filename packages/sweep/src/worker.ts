/**
 * The entry of a worker thread (threads executor, queue workers): runs one
 * cell per task. Each thread has its own module state, so float32
 * experiments initialise their own tfjs backend there (network's `train`
 * calls `initBackend` on first use).
 */
import { runCell, type CellOutput, type CellTask } from './internal/runCell';

export default function runTask(task: CellTask): Promise<CellOutput> {
  return runCell(task);
}
