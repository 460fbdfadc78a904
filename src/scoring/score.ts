/**
 * scoreRun: a rubric applied to one run's event log and its scenario.
 *
 * Each criterion gives a share (0–1) of its points with evidence. Points: a section's
 * share of the 100-point total is its weight over the weights of the sections that
 * could be assessed; a criterion's maximum is its weight over the weights of the
 * criteria of its section that apply to this run (a scenario without a stream drop
 * cannot mark stream recovery); the criteria's points add up to the total. A gate
 * (compliance) fails the run whatever the total.
 */
import type { SimEvent } from '../engine';
import type { Scenario } from '../engine';
import { clauseEntry, clauseLabel } from './catalogue';
import { CRITERIA } from './criteria';
import type { EvalContext } from './criteria/define';
import { loadRubric } from './rubric';
import { RunIndex } from './run-index';
import type { CompetencyResult, CriterionOutcome, CriterionResult, ExamUnitResult, FailedGate, Improvement, ScoreReport, SectionResult, Verdict } from './types';

export interface ScoreOptions {
  /** The student's answers to the review quiz, by question id (see reviewQuiz). */
  quizAnswers?: Record<string, unknown>;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

function verdictOf(o: CriterionOutcome): Verdict {
  if (o.notAssessed) return 'not_assessed';
  if (!o.applicable) return 'not_applicable';
  return o.fraction >= 0.8 ? 'met' : o.fraction >= 0.4 ? 'partly' : 'not_met';
}

export function scoreRun(scenario: Scenario, log: readonly SimEvent[], rubricId: string = scenario.meta.rubric, opts: ScoreOptions = {}): ScoreReport {
  const rubric = loadRubric(rubricId);
  const run = new RunIndex(scenario, log);
  const ctx: EvalContext = { quizAnswers: opts.quizAnswers };

  // Evaluate every criterion once.
  const outcomes = rubric.sections.map((s) =>
    s.criteria.map((c) => {
      const o = CRITERIA[c.criterion].evaluate(run, c.params, ctx);
      const skipped = s.when === 'quiz' && !opts.quizAnswers;
      return skipped ? { ...o, notAssessed: true } : o;
    }),
  );
  const counts = (o: CriterionOutcome) => o.applicable && !o.notAssessed;
  const live = rubric.sections.map((s, i) => s.criteria.reduce((w, c, j) => w + (counts(outcomes[i][j]) ? c.weight : 0), 0));
  const sectionWeightSum = rubric.sections.reduce((w, s, i) => w + (live[i] > 0 ? s.weight : 0), 0);

  const criteria: CriterionResult[] = [];
  const sections: SectionResult[] = [];
  rubric.sections.forEach((s, i) => {
    const sectionMax = live[i] > 0 && sectionWeightSum > 0 ? (100 * s.weight) / sectionWeightSum : 0;
    let points = 0;
    s.criteria.forEach((c, j) => {
      const o = outcomes[i][j];
      const def = CRITERIA[c.criterion];
      const max = counts(o) ? (sectionMax * c.weight) / live[i] : 0;
      const pts = max * Math.max(0, Math.min(1, o.fraction));
      points += pts;
      criteria.push({
        id: c.criterion,
        title: def.title,
        section: s.id,
        clauses: def.clauses.filter((cl) => rubric.covers.includes(cl)),
        weight: c.weight,
        points: r2(pts),
        max: r2(max),
        verdict: verdictOf(o),
        evidence: o.evidence,
        feedback: o.feedback,
        params: c.params,
        ...(o.details ? { details: o.details } : {}),
      });
    });
    sections.push({ id: s.id, title: s.title, ...(s.examUnit ? { examUnit: s.examUnit } : {}), weight: s.weight, points: r2(points), max: r2(sectionMax), score: sectionMax > 0 ? Math.round((1000 * points) / sectionMax) / 10 : 0, assessed: live[i] > 0 });
  });

  const total = Math.round(10 * criteria.reduce((t, c) => t + c.points, 0)) / 10;

  const failedGates: FailedGate[] = [];
  for (const g of rubric.gates) {
    const i = rubric.sections.findIndex((s) => s.criteria.some((c) => c.criterion === g.criterion));
    const j = rubric.sections[i].criteria.findIndex((c) => c.criterion === g.criterion);
    const gate = outcomes[i][j].gate;
    if (gate?.failed) failedGates.push({ id: g.id, criterion: g.criterion, title: g.title, reason: gate.reason, evidence: gate.evidence });
  }

  const competencies: CompetencyResult[] = rubric.covers.map((clause) => {
    const cs = criteria.filter((c) => c.clauses.includes(clause) && c.max > 0);
    const points = cs.reduce((s, c) => s + c.points, 0);
    const max = cs.reduce((s, c) => s + c.max, 0);
    const percent = max > 0 ? Math.round((1000 * points) / max) / 10 : null;
    return {
      clause,
      label: clauseLabel(clause),
      text: clauseEntry(clause)?.text ?? '',
      points: r2(points),
      max: r2(max),
      percent,
      passed: percent === null ? null : percent >= rubric.passMark,
      criteria: criteria.filter((c) => c.clauses.includes(clause)).map((c) => c.id),
    };
  });

  // Three things to improve first: failed gates, then the criteria that lost the most points.
  const improvements: Improvement[] = failedGates.map((g) => ({ criterion: g.criterion, zh: g.reason.zh, en: g.reason.en }));
  for (const c of [...criteria].filter((c) => c.max - c.points >= 0.5).sort((a, b) => b.max - b.points - (a.max - a.points))) {
    if (improvements.length >= 3) break;
    if (improvements.some((x) => x.criterion === c.id)) continue;
    improvements.push({ criterion: c.id, zh: `${c.title.zh}：${c.feedback.zh}`, en: `${c.title.en}: ${c.feedback.en}` });
  }

  let exam: ScoreReport['exam'];
  if (rubric.exam) {
    const units: ExamUnitResult[] = [];
    for (const u of rubric.exam.units) {
      const s = sections.find((x) => x.examUnit === u.unit);
      if (!s || !s.assessed) continue;
      units.push({ unit: u.unit, title: u.title, weight: u.weight, score: s.score, examPoints: r2((s.score * u.weight) / 100) });
    }
    exam = { source: rubric.exam.source, units };
  }

  return {
    format: 'livesim/score@1',
    rubric: { id: rubric.id, version: rubric.version, title: rubric.title },
    scenario: scenario.meta.id,
    total,
    passMark: rubric.passMark,
    passed: failedGates.length === 0 && total >= rubric.passMark,
    failedGates,
    sections,
    criteria,
    competencies,
    improvements,
    ...(exam ? { exam } : {}),
  };
}
