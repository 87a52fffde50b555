// Autonomy (seed 001): independent ÷ counted deployments, target above 0.8.
import type { Metrics } from '../../engine/metrics-schema.ts';
import { ratio } from '../format.ts';
import { COLORS, plainText, TOOLTIP, type ChartOption } from './theme.ts';

type Autonomy = Metrics['autonomy'];

const targetLine = (target: number, axis: 'xAxis' | 'yAxis') => ({
  silent: true,
  symbol: 'none',
  data: [
    {
      [axis]: target,
      lineStyle: { color: COLORS.target, type: 'dashed' as const, width: 1.5 },
      label: { formatter: `target ${target}`, position: 'end' as const, color: COLORS.target, fontWeight: 600, fontSize: 11 },
    },
  ],
});

export function weeklyOption(autonomy: Autonomy): ChartOption {
  const weeks = autonomy.weekly;
  return {
    tooltip: {
      ...TOOLTIP,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
        const w = weeks[p.dataIndex];
        return w ? `${w.week}\nratio ${ratio(w.ratio)}\n${w.independent} of ${w.total} independent` : '';
      },
    },
    grid: { left: 8, right: 72, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: weeks.map((w) => w.week),
      boundaryGap: false,
      axisLine: { lineStyle: { color: COLORS.line } },
      axisLabel: { color: COLORS.ink3, hideOverlap: true },
      axisTick: { show: false },
    },
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
        type: 'line',
        name: 'Autonomy ratio',
        // A week without counted deployments has no ratio: a gap, not a zero.
        data: weeks.map((w) => w.ratio ?? '-'),
        connectNulls: false,
        showSymbol: weeks.length <= 40,
        symbolSize: 5,
        lineStyle: { color: COLORS.brand2, width: 2.5 },
        itemStyle: { color: COLORS.brand2 },
        areaStyle: { color: COLORS.brand2, opacity: 0.08 },
        markLine: targetLine(autonomy.target, 'yAxis'),
      },
    ],
  } as ChartOption;
}

export interface DomainRatio {
  key: string;
  label: string;
  ratio: number | null;
  independent: number;
  total: number;
}

export function byDomainOption(rows: readonly DomainRatio[], target: number): ChartOption {
  // Top of the chart is the highest ratio: categories run bottom-up.
  const ordered = [...rows].reverse();
  return {
    tooltip: {
      ...TOOLTIP,
      trigger: 'item',
      formatter: (p: unknown) => {
        const row = ordered[(p as { dataIndex: number }).dataIndex];
        return row ? `${plainText(row.label)}\nratio ${ratio(row.ratio)}\n${row.independent} of ${row.total} independent` : '';
      },
    },
    grid: { left: 8, right: 72, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      interval: 0.2,
      axisLabel: { color: COLORS.ink3, formatter: (v: number) => v.toFixed(1) },
      splitLine: { lineStyle: { color: COLORS.line, type: 'dotted' } },
    },
    yAxis: {
      type: 'category',
      data: ordered.map((r) => plainText(r.label)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COLORS.line } },
      axisLabel: { color: COLORS.ink, fontSize: 12, width: 150, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: 'Autonomy ratio',
        barMaxWidth: 16,
        data: ordered.map((r) => ({
          value: r.ratio ?? '-',
          itemStyle: {
            color: r.ratio !== null && r.ratio >= target ? COLORS.accent : COLORS.brand2,
            borderRadius: [0, 4, 4, 0],
          },
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          color: COLORS.ink2,
          formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? p.value.toFixed(2) : 'no deployments'),
        },
        markLine: targetLine(target, 'xAxis'),
      },
    ],
  } as ChartOption;
}
