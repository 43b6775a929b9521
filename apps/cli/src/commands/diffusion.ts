/**
 * `softmax-ntk diffusion train | sample | eval | likelihood`: score-based diffusion with the
 * two-layer softmax network (Section 6 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax", 2024).
 */
import type { Command } from 'commander';
import type { Context } from '../internal/context';
import { registerDiffusionEval } from './diffusionEval';
import { registerDiffusionLikelihood } from './diffusionLikelihood';
import { registerDiffusionSample } from './diffusionSample';
import { registerDiffusionTrain } from './diffusionTrain';

export function registerDiffusion(program: Command, getCtx: () => Context): void {
  const diffusion = program
    .command('diffusion')
    .description('diffusion score models: train a denoiser, sample, evaluate, likelihood (paper Section 6)');
  registerDiffusionTrain(diffusion, getCtx);
  registerDiffusionSample(diffusion, getCtx);
  registerDiffusionEval(diffusion, getCtx);
  registerDiffusionLikelihood(diffusion, getCtx);
}
