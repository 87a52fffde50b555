// The command line's readable summary of a metrics document.
import { PILLARS, type Metrics } from '../engine/metrics-schema.ts';
import {
  count,
  domainLabeller,
  months,
  percent,
  PHASE_NAMES,
  PILLAR_NAMES,
  plural,
  ratio,
  score,
  VERDICT_TEXT,
} from '../report/format.ts';

export function textSummary(m: Metrics): string {
  const out: string[] = [];
  const { readiness: r, maturity, autonomy, coupling } = m;
  const label = domainLabeller(m);
  const verdict = VERDICT_TEXT[r.verdict];
  out.push(`Verdict: ${verdict.title} — ${verdict.detail}`);
  out.push(`Phase ${r.phase} of 4: ${PHASE_NAMES[r.phase]}`);
  const scale =
    r.engineers === null
      ? `engineers unknown, ${plural(r.domain_count, 'domain')} (decided on domains alone)`
      : `${plural(r.engineers, 'engineer')}, ${plural(r.domain_count, 'domain')}`;
  const warrants = r.scale_warrants_mesh === null ? 'unknown' : r.scale_warrants_mesh ? 'yes' : 'no';
  out.push(`Scale warrants a mesh: ${warrants} (${scale}; needs > 100 engineers and > 10 domains)`);
  out.push('');
  out.push(`Maturity: ${score(maturity.overall)}${maturity.level ? ` (${maturity.level})` : ''}`);
  for (const pillar of PILLARS) {
    const { scored, unknown } = maturity.answers[pillar];
    const known = scored + unknown === 0 ? '' : `, ${count(unknown)} of ${count(scored + unknown)} answers "don't know"`;
    out.push(`  ${PILLAR_NAMES[pillar].padEnd(22)} ${score(maturity.pillars[pillar]).padStart(12)}${known}`);
  }
  for (const gap of maturity.gaps) out.push(`  Gap: ${PILLAR_NAMES[gap.pillar]} ${score(gap.score)} — ${gap.recommendation}`);
  out.push('');
  out.push(
    `Autonomy: ${ratio(autonomy.ratio)} (${count(autonomy.independent)} independent of ${count(autonomy.total)} counted; target 0.80)`,
  );
  const { status, environment, duplicate_id } = autonomy.excluded;
  out.push(`  Left out: ${count(status)} by status, ${count(environment)} by environment, ${count(duplicate_id)} repeated ids`);
  out.push(
    `Communication overhead: ${count(coupling.overhead)} cross-domain edges of ${count(coupling.total_edges)} (coupling share ${percent(coupling.coupling_share)})`,
  );
  out.push('');
  if (r.blocked_by.length > 0) {
    out.push('Next phase blocked by:');
    for (const b of r.blocked_by) out.push(`  - ${b}`);
  }
  for (const phase of m.roadmap) {
    const end = phase.end_months === null ? 'ongoing' : months(phase.end_months);
    out.push(`Roadmap phase ${phase.phase} ${phase.name}: starts ${months(phase.start_months)}, ends ${end}`);
    for (const action of phase.actions) out.push(`  action: ${action}`);
    for (const criterion of phase.exit_criteria) out.push(`  exit: ${criterion}`);
  }
  if (m.pilot_domains.length > 0) out.push(`Pilot domains: ${m.pilot_domains.map(label).join(', ')}`);
  return out.join('\n');
}
