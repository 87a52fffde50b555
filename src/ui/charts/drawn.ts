// The charts on the page now, by their element: printing redraws them at the paper's width
// (print-charts.ts) without importing ECharts for it.
import type { ECharts } from 'echarts/core';

export const drawnCharts = new Map<HTMLElement, ECharts>();
