/**
 * @softmax-ntk/diffusion — score-based diffusion with the two-layer softmax
 * network: the VP forward SDE and its schedules, targets $p_0$, denoising data,
 * NN and NTK score models, reverse-SDE / probability-flow samplers, and
 * metrics. Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax:
 * Provable Optimization, Applications in Diffusion Model, and Beyond" (2024),
 * Section 6 and Appendix G.
 *
 * @packageDocumentation
 */
export { makeSchedule, ScheduleError } from './sde/schedule';
export type { MakeScheduleOptions, Schedule, ScheduleSpec } from './sde/schedule';
export { forwardPaths } from './sde/forwardPaths';
export type { ForwardPathsOptions } from './sde/forwardPaths';
export { NAMED_TARGETS, TargetError } from './target/target';
export type { GaussianMixture, NamedTarget, Target, TargetSpec } from './target/target';
export { parseTarget, parseDataRows } from './target/parseTarget';
export { targetFileSchema } from './target/targetSchema';
export type { TargetFileJson } from './target/targetSchema';
export type { ParseTargetOptions } from './target/parseTarget';
export { mixtureMarginal, sampleMixture, affineMixture } from './target/mixture';
export { fitNormalization, toScaled, fromScaled } from './target/normalization';
export type { Normalization } from './target/normalization';
export { makeDenoisingData, TIME_SAMPLINGS, PARAMETERIZATIONS, skipScale, scoreWeight } from './data/denoisingData';
export type { DenoisingData, DenoisingDataOptions, Parameterization, TimeSampling } from './data/denoisingData';
export { DEFAULT_T0, DEFAULT_SAMPLING_T0, DEFAULT_LIKELIHOOD_EPS } from './sde/defaultTimes';
export { inputWidth, isPaperInput, networkInput, PAPER_INPUT } from './data/networkInput';
export type { InputFeatures } from './data/networkInput';
export { denoiserScore } from './model/scoreModel';
export type { DenoiserScoreOptions, ScoreModel } from './model/scoreModel';
export { exactScore } from './model/exactScore';
export type { ExactScoreOptions } from './model/exactScore';
export { trainScoreModel, makeScoreTrainingSet, chooseNtkSolver, DEFAULT_PAIRS } from './model/trainScoreModel';
export { centreNeurons, DEFAULT_CENTRE_SCALE } from './model/dataCentres';
export { ScoreTrainingError } from './model/scoreTrainingError';
export type { TrainScoreModelOptions, ScoreTrainingSet, NtkSolver } from './model/trainScoreModel';
export type { DiffusionModel, ModelKind } from './model/model';
export { ModelError, serializeModel, parseModel, createScoreModel } from './model/modelFile';
export { clipPrediction, ensembleScore, DEFAULT_CLIP_RADIUS } from './model/clipPrediction';
export type { ClipPredictionOptions } from './model/clipPrediction';
export { modelFileSchema } from './model/modelSchema';
export type { CreateScoreModelOptions } from './model/modelFile';
export { sample, SAMPLERS } from './sample/sample';
export type { SampleOptions, SampleResult, SamplerName } from './sample/sample';
export { mmd2, energyDistance, slicedWasserstein2, medianBandwidth } from './metrics/distances';
export type { MmdOptions, SlicedWassersteinOptions } from './metrics/distances';
export { sampleQuality } from './metrics/sampleQuality';
export { NonFiniteResultError } from './metrics/nonFiniteResult';
export type { SampleQuality, SampleQualityOptions } from './metrics/sampleQuality';
export { scoreError } from './metrics/scoreError';
export type { ScoreError, ScoreErrorOptions } from './metrics/scoreError';
export { couplingGap } from './metrics/couplingGap';
export { modeCoverage } from './metrics/modeCoverage';
export type { ModeCoverage, ModeCoverageOptions } from './metrics/modeCoverage';
export type { CouplingGapOptions } from './metrics/couplingGap';
export { likelihood, LIKELIHOOD_METHODS, PROBE_KINDS } from './likelihood/likelihood';
export type { LikelihoodMethod, LikelihoodOptions, LikelihoodResult, ProbeKind } from './likelihood/likelihood';
export { createScheduler, SCHEDULER_KINDS, PREDICTION_TYPES } from './sample/scheduler';
export type { PredictionType, Scheduler, SchedulerKind, SchedulerOptions, SchedulerStep } from './sample/scheduler';
export { loadExpressionParser } from './internal/safeExpression';
