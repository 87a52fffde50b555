// The command line's readable summary of a metrics document.
import { PILLARS, type Metrics } from '../engine/metrics-schema.ts';
import {
  domainLabel,
  formatMonths,
  formatPercent,
  formatRatio,
  formatScore,
  PHASE_NAMES,
  PILLAR_NAMES,
  VERDICT_TEXT,
} from '../report/format.ts';

export function textSummary(m: Metrics): string {
  const out: string[] = [];
  const { readiness: r, maturity, autonomy, coupling } = m;
  const verdict = VERDICT_TEXT[r.verdict];
  out.push(`Verdict: ${verdict.title} — ${verdict.advice}`);
  out.push(`Phase ${r.phase} of 4: ${PHASE_NAMES[r.phase]}`);
  const scale =
    r.engineers === null
      ? `engineers unknown, ${r.domain_count} domains (decided on domains alone)`
      : `${r.engineers} engineers, ${r.domain_count} ${r.domain_count === 1 ? "domain" : "domains"}`;
  const warrants = r.scale_warrants_mesh === null ? 'unknown' : r.scale_warrants_mesh ? 'yes' : 'no';
  out.push(`Scale warrants a mesh: ${warrants} (${scale}; needs > 100 engineers and > 10 domains)`);
  out.push('');
  out.push(`Maturity: ${formatScore(maturity.overall)}${maturity.level ? ` (${maturity.level})` : ''}`);
  for (const pillar of PILLARS) {
    const { scored, unknown } = maturity.answers[pillar];
    const known = scored + unknown === 0 ? '' : `, ${unknown} of ${scored + unknown} answers "don't know"`;
    out.push(`  ${PILLAR_NAMES[pillar].padEnd(22)} ${formatScore(maturity.pillars[pillar]).padStart(12)}${known}`);
  }
  for (const gap of maturity.gaps) out.push(`  Gap: ${PILLAR_NAMES[gap.pillar]} ${formatScore(gap.score)} — ${gap.recommendation}`);
  out.push('');
  out.push(
    `Autonomy: ${formatRatio(autonomy.ratio)} (${autonomy.independent} independent of ${autonomy.total} counted; target 0.80)`,
  );
  const { status, environment, duplicate_id } = autonomy.excluded;
  out.push(`  Left out: ${status} by status, ${environment} by environment, ${duplicate_id} repeated ids`);
  out.push(
    `Communication overhead: ${coupling.overhead} cross-domain edges of ${coupling.total_edges} (coupling share ${formatPercent(coupling.coupling_share)})`,
  );
  out.push('');
  if (r.blocked_by.length > 0) {
    out.push(`Next phase blocked by:`);
    for (const b of r.blocked_by) out.push(`  - ${b}`);
  }
  for (const phase of m.roadmap) {
    out.push(
      `Roadmap phase ${phase.phase} ${phase.name}: starts ${formatMonths(phase.start_months)}, ends ${formatMonths(phase.end_months)}`,
    );
    for (const action of phase.actions) out.push(`  action: ${action}`);
    for (const criterion of phase.exit_criteria) out.push(`  exit: ${criterion}`);
  }
  if (m.pilot_domains.length > 0) {
    out.push(`Pilot domains: ${m.pilot_domains.map((k) => domainLabel(m, k)).join(', ')}`);
  }
  return out.join('\n');
}
