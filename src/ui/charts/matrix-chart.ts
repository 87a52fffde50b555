// The domain × domain dependency matrix: rows depend on (consume from) columns.
import type { Metrics } from '../../engine/metrics-schema.ts';
import { COLORS, plainText, TOOLTIP, type ChartOption } from './theme.ts';

/** The most domains a matrix draws: beyond it cells are too small to read (and to draw fast). */
export const MATRIX_DOMAIN_LIMIT = 40;

/**
 * The domains a matrix shows: every domain with an edge across, in the document's order (by
 * key); past `limit`, the `limit` with the most cross-domain edges (fan-in + fan-out, then by
 * key). `linked` counts them all, drawn or not.
 */
export function matrixDomains(metrics: Metrics, limit = MATRIX_DOMAIN_LIMIT): { keys: string[]; linked: number } {
  const { matrix, by_domain } = metrics.coupling;
  const linked = new Set(matrix.flatMap((m) => [m.from, m.to]));
  const ordered = metrics.domains.map((d) => d.key).filter((k) => linked.has(k));
  const all = [...ordered, ...[...linked].filter((k) => !ordered.includes(k)).sort()];
  if (all.length <= limit) return { keys: all, linked: all.length };
  const edges = (k: string) => (by_domain[k]?.fan_in ?? 0) + (by_domain[k]?.fan_out ?? 0);
  const kept = new Set([...all].sort((a, b) => edges(b) - edges(a) || a.localeCompare(b)).slice(0, limit));
  return { keys: all.filter((k) => kept.has(k)), linked: all.length };
}

export function matrixOption(
  matrix: Metrics['coupling']['matrix'],
  keys: readonly string[],
  label: (key: string) => string,
): ChartOption {
  const index = new Map(keys.map((k, i) => [k, i]));
  const max = Math.max(1, ...matrix.map((m) => m.count));
  const data = matrix.flatMap((m) => {
    const x = index.get(m.to);
    const y = index.get(m.from);
    if (x === undefined || y === undefined) return [];
    // Dark cells get white numbers, light cells dark ones.
    return [{ value: [x, y, m.count], label: { color: m.count > max / 2 ? '#ffffff' : COLORS.ink } }];
  });
  const labels = keys.map((k) => plainText(label(k)));
  const showCounts = keys.length <= 24;
  return {
    tooltip: {
      ...TOOLTIP,
      trigger: 'item',
      formatter: (p: unknown) => {
        const [x, y, n] = (p as { value: [number, number, number] }).value;
        return `${labels[y]} depends on ${labels[x]}\n${n} distinct ${n === 1 ? 'edge' : 'edges'}`;
      },
    },
    grid: { left: 8, right: 16, top: 8, bottom: 60, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      position: 'bottom',
      axisLabel: { color: COLORS.ink, rotate: 40, fontSize: 11, interval: 0, width: 120, overflow: 'truncate' },
      axisTick: { show: false },
      axisLine: { show: false },
      splitArea: { show: true, areaStyle: { color: ['#fbfcfd', '#ffffff'] } },
    },
    yAxis: {
      type: 'category',
      data: labels,
      inverse: true,
      axisLabel: { color: COLORS.ink, fontSize: 11, interval: 0, width: 140, overflow: 'truncate' },
      axisTick: { show: false },
      axisLine: { show: false },
      splitArea: { show: true, areaStyle: { color: ['#fbfcfd', '#ffffff'] } },
    },
    visualMap: {
      type: 'continuous',
      min: 1,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 160,
      itemWidth: 10,
      text: [`${max} edges`, '1'],
      textStyle: { color: COLORS.ink3, fontSize: 11 },
      inRange: { color: ['#d8eeea', '#6fb8ad', '#2f5d8c', '#1f3a5f'] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'Distinct edges',
        data,
        label: { show: showCounts, fontSize: 10 },
        itemStyle: { borderColor: '#ffffff', borderWidth: 2, borderRadius: 3 },
        emphasis: { itemStyle: { borderColor: COLORS.ink, borderWidth: 1 } },
      },
    ],
  } as ChartOption;
}
