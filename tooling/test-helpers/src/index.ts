export { allClose } from './allClose';
export type { AllCloseResult, NumericArray } from './allClose';
export { packAndRunReadmeExample, readmeExample } from './packExample';
export type { PackResult } from './packExample';
export { TOLERANCES } from './tolerances';
export type { Tolerance, Precision } from './tolerances';
export { itWhen, canLoad, hasPythonModule } from './skip';
export { describeWithTool, isCi, toolAvailable } from './requiredTool';
export type { Tool } from './requiredTool';
