// Words and rounding for people: the screen, the command line and the report say figures the
// same way. The metrics document stays unrounded; only what is shown is rounded: scores to one
// decimal, ratios to two (SPEC).
import type { Metrics, Pillar, Verdict } from '../engine/metrics-schema.ts';

/** SPEC's pillar order (as `PILLARS` in metrics-schema.ts, which the page does not import at
 *  start: it carries zod, and zod is only needed once the engine has loaded). */
export const PILLARS: readonly Pillar[] = [
  'domain_ownership',
  'data_as_product',
  'self_serve_platform',
  'federated_governance',
];

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

export const VERDICT_TEXT: Record<Verdict, { title: string; detail: string }> = {
  'stay-centralized': {
    title: 'Stay centralized',
    detail: 'At this scale a Data Mesh costs more than it returns: improve the central platform instead.',
  },
  'not-ready': {
    title: 'Not ready yet',
    detail: 'Build the foundations first: treat the most-used data sets as products with owners and SLAs.',
  },
  pilot: {
    title: 'Pilot',
    detail: 'Start with 2–3 pilot domains that own their data products end to end.',
  },
  expand: {
    title: 'Expand',
    detail: 'Bring more domains onto the mesh and grow the self-serve platform with them.',
  },
  operate: {
    title: 'Operate',
    detail: 'Run the mesh: federated governance, shared standards and continuous improvement.',
  },
};

export const NOT_ASSESSED = 'not assessed';

/** A 0–100 score with one decimal; "not assessed" when nobody answered. */
export function score(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_ASSESSED : value.toFixed(1);
}

/** A 0–1 ratio with two decimals; an em dash when there is nothing to divide. */
export function ratio(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(2);
}

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integer.format(value);
}

/** `2025-06-30T00:00:00Z` → `30 Jun 2025` (UTC: the engine's times are UTC). */
export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function months([min, max]: readonly [number, number]): string {
  return min === max ? `month ${min}` : `months ${min}–${max}`;
}

/** A share 0–1 as a whole percentage; an em dash when there is none. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;
}

/** A domain's label (its first spelling in the files), its key when the document has none. */
export function domainLabeller(metrics: Metrics): (key: string) => string {
  const labels = new Map(metrics.domains.map((d) => [d.key, d.label]));
  return (key) => labels.get(key) ?? key;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** The engine's sentences name pillars by key (`data_as_product >= 40`): say them in words. */
export function humanize(text: string): string {
  return text
    .replace(/\b(domain_ownership|data_as_product|self_serve_platform|federated_governance)\b/g, (key) =>
      PILLAR_NAMES[key as Pillar],
    )
    .replace(/>=/g, '≥')
    .replace(/<=/g, '≤')
    .replace(/^./, (c) => c.toUpperCase());
}
