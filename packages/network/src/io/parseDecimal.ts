/**
 * The one number syntax of CSV cells, from linalg's CSV reader (re-exported here, where it was first published):
 * a decimal float as JSON writes it; `0x10`, `0b1`, `0o7`, `Infinity`, `1_000` and an empty cell are refused.
 */
export { looksNumeric, parseDecimal } from '@softmax-ntk/linalg';
