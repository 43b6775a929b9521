/**
 * SVG → PNG with resvg (its prebuilt binary ships in the npm package), using
 * the DejaVu fonts when present (Debian/Ubuntu path) and the system fonts
 * otherwise.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { argumentError } from '@softmax-ntk/linalg';

type Resvg = typeof import('@resvg/resvg-js');
/** resvg's native binary, loaded on the first PNG (issue #14: importing `@softmax-ntk/verify/node` stays fast). */
let loaded: Resvg | undefined;
const resvgModule = (): Resvg => (loaded ??= createRequire(import.meta.url)('@resvg/resvg-js') as Resvg);

const DEJAVU = '/usr/share/fonts/truetype/dejavu';

/** Options of {@link svgToPng}. */
export interface SvgToPngOptions {
  /** Output width in pixels (default: the SVG's own width × 2, for sharp text). */
  width?: number;
}

/**
 * Renders an SVG document to PNG with resvg (DejaVu fonts when present).
 *
 * @param svg - The SVG document.
 * @param options - The output width.
 *
 * @example
 * ```js
 * import { lineChart } from '@softmax-ntk/verify';
 * import { svgToPng } from '@softmax-ntk/verify/node';
 *
 * const { svg } = lineChart({ title: 'loss', series: [{ name: 'L', x: [0, 1, 2], y: [1, 0.5, 0.25] }] });
 * const png = svgToPng(svg, { width: 320 });
 * // a PNG's signature, and its width (bytes 16–19 of the IHDR chunk)
 * console.log(png.subarray(1, 4).toString('latin1'), png.readUInt32BE(16));
 * // → PNG 320
 * try {
 *   svgToPng('not svg');
 * } catch (e) {
 *   console.log(e.message);
 *   // → invalid argument: svg: must be an SVG document string
 * }
 * ```
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Buffer {
  if (typeof svg !== 'string' || !svg.includes('<svg')) throw argumentError('svg', 'must be an SVG document string');
  const m = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const own = m ? Number(m[1]) : 640;
  const width = options.width ?? Math.round(own * 2);
  const haveDejaVu = existsSync(DEJAVU);
  const r = new (resvgModule().Resvg)(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: {
      loadSystemFonts: !haveDejaVu,
      ...(haveDejaVu ? { fontDirs: [DEJAVU] } : {}),
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return r.render().asPng();
}
