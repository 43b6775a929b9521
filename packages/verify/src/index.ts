/**
 * @softmax-ntk/verify — the claims of Gu, Li, Liang, Shi, Song — "Exploring
 * the Frontiers of Softmax: Provable Optimization, Applications in Diffusion
 * Model, and Beyond" (2024) measured: theorem constants, a float64 reference,
 * empirical checks, plots and reports.
 *
 * @packageDocumentation
 */
export { theoryConstants, parameterB, OMEGA_CONVENTION } from './constants/theoryConstants';
export type { TheoryConstants, TheoryConstantsOptions } from './constants/theoryConstants';
export type { LogNumber } from './internal/bigNumber';
export { formatLog10 } from './internal/bigNumber';
/**
 * The float64 reference as one namespace (`reference.forward`, `reference.gradient`, `reference.gram`, …): the
 * literal sums of the paper's definitions, against which the fast code is tested.
 */
export * as reference from './reference/index';
export { lineChart } from './plot/lineChart';
export type { LineChartOptions, LineSeries } from './plot/lineChart';
export { scatterPlot } from './plot/scatterPlot';
export type { DensityGrid, ScatterPlotOptions, ScatterSeries } from './plot/scatterPlot';
export { colorRamp } from './plot/colorRamp';
export type { LegendPosition, ScaleKind } from './internal/svg';
export { makeReport, renderMarkdown, renderHtml, reportJson, summarySentence } from './report/report';
export type { RenderMarkdownOptions, Report } from './report/report';
export { CHECK_TEX, texLabel } from './report/tex';
export type { CheckTex } from './report/tex';
export { CHECKS, CHECK_IDS, runChecks } from './checks/runChecks';
export type { RunChecksOptions } from './checks/runChecks';
export { checkClaim34 } from './checks/claim34';
export { checkLemmaD3 } from './checks/lemmaD3';
export { checkLemma51 } from './checks/lemma51';
export { checkLemma53 } from './checks/lemma53';
export { checkTheorem42 } from './checks/theorem42';
export { checkTheoremF2 } from './checks/theoremF2';
export { checkTable1 } from './checks/table1';
export { checkTheorem65 } from './checks/theorem65';
export type { CheckOptions, CheckResult, CheckStatus, CheckTable, Figure, Value } from './checks/types';
