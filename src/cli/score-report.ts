/** Text renderings of score reports, rubrics and coverage for the command line. */
import type { CoverageRow, Rubric, ScoreReport } from '../scoring';
import { clauseLabel } from '../scoring';

export function formatScore(r: ScoreReport): string[] {
  const lines: string[] = [];
  lines.push(`score      ${r.total.toFixed(1)} / 100 · pass mark ${r.passMark} · ${r.passed ? 'PASSED' : 'NOT PASSED'} · rubric ${r.rubric.id} ${r.rubric.version}`);
  for (const g of r.failedGates) lines.push(`gate       FAILED ${g.title.zh} / ${g.title.en}: ${g.reason.zh} / ${g.reason.en}`);
  if (r.exam && r.exam.units.length > 0) {
    lines.push(`exam       ${r.exam.units.map((u) => `${u.unit} ${u.title.zh} ${u.score.toFixed(1)} → ${u.examPoints.toFixed(1)}/${u.weight}`).join(' · ')}`);
  }
  lines.push('', 'criteria:');
  for (const s of r.sections) {
    lines.push(`  ${s.title.zh} / ${s.title.en}${s.assessed ? ` — ${s.points.toFixed(1)}/${s.max.toFixed(1)}` : ' — not assessed'}`);
    for (const c of r.criteria.filter((x) => x.section === s.id)) {
      const pts = c.max > 0 ? `${c.points.toFixed(1).padStart(5)}/${c.max.toFixed(1).padEnd(5)}` : '    —      ';
      lines.push(`    ${c.id.padEnd(26)} ${pts} ${c.verdict.padEnd(14)} ${c.clauses.map(clauseLabel).join(', ')}`);
    }
  }
  lines.push('', 'competencies:');
  for (const c of r.competencies) lines.push(`  ${c.label.padEnd(22)} ${c.percent === null ? '  not observed' : `${c.percent.toFixed(1).padStart(5)}% ${c.passed ? 'passed' : 'NOT passed'}`}`);
  lines.push('', 'three things to improve first:');
  if (r.improvements.length === 0) lines.push('  (nothing: keep it up)');
  r.improvements.forEach((i, k) => {
    lines.push(`  ${k + 1}. ${i.zh}`);
    lines.push(`     ${i.en}`);
  });
  return lines;
}

export function formatRubric(r: Rubric): string[] {
  const lines = [`${r.id} ${r.version} — ${r.title.zh} / ${r.title.en}`, `  ${r.summary.en}`, `  level ${r.level} · seat ${r.seat} · pass mark ${r.passMark}`, ''];
  if (r.exam) lines.push(`exam weights (${r.exam.source}):`, ...r.exam.units.map((u) => `  ${u.unit} ${u.title.zh} ${u.weight}%${u.minutes ? ` · ${u.minutes} min` : ''}${u.form ? ` · ${u.form}` : ''}`), '');
  const total = r.sections.filter((s) => s.when === 'always').reduce((a, s) => a + s.weight, 0);
  for (const s of r.sections) {
    const sw = s.criteria.reduce((a, c) => a + c.weight, 0);
    lines.push(`${s.title.zh} / ${s.title.en} — weight ${s.weight}${s.when === 'quiz' ? ' (counted once the review quiz is answered)' : ` (${((100 * s.weight) / total).toFixed(1)}% of the live score)`}`);
    lines.push(`  source: ${s.weightSource}`);
    for (const c of s.criteria) {
      const params = Object.entries(c.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
      lines.push(`  ${c.criterion.padEnd(26)} ${String(c.weight).padStart(3)} (${((100 * c.weight) / sw).toFixed(0)}%)  ${params}`);
      lines.push(`  ${''.padEnd(26)}     ${c.why.en}`);
    }
    lines.push('');
  }
  for (const g of r.gates) lines.push(`gate ${g.id}: ${g.criterion} — ${g.why.en}`);
  return lines;
}

export function formatCoverage(rows: CoverageRow[], rubric?: Rubric): { lines: string[]; missing: string[] } {
  const lines: string[] = [];
  const missing: string[] = [];
  lines.push(rubric ? `coverage of ${rubric.id}: every catalogue clause, the criteria observing it (* = used by this rubric)` : 'coverage: every catalogue clause and the criteria observing it');
  lines.push('');
  const ordered = rubric ? [...rows.filter((r) => r.coveredByRubric), ...rows.filter((r) => !r.coveredByRubric)] : rows;
  for (const r of ordered) {
    const mark = rubric ? (r.coveredByRubric ? '●' : ' ') : ' ';
    const crit = r.criteria.length === 0 ? '(no criterion)' : r.criteria.map((c) => `${c.id}${c.inRubric ? '*' : ''}`).join(', ');
    lines.push(`${mark} ${r.clause.padEnd(24)} ${r.observable.padEnd(6)} ${crit}`);
    lines.push(`  ${''.padEnd(24)} ${r.text}`);
    if (r.criteria.length === 0) missing.push(r.clause);
    if (rubric && r.coveredByRubric && !r.criteria.some((c) => c.inRubric)) missing.push(`${r.clause} (covered by the rubric, observed by none of its criteria)`);
  }
  lines.push('');
  if (rubric) lines.push(`● = a clause this rubric covers (${rows.filter((r) => r.coveredByRubric).length})`);
  lines.push(missing.length === 0 ? 'every clause is observed by at least one criterion' : `NOT observed: ${missing.join(', ')}`);
  return { lines, missing };
}
