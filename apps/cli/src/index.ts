export { run } from './cli';
export type { Io } from './internal/context';
