// Progress over time: the scores of two or more saved assessments of one organisation, and their
// autonomy ratios. Drawn from the stored metrics documents (nothing is recomputed).
import type { Metrics } from '../../../engine/metrics-schema.ts';
import { COLORS, plainText, TOOLTIP, type ChartOption } from '../../charts/theme.ts';
import { PILLAR_NAMES, PILLARS, ratio, score } from '../../format.ts';

export interface Point {
  label: string;
  metrics: Metrics;
}

const PILLAR_COLORS = ['#2f5d8c', '#1a7f72', '#b86e00', '#7a4fb3'];

const axis = (points: readonly Point[]) => ({
  type: 'category' as const,
  data: points.map((p) => plainText(p.label)),
  axisLine: { lineStyle: { color: COLORS.line } },
  axisLabel: { color: COLORS.ink2, interval: 0, hideOverlap: true },
  axisTick: { show: false },
});

/** Overall and the four pillars, one line each; a pillar not assessed is a gap, never 0. */
export function scoresOption(points: readonly Point[]): ChartOption {
  const series = [
    {
      type: 'line' as const,
      name: 'Overall',
      data: points.map((p) => p.metrics.maturity.overall ?? '-'),
      lineStyle: { color: COLORS.ink, width: 3.5 },
      itemStyle: { color: COLORS.ink },
      symbolSize: 9,
      connectNulls: false,
    },
    ...PILLARS.map((pillar, i) => ({
      type: 'line' as const,
      name: PILLAR_NAMES[pillar],
      data: points.map((p) => p.metrics.maturity.pillars[pillar] ?? '-'),
      lineStyle: { color: PILLAR_COLORS[i], width: 2 },
      itemStyle: { color: PILLAR_COLORS[i] },
      symbolSize: 6,
      connectNulls: false,
    })),
  ];
  return {
    tooltip: {
      ...TOOLTIP,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { seriesName: string; value: number | string; dataIndex: number }[];
        const head = points[list[0]?.dataIndex ?? 0]?.label ?? '';
        return [plainText(head), ...list.map((p) => `${p.seriesName} ${score(typeof p.value === 'number' ? p.value : null)}`)].join('\n');
      },
    },
    legend: { top: 0, textStyle: { color: COLORS.ink2 } },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: axis(points),
    yAxis: {
      type: 'value',
      min: 0,
      max: 100,
      interval: 20,
      axisLabel: { color: COLORS.ink3 },
      splitLine: { lineStyle: { color: COLORS.line, type: 'dotted' } },
    },
    series,
  } as ChartOption;
}

/** The organisation's autonomy ratio per assessment, against the target. */
export function autonomyOption(points: readonly Point[]): ChartOption {
  const target = points[0]?.metrics.autonomy.target ?? 0.8;
  return {
    tooltip: {
      ...TOOLTIP,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
        const point = points[p.dataIndex];
        return point ? `${plainText(point.label)}\nautonomy ${ratio(point.metrics.autonomy.ratio)}` : '';
      },
    },
    grid: { left: 8, right: 72, top: 24, bottom: 8, containLabel: true },
    xAxis: axis(points),
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      interval: 0.2,
      axisLabel: { color: COLORS.ink3, formatter: (v: number) => v.toFixed(1) },
      splitLine: { lineStyle: { color: COLORS.line, type: 'dotted' } },
    },
    series: [
      {
        type: 'bar',
        name: 'Autonomy ratio',
        data: points.map((p) => p.metrics.autonomy.ratio ?? '-'),
        barMaxWidth: 56,
        itemStyle: { color: COLORS.brand2, borderRadius: [4, 4, 0, 0] },
        markLine: {
          silent: true,
          symbol: 'none',
          data: [
            {
              yAxis: target,
              lineStyle: { color: COLORS.target, type: 'dashed', width: 1.5 },
              label: { formatter: `target ${target}`, position: 'end', color: COLORS.target, fontWeight: 600, fontSize: 11 },
            },
          ],
        },
      },
    ],
  } as ChartOption;
}
