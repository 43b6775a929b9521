/**
 * @softmax-ntk/verify — the claims of Gu, Li, Liang, Shi, Song — "Exploring
 * the Frontiers of Softmax: Provable Optimization, Applications in Diffusion
 * Model, and Beyond" (2024) measured: theorem constants, a float64 reference,
 * empirical checks, plots and reports.
 */
export { theoryConstants, parameterB, OMEGA_CONVENTION } from './constants/theoryConstants';
export type { TheoryConstants, TheoryConstantsOptions } from './constants/theoryConstants';
export type { LogNumber } from './internal/bigNumber';
export * as reference from './reference/index';
