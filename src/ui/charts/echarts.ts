// ECharts, only the parts the dashboard draws, rendered as SVG (vector charts for the report).
// Every tooltip uses `renderMode: 'richText'`: it is drawn inside the chart, never written into
// the page as HTML, so a domain named `<img onerror=…>` stays text.
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, RadarChart } from 'echarts/charts';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, RadarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  RadarComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
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

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | RadarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | RadarComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

export type { ECharts };

export function createChart(el: HTMLElement): ECharts {
  return init(el, null, { renderer: 'svg' });
}

/** Shared look: the page's font and quiet greys. */
export const FONT =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
export const COLORS = {
  ink: '#1b2533',
  ink2: '#4a5668',
  ink3: '#6b7789',
  line: '#dfe4ea',
  brand: '#1f3a5f',
  brand2: '#2f5d8c',
  accent: '#1a7f72',
  org: '#9aa8ba',
  target: '#b42318',
  initial: '#b42318',
  developing: '#b86e00',
  intermediate: '#2f5d8c',
  advanced: '#1a7f37',
};

export const TOOLTIP: TooltipComponentOption = {
  renderMode: 'richText',
  confine: true,
  backgroundColor: '#1b2533',
  borderWidth: 0,
  padding: [6, 10],
  textStyle: { color: '#ffffff', fontFamily: FONT, fontSize: 12 },
};

/** ECharts' rich-text labels treat `{name|…}` as markup: keep braces in file names literal. */
export function plainText(text: string): string {
  return text.replace(/[{}|]/g, (c) => (c === '|' ? '¦' : c === '{' ? '(' : ')'));
}
