/** What every experiment receives besides its parameters. */
export interface ExperimentContext {
  /** The cell's id (for logs). */
  cellId?: string;
}
