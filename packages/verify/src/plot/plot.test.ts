import { lineChart } from './lineChart';
import { scatterPlot } from './scatterPlot';
import { svgToPng } from './svgToPng';
import { colorRamp } from './colorRamp';
import { makeScale, tickLabel } from '../internal/svg';

describe('SVG plots', () => {
  it('lineChart: log axes, one polyline per finite run, the legend, escaped text', () => {
    const { svg } = lineChart({
      title: 'loss < bound & "more"',
      xLabel: 'step τ',
      yLabel: '‖F − Y‖²',
      yScale: 'log',
      series: [
        { name: 'loss', x: [0, 1, 2, 3, 4], y: [1, 0.1, 0, 0.001, 1e-4] },
        { name: 'bound', x: [0, 4], y: [1, 0.5], dash: '6 4' },
      ],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('loss &lt; bound &amp; &quot;more&quot;');
    // y = 0 cannot be shown on a log axis: the loss line breaks into two polylines, plus the bound's
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('10⁻⁴');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('rejects mismatched series', () => {
    expect(() => lineChart({ series: [{ name: 'a', x: [1, 2], y: [1] }] })).toThrow(
      'invalid argument: series[0]: has 2 x values and 1 y values',
    );
  });

  it('scatterPlot over a density: banded cells and points', () => {
    const values = [
      [0, 1],
      [2, 4],
    ];
    const { svg } = scatterPlot({
      series: [{ name: 'samples', x: [0.1, 0.9], y: [0.2, 0.8] }],
      density: { xMin: 0, xMax: 1, yMin: 0, yMax: 1, values, levels: 4 },
    });
    expect(svg.match(/<rect x=/g)!.length).toBeGreaterThanOrEqual(3 + 2); // 3 non-zero cells + background + frame
    expect(svg).toContain(colorRamp(1));
    expect(svg.match(/<circle/g)!.length).toBe(2 + 2); // 2 points + 2 legend dots
  });

  it('scales: log ticks at powers of ten, linear ticks at 1-2-5 steps', () => {
    expect(makeScale('log', [1e-3, 1e3], [0, 100]).ticks.map((t) => t.value)).toEqual([
      1e-3, 1e-2, 0.1, 1, 10, 100, 1000,
    ]);
    expect(makeScale('linear', [0, 1], [0, 100], 5).ticks.map((t) => t.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(tickLabel(2e-7)).toBe('2·10⁻⁷');
  });

  it('svgToPng renders a PNG of twice the SVG width', () => {
    const png = svgToPng(lineChart({ series: [{ name: 'a', x: [0, 1], y: [0, 1] }], width: 200, height: 150 }).svg);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(400); // IHDR width
    expect(png.readUInt32BE(20)).toBe(300);
  });
});

describe('legend placement', () => {
  it('puts the legend box in the corner asked for', () => {
    const s = [
      { name: 'a', x: [0, 1], y: [0, 1] },
      { name: 'b', x: [0, 1], y: [1, 0] },
    ];
    const box = (svg: string) =>
      /<rect x="([\d.]+)" y="([\d.]+)"[^>]*fill-opacity="0.85"/.exec(svg)!.slice(1).map(Number);
    const [xr, yt] = box(lineChart({ series: s }).svg);
    const [xl, yb] = box(lineChart({ series: s, legendPosition: 'bottom-left' }).svg);
    expect(xl).toBeLessThan(xr as number);
    expect(yb).toBeGreaterThan(yt as number);
  });
});
