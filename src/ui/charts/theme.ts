// What the charts look like, without ECharts itself: the option builders (pillar-charts.ts, …)
// and the views import this, so that ECharts' code (echarts.ts) loads only when a chart is drawn.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, RadarSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  RadarComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';

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
