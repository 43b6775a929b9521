/**
 * @softmax-ntk/attention — one layer of multi-head softmax self-attention, the
 * extension of Eq. (7) that Section 7 of Gu, Li, Liang, Shi, Song — "Exploring
 * the Frontiers of Softmax" (2024) leaves open: forward pass, closed-form
 * gradients in $(W^K, W^Q, W^V)$, symmetric initialisation, the NTK Gram matrix
 * $H = H_{KQ} + H_V$ and its spectrum, joint and alternating gradient descent.
 * Node-only file I/O is in `@softmax-ntk/attention/node`.
 *
 * @packageDocumentation
 */
export { AttentionFileError, SCALINGS, outputScale, parameterCount } from './problem/problem';
export type { AttentionProblem, AttentionShape, AttentionWeights, Scaling } from './problem/problem';
export { parseAttentionFile, serializeAttentionFile } from './problem/attentionFile';
export { attentionFileSchema } from './problem/attentionSchema';
export { forward } from './model/forward';
export type { ForwardOptions } from './model/forward';
export { evaluate } from './model/evaluate';
export type { EvaluateOptions, Evaluation, Precision } from './model/evaluate';
export { initAttention } from './init/initAttention';
export type { AttentionInit, InitAttentionOptions } from './init/initAttention';
export { attentionJacobian } from './ntk/attentionJacobian';
export type { AttentionJacobianOptions } from './ntk/attentionJacobian';
export { attentionGram } from './ntk/attentionGram';
export type { AttentionGram, AttentionGramOptions, GramPart } from './ntk/attentionGram';
export { attentionSpectrum } from './ntk/attentionSpectrum';
export type { AttentionSpectrumOptions } from './ntk/attentionSpectrum';
export { trainAttention, phaseAt } from './train/trainAttention';
export type { TrainAttentionOptions } from './train/trainAttention';
export { AttentionStepSizeError } from './train/stepSizeError';
export { AttentionCheckpointError } from './internal/checkpoint';
export { attentionKernelRecorders } from './train/kernelRecorders';
export type { AttentionKernelRecordersOptions } from './train/kernelRecorders';
export type {
  AttentionCheckpointState,
  AttentionHistory,
  AttentionRecorder,
  AttentionStepContext,
  AttentionTrainResult,
  AttentionTrainStatus,
  CheckpointStore,
  Phase,
  Schedule,
} from './train/types';
export { makeAttentionTask, ATTENTION_TASKS } from './tasks/makeAttentionTask';
export type { AttentionTask, MakeAttentionTaskOptions } from './tasks/makeAttentionTask';
