/**
 * @softmax-ntk/network — two-layer softmax (and ReLU/exp baseline) networks:
 * forward pass, loss, closed-form gradient, Jacobian-vector products,
 * symmetric initialisation, gradient descent with checkpoints, problem files.
 * Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax: Provable
 * Optimization, Applications in Diffusion Model, and Beyond" (2024), Section 3.
 *
 * @packageDocumentation
 */
export { initBackend } from '@softmax-ntk/linalg';
export type { Matrix } from '@softmax-ntk/linalg';
export { ACTIVATIONS, PRECISIONS, outputScale } from './network/activation';
export type { Activation, Precision } from './network/activation';
export { forward } from './network/forward';
export type { ForwardOptions } from './network/forward';
export { gradient } from './network/gradient';
export type { GradientOptions } from './network/gradient';
export { evaluate } from './network/evaluate';
export type { EvaluateOptions, Evaluation } from './network/evaluate';
export { jacobianVector } from './network/jacobianVector';
export type { JacobianVectorOptions } from './network/jacobianVector';
export { jacobianTransposeVector } from './network/jacobianTransposeVector';
export type { JacobianTransposeVectorOptions } from './network/jacobianTransposeVector';
export { initWeights } from './init/initWeights';
export type { InitKind, InitWeightsOptions } from './init/initWeights';
export { ProblemError } from './problem/problem';
export type { Problem, ProblemWarning } from './problem/problem';
export { parseProblem } from './problem/parseProblem';
export { problemFileSchema } from './problem/problemSchema';
export type { ProblemFileJson } from './problem/problemSchema';
export type { ParsedProblem } from './problem/parseProblem';
export { serializeProblem } from './problem/serializeProblem';
export { makeProblem } from './problem/makeProblem';
export type { MakeProblemOptions } from './problem/makeProblem';
export { readLabelledData } from './problem/readLabelledData';
export { parseDecimal, looksNumeric } from './io/parseDecimal';
export type { LabelledData, ReadLabelledDataOptions } from './problem/readLabelledData';
export { jacobianFactors } from './network/jacobianFactors';
export type { JacobianFactors, JacobianFactorsOptions } from './network/jacobianFactors';
export { train } from './train/train';
export type { TrainOptions } from './train/train';
export { estimateLambdaMax } from './train/estimateLambdaMax';
export type { EstimateLambdaMaxOptions } from './train/estimateLambdaMax';
export type {
  History,
  Recorder,
  StepContext,
  TrainProgress,
  TrainResult,
  TrainStatus,
  Checkpoint,
  CheckpointState,
  CheckpointStore,
} from './train/types';
