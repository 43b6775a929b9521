/**
 * @softmax-ntk/linalg — tensor backend choice, float64 linear-algebra kernels
 * and seeded randomness for softmax-ntk, the toolkit of Gu, Li, Liang, Shi,
 * Song — "Exploring the Frontiers of Softmax: Provable Optimization,
 * Applications in Diffusion Model, and Beyond" (2024).
 *
 * @packageDocumentation
 */
export { initBackend, isNode, BackendError, BACKEND_NAMES, BROWSER_BACKEND_NAMES } from './backend/initBackend';
export type { BackendInfo, BackendName, InitBackendOptions } from './backend/initBackend';
export { assertBackendReady } from './backend/assertBackendReady';
export { Rng, isRngState, RNG_STATE_SHAPE } from './random/rng';
export type { RngState } from './random/rng';
export { matrix, fromRows, toRows, transpose, identity } from './matrix/matrix';
export type { Matrix } from './matrix/matrix';
export { vecIndex, vecOutputMajor, unvecOutputMajor } from './layout/vec';
export { gemm } from './blas/gemm';
export type { Transpose } from './blas/gemm';
export { matmul } from './blas/matmul';
export type { MatmulOptions } from './blas/matmul';
export { syrk } from './blas/syrk';
export type { Uplo } from './blas/syrk';
export { syrkLowerRows } from './blas/syrkRows';
export { gramian } from './blas/gramian';
export { rowProducts32 } from './blas/rowProducts32';
export type { RowProducts32, RowProducts32Options } from './blas/rowProducts32';
export { attachRowProducts32, sharedRowProducts32 } from './blas/sharedRowProducts32';
export type {
  SharedRowProducts32,
  SharedRowProducts32Handle,
  SharedRowProducts32Options,
} from './blas/sharedRowProducts32';
export type { GramianOptions } from './blas/gramian';
export { cholesky, NotPositiveDefiniteError } from './lapack/cholesky';
export type { CholeskyOptions, CholeskyResult } from './lapack/cholesky';
export { choleskyFactor } from './lapack/choleskyFactor';
export type { CholeskyFactor } from './lapack/choleskyFactor';
export { choleskySolve } from './lapack/choleskySolve';
export type { CholeskySolveOptions } from './lapack/choleskySolve';
export { eigh } from './lapack/eigh';
export type { EighOptions, EighResult } from './lapack/eigh';
export { eigvalsh } from './lapack/eigvalsh';
export type { EigvalshOptions } from './lapack/eigvalsh';
export { EigenConvergenceError } from './lapack/internal/tridiagonal';
export { softmaxGradient64 } from './fused/softmaxGradient64';
export { softmaxGradient32 } from './fused/softmaxGradient32';
export type { SoftmaxGradient64Options, SoftmaxGradient64Result } from './fused/softmaxGradient64';
export { softmaxGramProduct } from './fused/softmaxGramProduct';
export { rowSoftmax } from './fused/rowSoftmax';
export type { RowSoftmaxOptions } from './fused/rowSoftmax';
export type { SoftmaxGramProduct, SoftmaxGramProductOptions } from './fused/softmaxGramProduct';
export { lanczos } from './iterative/lanczos';
export type { LanczosOptions, LanczosResult, LanczosWhich } from './iterative/lanczos';
export { symmetricMatvec } from './blas/symmetricMatvec';
export type { Matvec, SymmetricMatvecOptions } from './blas/symmetricMatvec';
export { symv } from './blas/symv';
export { cg } from './iterative/cg';
export type { CgOptions, CgResult } from './iterative/cg';
export { frobeniusNorm } from './norms/frobeniusNorm';
export type { FrobeniusNormOptions } from './norms/frobeniusNorm';
export { maxAbsNorm } from './norms/maxAbsNorm';
export type { MaxAbsNormOptions } from './norms/maxAbsNorm';
export { spectralNorm } from './norms/spectralNorm';
export type { SpectralNormOptions, SpectralNormResult } from './norms/spectralNorm';
export { ValidationError } from './validate/validationError';
export { describeValue } from './validate/describeValue';
export { parseWithSchema, formatPath, describeIssue } from './validate/parseWithSchema';
export type { ParseWithSchemaOptions } from './validate/parseWithSchema';
export { zod, lazySchema, loadValidation } from './validate/zod';
export type { Zod } from './validate/zod';
export {
  ARGUMENT_PREFIX,
  argumentError,
  checkFiniteMatrix,
  checkFiniteNumber,
  checkMatrix,
  checkNonNeg,
  checkNonNegInt,
  checkOneOf,
  checkPositive,
  checkPositiveInt,
  checkShape,
} from './validate/arguments';
export type { CheckMatrixOptions } from './validate/arguments';
export { parseNumberCsv, parseDecimal, looksNumeric } from './io/parseNumberCsv';
export type { NumberCsv, ParseNumberCsvOptions } from './io/parseNumberCsv';
export { assertNoDuplicateKey, findDuplicateKey } from './io/duplicateKey';
export type { DuplicateKey } from './io/duplicateKey';
