// The report's charts: the dashboard's own ECharts option builders, rendered without a page by
// ECharts' server-side SVG renderer (`init(null, …, { ssr: true })` → `renderToSVGString()`), so
// the PDF shows exactly what the screen shows, as vectors. Runs in the browser and in Node.
// The dashboard's ECharts module: importing it registers the charts and the SVG renderer.
import { init } from '../../ui/charts/echarts.ts';
import type { Metrics } from '../../engine/metrics-schema.ts';
import { byDomainOption, weeklyOption, type DomainRatio } from '../../ui/charts/autonomy-charts.ts';
import type { ChartOption } from '../../ui/charts/echarts.ts';
import { matrixOption } from '../../ui/charts/matrix-chart.ts';
import { pillarBarsOption, type PillarSeries } from '../../ui/charts/pillar-charts.ts';

/** The family the charts' text is written in: jsPDF's Helvetica (svg2pdf maps it by name). */
export const CHART_FONT = 'helvetica';

/**
 * Chart pixels per PDF point: charts are laid out at screen size and drawn smaller, so their
 * 11–12 px labels print at 8–9 pt, like the report's small text.
 */
export const PX_PER_PT = 1.36;

/** A chart to draw: its option and its size on the page, in points. */
export interface ChartSpec {
  option: ChartOption;
  width: number;
  height: number;
  /** What the chart shows, in words (the PDF's alternative text; the figures are also in tables). */
  description: string;
}

/** Draws a chart's SVG into the PDF at (x, y), `width` × `height` points. */
export type ChartDrawer = (svg: string, x: number, y: number, width: number, height: number) => Promise<void>;

/** The screen's option for paper: no animation, no tooltip, Helvetica, labels inside the grid. */
export function printOption(option: ChartOption): ChartOption {
  const grid = (option as { grid?: Record<string, unknown> }).grid;
  let printGrid = grid;
  if (grid && grid.containLabel) {
    // ECharts 6 spells `containLabel` this way (the old flag needs a legacy module).
    const { containLabel: _, ...rest } = grid;
    printGrid = { ...rest, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' };
  }
  // svg2pdf places ECharts' centred labels a little higher than a browser does: move the
  // bottom axis's labels down off the axis line.
  const xAxis = (option as { xAxis?: Record<string, unknown> }).xAxis;
  const printX =
    xAxis && !Array.isArray(xAxis)
      ? { ...xAxis, axisLabel: { margin: 12, ...(xAxis.axisLabel as object | undefined) } }
      : xAxis;
  return {
    ...option,
    ...(printGrid ? { grid: printGrid } : {}),
    ...(printX ? { xAxis: printX } : {}),
    tooltip: { show: false },
    animation: false,
    textStyle: { fontFamily: CHART_FONT },
  } as ChartOption;
}

/** ECharts' SVG for the spec, rendered without a DOM. */
export function renderChartSvg(spec: ChartSpec): string {
  const chart = init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: Math.round(spec.width * PX_PER_PT),
    height: Math.round(spec.height * PX_PER_PT),
  });
  try {
    chart.setOption(printOption(spec.option), { notMerge: true });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function pillarChart(series: readonly PillarSeries[], width: number, height: number): ChartSpec {
  const option = pillarBarsOption(series) as Record<string, unknown>;
  // Room on the right for the last threshold's label and the value labels.
  return {
    option: { ...option, grid: { ...(option.grid as object), right: 34, top: 26 } } as ChartOption,
    width,
    height,
    description: 'Pillar scores against the 40, 60 and 80 thresholds',
  };
}

export function weeklyChart(autonomy: Metrics['autonomy'], width: number, height: number): ChartSpec {
  return { option: weeklyOption(autonomy), width, height, description: 'Weekly autonomy ratio with the 0.8 target' };
}

/** The by-domain bars' height: a bar every 17 pt, or every 12.5 pt when compact. */
export function domainAutonomyHeights(rows: number): { comfortable: number; compact: number } {
  return { comfortable: Math.max(110, rows * 17 + 44), compact: Math.max(110, rows * 12.5 + 44) };
}

export function domainAutonomyChart(
  rows: readonly DomainRatio[],
  target: number,
  width: number,
  height = domainAutonomyHeights(rows.length).comfortable,
): ChartSpec {
  return { option: byDomainOption(rows, target), width, height, description: 'Autonomy ratio by domain' };
}

/** The matrix's height for `keys` domains: `comfortable` rows of 15.5 pt, at least `compact` 10.5 pt rows. */
export function matrixHeights(keys: number): { comfortable: number; compact: number } {
  return { comfortable: Math.min(620, keys * 15.5 + 92), compact: Math.min(620, keys * 10.5 + 92) };
}

export function matrixChart(
  matrix: Metrics['coupling']['matrix'],
  keys: readonly string[],
  label: (key: string) => string,
  width: number,
  height = matrixHeights(keys.length).comfortable,
): ChartSpec {
  const option = matrixOption(matrix, keys, label) as Record<string, unknown>;
  const xAxis = option.xAxis as { axisLabel?: object };
  // Many columns: upright labels, which need only their line height of room each.
  const crowded = keys.length > 16;
  return {
    option: {
      ...option,
      // The colour key sits right under the labels.
      grid: { ...(option.grid as object), bottom: 34 },
      xAxis: { ...xAxis, axisLabel: { ...xAxis.axisLabel, ...(crowded ? { rotate: 90, fontSize: 10 } : {}) } },
      ...(crowded ? { yAxis: { ...(option.yAxis as { axisLabel?: object }), axisLabel: { ...(option.yAxis as { axisLabel?: object }).axisLabel, fontSize: 10 } } } : {}),
    } as ChartOption,
    width,
    height,
    description: 'Dependency matrix',
  };
}
