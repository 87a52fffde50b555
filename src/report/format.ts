// How figures read for people: scores to one decimal, ratios to two (SPEC). Shared by the
// screen, the command line and the report so that they always agree.
import type { Metrics, Pillar, Verdict } from '../engine/metrics-schema.ts';

export const PILLAR_NAMES: Record<Pillar, string> = {
  domain_ownership: 'Domain ownership',
  data_as_product: 'Data as a product',
  self_serve_platform: 'Self-serve platform',
  federated_governance: 'Federated governance',
};

export const PHASE_NAMES: Record<1 | 2 | 3 | 4, string> = {
  1: 'Centralized',
  2: 'Data productization',
  3: 'Domain expansion',
  4: 'Mesh operation',
};

export const VERDICT_TEXT: Record<Verdict, { title: string; advice: string }> = {
  'stay-centralized': {
    title: 'Stay centralized',
    advice: 'At this scale a data mesh costs more coordination than it saves; strengthen the central platform.',
  },
  'not-ready': {
    title: 'Not ready',
    advice: 'Start by treating data as a product: named owners, SLAs and quality guarantees.',
  },
  pilot: { title: 'Pilot', advice: 'Start with 2-3 pilot domains and prove the model before expanding.' },
  expand: { title: 'Expand', advice: 'Extend domain ownership across the organisation on a self-serve platform.' },
  operate: { title: 'Operate', advice: 'Run the mesh: federated governance, continuous improvement.' },
};

export const formatScore = (score: number | null): string => (score === null ? 'not assessed' : score.toFixed(1));
export const formatRatio = (ratio: number | null): string => (ratio === null ? 'no deployments' : ratio.toFixed(2));
export const formatPercent = (share: number): string => `${(share * 100).toFixed(0)}%`;

export function formatMonths(range: readonly [number, number] | null): string {
  if (range === null) return 'ongoing';
  const [min, max] = range;
  return min === max ? `month ${min}` : `months ${min}-${max}`;
}

export function domainLabel(metrics: Metrics, key: string): string {
  return metrics.domains.find((d) => d.key === key)?.label ?? key;
}
