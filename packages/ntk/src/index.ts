/**
 * @softmax-ntk/ntk — the neural tangent kernel of the two-layer softmax
 * network: the Gram matrix H(W) of Definition 3.6, its spectrum, kernel drift
 * (Lemma 5.1), and NTK regression (Appendix F) of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024).
 */
export { gram } from './gram/gram';
export type { GramOptions } from './gram/gram';
export { crossGram } from './gram/crossGram';
export type { CrossGramOptions } from './gram/crossGram';
