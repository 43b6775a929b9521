/**
 * @softmax-ntk/ntk — the neural tangent kernel of the two-layer softmax
 * network: the Gram matrix H(W) of Definition 3.6, its spectrum, kernel drift
 * (Lemma 5.1), and NTK regression (Appendix F) of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024).
 *
 * @packageDocumentation
 */
export { gram } from './gram/gram';
export type { GramOptions } from './gram/gram';
export { crossGram } from './gram/crossGram';
export type { CrossGramOptions } from './gram/crossGram';
export { gramOperator } from './gram/gramOperator';
export type { GramOperator, GramOperatorOptions } from './gram/gramOperator';
export { ntkRegression } from './regression/ntkRegression';
export type { NtkRegressionOptions, NtkRegressor } from './regression/ntkRegression';
export { ntkDynamics } from './regression/ntkDynamics';
export type { NtkDynamicsOptions, NtkDynamicsRecord } from './regression/ntkDynamics';
export { kernelDrift } from './drift/kernelDrift';
export type { KernelDrift, KernelDriftOptions } from './drift/kernelDrift';
export { spectrum } from './spectrum/spectrum';
export type { Spectrum, SpectrumMethod, SpectrumOptions } from './spectrum/spectrum';
export { kernelRecorders } from './drift/kernelRecorders';
export type { KernelRecordersOptions } from './drift/kernelRecorders';
export { largeSpectrum } from './spectrum/largeSpectrum';
export type { LargeSpectrum, LargeSpectrumOptions, LargeSpectrumProgress } from './spectrum/largeSpectrum';
export { gramRankBound } from './spectrum/gramRankBound';
export type { GramRankBoundOptions } from './spectrum/gramRankBound';
