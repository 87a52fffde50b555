// The metrics document of SPEC ("Metrics export"): what the JSON export and the command line
// write, and what the screen and the report read. Numbers are unrounded.
import { z } from 'zod';

// zod's JIT probe uses `new Function`, which the app's Content Security Policy forbids.
z.config({ jitless: true });

export const PILLARS = [
  'domain_ownership',
  'data_as_product',
  'self_serve_platform',
  'federated_governance',
] as const;
export type Pillar = (typeof PILLARS)[number];

export const VERDICTS = ['stay-centralized', 'not-ready', 'pilot', 'expand', 'operate'] as const;
export type Verdict = (typeof VERDICTS)[number];

const score = z.number().min(0).max(100);
const ratio = z.number().min(0).max(1);
const count = z.number().int().nonnegative();
const isoWeek = z.string().regex(/^\d{4}-W\d{2}$/);
const pillarRecord = <T extends z.ZodType>(value: T) =>
  z.object({
    domain_ownership: value,
    data_as_product: value,
    self_serve_platform: value,
    federated_governance: value,
  });
const monthRange = z.tuple([count, count]);

export const metricsSchema = z
  .object({
    schema: z.literal('mesh-readiness/metrics@1'),
    assessed_at: z.iso.datetime({ offset: true }),
    domains: z.array(z.object({ key: z.string().min(1), label: z.string().min(1) })),
    maturity: z.object({
      pillars: pillarRecord(score.nullable()),
      overall: score.nullable(),
      level: z.enum(['Advanced', 'Intermediate', 'Developing', 'Initial']).nullable(),
      answers: pillarRecord(z.object({ scored: count, unknown: count })),
      gaps: z.array(
        z.object({ pillar: z.enum(PILLARS), score, recommendation: z.string().min(1) }),
      ),
      by_domain: z.record(z.string(), pillarRecord(score.nullable())),
    }),
    autonomy: z.object({
      ratio: ratio.nullable(),
      independent: count,
      total: count,
      target: z.literal(0.8),
      excluded: z.object({ status: count, environment: count, duplicate_id: count }),
      by_domain: z.record(
        z.string(),
        z.object({ ratio: ratio.nullable(), independent: count, total: count }),
      ),
      weekly: z.array(
        z.object({ week: isoWeek, ratio: ratio.nullable(), independent: count, total: count }),
      ),
    }),
    coupling: z.object({
      overhead: count,
      total_edges: count,
      coupling_share: ratio,
      matrix: z.array(z.object({ from: z.string(), to: z.string(), count: count.min(1) })),
      by_domain: z.record(
        z.string(),
        z.object({ fan_out: count, fan_in: count, partners: count }),
      ),
    }),
    readiness: z.object({
      engineers: count.nullable(),
      domain_count: count,
      scale_warrants_mesh: z.boolean().nullable(),
      phase: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
      verdict: z.enum(VERDICTS),
      blocked_by: z.array(z.string()),
    }),
    roadmap: z.array(
      z.object({
        phase: z.union([z.literal(2), z.literal(3), z.literal(4)]),
        name: z.string(),
        start_months: monthRange,
        end_months: monthRange.nullable(),
        actions: z.array(z.string()),
        exit_criteria: z.array(z.string()),
      }),
    ),
    pilot_domains: z.array(z.string()).max(3),
  })
  .strict();

export type Metrics = z.infer<typeof metricsSchema>;
export type PillarScores = Metrics['maturity']['pillars'];

/** The JSON Schema published beside the zod schema (`schema/metrics.schema.json`). */
export function metricsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(metricsSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
