/** The held-out mixtures of the quality benches (`quality.ts`, `trace.ts`, `acceptance2.ts`) and of the acceptance tests (test/acceptance.test.ts imports them). */

/** Not used by any test or while the defaults were chosen before this table: the held-out mixture. */
export const HELD_OUT_MIXTURE = {
  type: 'gaussian-mixture',
  weights: [0.3, 0.2, 0.2, 0.15, 0.15],
  means: [
    [-1.5, 1],
    [1.2, 1.4],
    [0, -1.2],
    [1.6, -0.8],
    [-1.4, -1.3],
  ],
  std: [0.2, 0.15, 0.25, 0.1, 0.2],
};

/**
 * The second held-out mixture (acceptance test "the issue-19 numbers on a second held-out mixture"): never used while
 * the options of the README's third round were screened.
 */
export const HELD_OUT_MIXTURE_2 = {
  type: 'gaussian-mixture',
  weights: [0.25, 0.2, 0.2, 0.15, 0.1, 0.1],
  means: [
    [-1.8, 0.2],
    [0.3, 1.7],
    [1.5, -1.0],
    [-0.6, -1.6],
    [0.9, 0.4],
    [-1.0, 1.3],
  ],
  std: [0.25, 0.2, 0.3, 0.2, 0.2, 0.2],
};
