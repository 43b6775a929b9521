/**
 * @softmax-ntk/verify/node — the Node-only part of the measured claims of Gu,
 * Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax" (2024): report
 * directories on disk and PNG plots (resvg's native binary).
 *
 * @packageDocumentation
 */
export { svgToPng } from './plot/svgToPng';
export type { SvgToPngOptions } from './plot/svgToPng';
export { writeReport } from './report/writeReport';
export type { WriteReportOptions } from './report/writeReport';
