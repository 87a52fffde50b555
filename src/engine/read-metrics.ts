// Reads the metrics document from the SQL views. Every figure is computed by the views; this
// only gathers their rows into SPEC's shape.
import type { Connector } from './db/connector.ts';
import { metricsSchema, PILLARS, type Metrics, type Pillar } from './metrics-schema.ts';

type PillarRecord<T> = Record<Pillar, T>;

const byPillar = <T>(rows: readonly { pillar: string }[], value: (row: never) => T, empty: T): PillarRecord<T> => {
  const out = Object.fromEntries(PILLARS.map((p) => [p, empty])) as PillarRecord<T>;
  for (const row of rows) out[row.pillar as Pillar] = value(row as never);
  return out;
};

/**
 * The metrics document. With `unchangedInputs`, a document computed since the inputs last
 * changed, only the figures that read the organisation profile (the readiness scale test) are
 * read again: a change of the Engineers field at a million deployments costs milliseconds.
 */
export async function readMetrics(db: Connector, assessedAt: Date, unchangedInputs?: Metrics): Promise<Metrics> {
  const q = <T>(sql: string) => db.query<T>(sql);
  if (unchangedInputs) {
    const readiness = metricsSchema.shape.readiness.parse({
      ...unchangedInputs.readiness,
      ...(await readReadiness(db)),
    });
    return { ...unchangedInputs, assessed_at: assessedAt.toISOString(), readiness };
  }

  const domains = await q<{ key: string; label: string }>('SELECT key, label FROM domains ORDER BY key');

  const pillars = await q<{ pillar: Pillar; score: number | null; scored: number; unknown: number }>(
    'SELECT pillar, score, scored, unknown FROM pillar_scores ORDER BY position',
  );
  const [overall] = await q<{ overall: number | null; level: Metrics['maturity']['level'] }>(
    'SELECT overall, level FROM maturity_overall',
  );
  const gaps = await q<{ pillar: Pillar; score: number; recommendation: string }>(
    'SELECT pillar, score, recommendation FROM maturity_gaps ORDER BY score, pillar',
  );
  const domainScores = await q<{ domain: string; pillar: Pillar; score: number | null }>(
    'SELECT domain, pillar, score FROM maturity_by_domain ORDER BY domain',
  );

  const [autonomy] = await q<{ ratio: number | null; independent: number; total: number }>(
    'SELECT ratio, independent, total FROM autonomy_overall',
  );
  const [excluded] = await q<Metrics['autonomy']['excluded']>('SELECT * FROM autonomy_excluded');
  const autonomyByDomain = await q<{ domain: string; ratio: number | null; independent: number; total: number }>(
    'SELECT domain, ratio, independent, total FROM autonomy_by_domain ORDER BY domain',
  );
  const weekly = await q<Metrics['autonomy']['weekly'][number]>(
    'SELECT week, ratio, independent, total FROM autonomy_weekly ORDER BY week',
  );

  const [coupling] = await q<{ overhead: number; total_edges: number; coupling_share: number }>(
    'SELECT overhead, total_edges, coupling_share FROM coupling_overall',
  );
  const matrix = await q<Metrics['coupling']['matrix'][number]>(
    'SELECT "from", "to", count FROM coupling_matrix ORDER BY "from", "to"',
  );
  const couplingByDomain = await q<{ domain: string; fan_out: number; fan_in: number; partners: number }>(
    'SELECT domain, fan_out, fan_in, partners FROM coupling_by_domain ORDER BY domain',
  );

  const readiness = await readReadiness(db);
  const blockers = await q<{ blocker: string }>('SELECT blocker FROM readiness_blockers ORDER BY position');

  const phases = await q<{
    phase: 2 | 3 | 4; name: string; start_min: number; start_max: number; end_min: number | null; end_max: number | null;
  }>('SELECT * FROM roadmap_phases ORDER BY phase');
  const actions = await q<{ phase: number; action: string }>(
    'SELECT phase, action FROM roadmap_actions ORDER BY phase, position',
  );
  const criteria = await q<{ phase: number; criterion: string }>(
    'SELECT phase, criterion FROM roadmap_exit_criteria ORDER BY phase, position',
  );
  const pilots = await q<{ domain: string }>('SELECT domain FROM pilot_domains ORDER BY rank');

  const document: Metrics = {
    schema: 'mesh-readiness/metrics@1',
    assessed_at: assessedAt.toISOString(),
    domains,
    maturity: {
      pillars: byPillar(pillars, (r: { score: number | null }) => r.score, null),
      overall: overall?.overall ?? null,
      level: overall?.level ?? null,
      answers: byPillar(pillars, (r: { scored: number; unknown: number }) => ({ scored: r.scored, unknown: r.unknown }), {
        scored: 0,
        unknown: 0,
      }),
      gaps,
      by_domain: groupByDomain(domainScores, (rows) => byPillar(rows, (r: { score: number | null }) => r.score, null)),
    },
    autonomy: {
      ratio: autonomy?.ratio ?? null,
      independent: autonomy?.independent ?? 0,
      total: autonomy?.total ?? 0,
      target: 0.8,
      excluded: excluded ?? { status: 0, environment: 0, duplicate_id: 0 },
      by_domain: Object.fromEntries(autonomyByDomain.map(({ domain, ...rest }) => [domain, rest])),
      weekly,
    },
    coupling: {
      overhead: coupling?.overhead ?? 0,
      total_edges: coupling?.total_edges ?? 0,
      coupling_share: coupling?.coupling_share ?? 0,
      matrix,
      by_domain: Object.fromEntries(couplingByDomain.map(({ domain, ...rest }) => [domain, rest])),
    },
    readiness: { ...readiness, blocked_by: blockers.map((b) => b.blocker) },
    roadmap: phases.map((p) => ({
      phase: p.phase,
      name: p.name,
      start_months: [p.start_min, p.start_max],
      end_months: p.end_min === null || p.end_max === null ? null : [p.end_min, p.end_max],
      actions: actions.filter((a) => a.phase === p.phase).map((a) => a.action),
      exit_criteria: criteria.filter((c) => c.phase === p.phase).map((c) => c.criterion),
    })),
    pilot_domains: pilots.map((p) => p.domain),
  };
  return metricsSchema.parse(document);
}

/** The readiness figures that read the profile (engineers, the domain count override). */
async function readReadiness(db: Connector): Promise<Omit<Metrics['readiness'], 'blocked_by'>> {
  const [r] = await db.query<{
    engineers: number | null;
    domain_count: number;
    scale_warrants_mesh: boolean | null;
    phase: 1 | 2 | 3 | 4;
    verdict: Metrics['readiness']['verdict'];
  }>('SELECT engineers, domain_count, scale_warrants_mesh, phase, verdict FROM readiness');
  return {
    engineers: r?.engineers ?? null,
    domain_count: r?.domain_count ?? 0,
    scale_warrants_mesh: r?.scale_warrants_mesh ?? null,
    phase: r?.phase ?? 1,
    verdict: r?.verdict ?? 'not-ready',
  };
}

function groupByDomain<R extends { domain: string }, T>(rows: readonly R[], shape: (rows: R[]) => T): Record<string, T> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.domain) ?? [];
    group.push(row);
    groups.set(row.domain, group);
  }
  return Object.fromEntries([...groups].map(([domain, group]) => [domain, shape(group)]));
}
