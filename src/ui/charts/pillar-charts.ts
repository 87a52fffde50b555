// The four pillars against the seed's 40/60/80 level thresholds, as a radar and as bars.
// A pillar nobody answered is never drawn as 0: the bar is left out and its label says
// "not assessed"; the radar only spans assessed pillars.
import type { Pillar, PillarScores } from '../../engine/metrics-schema.ts';
import { NOT_ASSESSED, PILLAR_NAMES, PILLARS } from '../format.ts';
import { COLORS, plainText, TOOLTIP, type ChartOption } from './theme.ts';

export interface PillarSeries {
  name: string;
  scores: PillarScores;
  color: string;
}

export const THRESHOLDS = [
  { value: 40, name: 'Developing', color: COLORS.developing },
  { value: 60, name: 'Intermediate', color: COLORS.intermediate },
  { value: 80, name: 'Advanced', color: COLORS.advanced },
] as const;

/** Pillars every series has a score for: the radar's axes (a radar cannot skip a vertex, and
 *  an absent score must not be drawn as 0). */
export function radarPillars(series: readonly PillarSeries[]): Pillar[] {
  return PILLARS.filter((p) => series.every((s) => s.scores[p] !== null));
}

export function pillarRadarOption(series: readonly PillarSeries[]): ChartOption {
  const pillars = radarPillars(series);
  return {
    tooltip: { ...TOOLTIP, trigger: 'item' },
    legend: { bottom: 0, icon: 'roundRect', itemWidth: 14, itemHeight: 4, textStyle: { color: COLORS.ink2 } },
    radar: {
      indicator: pillars.map((p) => ({ name: PILLAR_NAMES[p].replace(' ', '\n'), max: 100, min: 0 })),
      // Room below for the legend, which wraps to two lines at card width.
      radius: '56%',
      center: ['50%', '42%'],
      splitNumber: 5,
      axisName: { color: COLORS.ink, fontSize: 12, fontWeight: 600, lineHeight: 15 },
      splitLine: { lineStyle: { color: COLORS.line } },
      splitArea: { show: false },
      axisLine: { lineStyle: { color: COLORS.line } },
    },
    series: [
      {
        type: 'radar',
        silent: true,
        symbol: 'none',
        z: 1,
        data: THRESHOLDS.map((t) => ({
          name: `${t.name} (${t.value})`,
          value: pillars.map(() => t.value),
          lineStyle: { color: t.color, type: 'dashed', width: 1, opacity: 0.8 },
          itemStyle: { color: t.color },
        })),
      },
      {
        type: 'radar',
        z: 2,
        symbolSize: 6,
        tooltip: {
          formatter: (p: { name: string; value: unknown }) =>
            [plainText(p.name), ...pillars.map((pillar, i) => `${PILLAR_NAMES[pillar]}: ${fmt((p.value as unknown[])[i])}`)].join('\n'),
        },
        data: series.map((s) => ({
          name: s.name,
          value: pillars.map((p) => s.scores[p] ?? 0),
          lineStyle: { color: s.color, width: 2.5 },
          itemStyle: { color: s.color },
          areaStyle: { color: s.color, opacity: 0.12 },
        })),
      },
    ],
  } as ChartOption;
}

export function pillarBarsOption(series: readonly PillarSeries[]): ChartOption {
  const assessed = (p: Pillar) => series.some((s) => s.scores[p] !== null);
  const categories = [...PILLARS].reverse();
  return {
    tooltip: { ...TOOLTIP, trigger: 'item' },
    legend:
      series.length > 1
        ? { bottom: 0, icon: 'roundRect', itemWidth: 14, itemHeight: 8, textStyle: { color: COLORS.ink2 } }
        : undefined,
    grid: { left: 8, right: 24, top: 28, bottom: series.length > 1 ? 36 : 8, containLabel: true },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      interval: 20,
      splitLine: { lineStyle: { color: COLORS.line, type: 'dotted' } },
      axisLabel: { color: COLORS.ink3 },
    },
    yAxis: {
      type: 'category',
      data: categories.map((p) => PILLAR_NAMES[p]),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COLORS.line } },
      axisLabel: {
        color: COLORS.ink,
        fontSize: 12,
        fontWeight: 600,
        lineHeight: 16,
        formatter: (name: string, index: number) => {
          const pillar = categories[index];
          return pillar && !assessed(pillar) ? `${name}\n{na|${NOT_ASSESSED}}` : name;
        },
        rich: { na: { color: COLORS.ink3, fontStyle: 'italic', fontWeight: 400, fontSize: 11, lineHeight: 16 } },
      },
    },
    series: series.map((s, i) => ({
      type: 'bar',
      name: s.name,
      tooltip: {
        formatter: (p: { seriesName: string; name: string; value: unknown }) =>
          `${plainText(p.seriesName)}\n${p.name}: ${fmt(p.value)}`,
      },
      barMaxWidth: series.length > 1 ? 14 : 22,
      itemStyle: { color: s.color, borderRadius: [0, 4, 4, 0] },
      label: {
        show: true,
        position: 'right',
        color: COLORS.ink,
        fontSize: 11,
        formatter: (p: { value: unknown }) => fmt(p.value),
      },
      data: categories.map((p) => s.scores[p] ?? '-'),
      markLine:
        i === 0
          ? {
              silent: true,
              symbol: 'none',
              data: THRESHOLDS.map((t) => ({
                xAxis: t.value,
                lineStyle: { color: t.color, type: 'dashed', width: 1.2 },
                label: {
                  formatter: String(t.value),
                  position: 'end',
                  color: t.color,
                  fontSize: 11,
                  fontWeight: 600,
                },
              })),
            }
          : undefined,
    })),
  } as ChartOption;
}

function fmt(value: unknown): string {
  return typeof value === 'number' ? value.toFixed(1) : NOT_ASSESSED;
}
