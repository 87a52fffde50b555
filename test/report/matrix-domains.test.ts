// Which domains the dependency matrix draws (screen and PDF): all of them up to the limit, else
// the most coupled ones, always in the document's order.
import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../src/engine/metrics-schema.ts';
import { matrixDomains } from '../../src/ui/charts/matrix-chart.ts';

function metricsOf(edges: [string, string, number][]): Metrics {
  const keys = [...new Set(edges.flatMap(([f, t]) => [f, t]))].sort();
  const by_domain = Object.fromEntries(
    keys.map((k) => [
      k,
      {
        fan_out: edges.filter(([f]) => f === k).reduce((s, [, , n]) => s + n, 0),
        fan_in: edges.filter(([, t]) => t === k).reduce((s, [, , n]) => s + n, 0),
        partners: 0,
      },
    ]),
  );
  return {
    domains: [...keys.map((key) => ({ key, label: key.toUpperCase() })), { key: 'lonely', label: 'Lonely' }],
    coupling: { matrix: edges.map(([from, to, count]) => ({ from, to, count })), by_domain },
  } as unknown as Metrics;
}

describe('matrixDomains', () => {
  // a → b 5, c → b 1, d → a 2: edges per domain a 7, b 6, c 1, d 2 ("lonely" has none).
  const m = metricsOf([
    ['a', 'b', 5],
    ['c', 'b', 1],
    ['d', 'a', 2],
  ]);

  it('draws every domain with an edge across, in the document order, up to the limit', () => {
    expect(matrixDomains(m, 4)).toEqual({ keys: ['a', 'b', 'c', 'd'], linked: 4 });
  });

  it('past the limit keeps the most coupled ones (a 7, b 6, d 2), still in document order', () => {
    expect(matrixDomains(m, 3)).toEqual({ keys: ['a', 'b', 'd'], linked: 4 });
  });
});
