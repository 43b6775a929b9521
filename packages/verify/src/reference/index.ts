/** The float64 reference, as one namespace: `reference.forward`, `reference.gradient`, `reference.gram`, …. */
export {
  softmaxScores,
  forward,
  loss,
  gradient,
  gradientClaim34,
  gradientAutodiff,
  gradientFiniteDifference,
  gram,
  testKernel,
} from './reference';
export type { ReferenceNet } from './reference';
