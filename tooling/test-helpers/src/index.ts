export { allClose } from './allClose';
export type { AllCloseResult, NumericArray } from './allClose';
export { packAndRunReadmeExample, readmeExample } from './packExample';
export type { PackResult } from './packExample';
export { TOLERANCES } from './tolerances';
export type { Tolerance, Precision } from './tolerances';
export { itWhen, describeWhen, describeWithTool, canLoad, hasPythonModule, isCi, toolAvailable } from './requirements';
export type { RequirementOptions, Tool } from './requirements';
export { exactMessage } from './exactMessage';
