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

/** Renders an SVG document to PNG with resvg (DejaVu fonts when present). */
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
