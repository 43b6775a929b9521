/**
 * The float64 reference, as one namespace: `reference.forward`, `reference.gradient`, `reference.gram`, ….
 * Its one implementation is the workspace's @softmax-ntk/reference (the literal sums that the tests of
 * network, ntk and diffusion use too), bundled into this package's build.
 */
export {
  softmaxScores,
  forward,
  loss,
  gradient,
  gradientClaim34,
  gradientAutodiff,
  gradientFiniteDifference,
  gram,
  crossGram,
  testKernel,
} from '@softmax-ntk/reference';
export type { ReferenceNet, ReferenceActivation } from '@softmax-ntk/reference';
