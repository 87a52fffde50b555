// ECharts, only the parts the dashboard draws, rendered as SVG (vector charts for the report).
// Every tooltip uses `renderMode: 'richText'`: it is drawn inside the chart, never written into
// the page as HTML, so a domain named `<img onerror=…>` stays text.
//
// A chunk of its own: Chart.svelte imports it with `import()` when a chart is first drawn, so
// the page's first script (and the overview's figures) do not wait for ECharts. Importing this
// module registers the parts with ECharts (the PDF report's server-side rendering relies on it).
import { init, use, type ECharts } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, RadarChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  HeatmapChart,
  LineChart,
  RadarChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export { init };
export type { ECharts };
export { COLORS, FONT, TOOLTIP, plainText, type ChartOption } from './theme.ts';

export function createChart(el: HTMLElement): ECharts {
  return init(el, null, { renderer: 'svg' });
}
