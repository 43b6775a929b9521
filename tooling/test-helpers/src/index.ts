export { allClose } from './allClose';
export type { AllCloseResult, NumericArray } from './allClose';
export { TOLERANCES } from './tolerances';
export type { Tolerance, Precision } from './tolerances';
