/**
 * scoreRun: a rubric applied to one run's event log and its scenario.
 *
 * Each criterion gives a share (0–1) of its points with evidence. Points: a section's
 * share of the 100-point total is its weight over the weights of the sections that
 * could be assessed; a criterion's maximum is its weight over the weights of the
 * criteria of its section that apply to this run (a scenario without a stream drop
 * cannot mark stream recovery); the criteria's points add up to the total. A gate
 * (compliance) fails the run whatever the total.
 *
 * A drill (meta.mode: drill) trains its incidents: the criteria that judge them (DRILL_FOCUS) weigh
 * DRILL_FOCUS_WEIGHT times their rubric weight within their section, so that clicking through the
 * plan while the drill's incident goes unhandled cannot score like handling it.
 *
 * The review quiz (sections `when: quiz`, 3-2 复盘) is scored on its own line (`report.review`)
 * and never enters the total: the live grade is what the live run earned, frozen when it ends,
 * and answering the quiz afterwards (well or badly, once or twice) cannot move it.
 */
import type { SimEvent } from '../engine';
import type { Scenario } from '../engine';
import { clauseEntry, clauseLabel } from './catalogue';
import { CRITERIA } from './criteria';
import { DRILL_FOCUS } from './skills';
import type { EvalContext } from './criteria/define';
import { loadRubric } from './rubric';
import { RunIndex } from './run-index';
import type { Bilingual, CompetencyResult, CriterionOutcome, CriterionResult, ExamUnitResult, FailedGate, Improvement, ReviewResult, ScoreReport, SectionResult, Verdict } from './types';

export interface ScoreOptions {
  /**
   * The student's answers to the review quiz, by question id (see reviewQuiz): the review line
   * (`report.review`) is then marked. A question without an answer counts as answered wrong.
   * The answers never change `total` or `passed`.
   */
  quizAnswers?: Record<string, unknown>;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** How much more a drill's focus criteria weigh than the rubric says. */
export const DRILL_FOCUS_WEIGHT = 1.75;

/** The criteria a scenario's drill trains (none unless it is a drill). */
export function drillFocus(scenario: Scenario): Set<string> {
  return new Set(scenario.meta.mode === 'drill' ? scenario.incidents.map((i) => DRILL_FOCUS[i.kind]) : []);
}

function verdictOf(o: CriterionOutcome): Verdict {
  if (o.notAssessed) return 'not_assessed';
  if (!o.applicable) return 'not_applicable';
  return o.fraction >= 0.8 ? 'met' : o.fraction >= 0.4 ? 'partly' : 'not_met';
}

export function scoreRun(scenario: Scenario, log: readonly SimEvent[], rubricId: string = scenario.meta.rubric, opts: ScoreOptions = {}): ScoreReport {
  const rubric = loadRubric(rubricId);
  const run = new RunIndex(scenario, log);
  const ctx: EvalContext = { quizAnswers: opts.quizAnswers };

  // Evaluate every criterion once. The quiz's criteria only with answers (else not assessed).
  const isQuiz = rubric.sections.map((s) => s.when === 'quiz');
  const outcomes = rubric.sections.map((s, i) =>
    s.criteria.map((c) => {
      if (isQuiz[i] && !opts.quizAnswers) return notAssessed(CRITERIA[c.criterion].title);
      if (s.when === 'rehearsal') return notInThisRun(CRITERIA[c.criterion].title);
      return CRITERIA[c.criterion].evaluate(run, c.params, ctx);
    }),
  );
  const counts = (o: CriterionOutcome) => o.applicable && !o.notAssessed;
  const focus = drillFocus(scenario);
  const weightOf = (criterion: string, weight: number) => (focus.has(criterion) ? DRILL_FOCUS_WEIGHT * weight : weight);
  const live = rubric.sections.map((s, i) => s.criteria.reduce((w, c, j) => w + (counts(outcomes[i][j]) ? weightOf(c.criterion, c.weight) : 0), 0));
  // Only the live sections share the 100 points of the grade.
  const sectionWeightSum = rubric.sections.reduce((w, s, i) => w + (live[i] > 0 && !isQuiz[i] ? s.weight : 0), 0);

  const criteria: CriterionResult[] = [];
  const sections: SectionResult[] = [];
  const reviewSections: { section: SectionResult; criteria: CriterionResult[] }[] = [];
  rubric.sections.forEach((s, i) => {
    // The quiz's own line is marked out of 100 (its share correct); a live section gets its share of the grade.
    const sectionMax = live[i] > 0 ? (isQuiz[i] ? 100 : sectionWeightSum > 0 ? (100 * s.weight) / sectionWeightSum : 0) : 0;
    let points = 0;
    const own: CriterionResult[] = [];
    s.criteria.forEach((c, j) => {
      const o = outcomes[i][j];
      const def = CRITERIA[c.criterion];
      const max = counts(o) ? (sectionMax * weightOf(c.criterion, c.weight)) / live[i] : 0;
      // A penalty (violations by severity, spam of blind actions) is deducted from the total beyond the criterion's own points.
      const penalty = counts(o) && !isQuiz[i] ? 100 * Math.max(0, Math.min(1, o.penalty ?? 0)) : 0;
      const pts = max * Math.max(0, Math.min(1, o.fraction)) - penalty;
      points += pts;
      own.push({
        id: c.criterion,
        title: def.title,
        section: s.id,
        clauses: def.clauses.filter((cl) => rubric.covers.includes(cl)),
        weight: c.weight,
        ...(focus.has(c.criterion) ? { drillFocus: DRILL_FOCUS_WEIGHT } : {}),
        points: r2(pts),
        max: r2(max),
        verdict: verdictOf(o),
        evidence: o.evidence,
        feedback: o.feedback,
        params: c.params,
        ...(penalty > 0 ? { penalty: r2(penalty) } : {}),
        ...(o.details ? { details: o.details } : {}),
      });
    });
    const section: SectionResult = { id: s.id, title: s.title, ...(s.examUnit ? { examUnit: s.examUnit } : {}), weight: s.weight, points: r2(points), max: r2(sectionMax), score: sectionMax > 0 ? Math.round((1000 * points) / sectionMax) / 10 : 0, assessed: live[i] > 0 };
    if (isQuiz[i]) reviewSections.push({ section, criteria: own });
    else {
      criteria.push(...own);
      sections.push(section);
    }
  });

  const total = Math.max(0, Math.round(10 * criteria.reduce((t, c) => t + c.points, 0)) / 10);

  const failedGates: FailedGate[] = [];
  for (const g of rubric.gates) {
    const i = rubric.sections.findIndex((s) => s.criteria.some((c) => c.criterion === g.criterion));
    const j = rubric.sections[i].criteria.findIndex((c) => c.criterion === g.criterion);
    const gate = outcomes[i][j].gate;
    if (gate?.failed) failedGates.push({ id: g.id, criterion: g.criterion, title: g.title, reason: gate.reason, evidence: gate.evidence });
  }

  // Competencies: the live criteria and, once answered, the quiz's (each on its own scale: a percentage).
  const observing = [...criteria, ...reviewSections.flatMap((r) => r.criteria)];
  const competencies: CompetencyResult[] = rubric.covers.map((clause) => {
    const cs = observing.filter((c) => c.clauses.includes(clause) && c.max > 0);
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
      criteria: observing.filter((c) => c.clauses.includes(clause)).map((c) => c.id),
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
      const s = [...sections, ...reviewSections.map((r) => r.section)].find((x) => x.examUnit === u.unit);
      if (!s || !s.assessed) continue;
      units.push({ unit: u.unit, title: u.title, weight: u.weight, score: s.score, examPoints: r2((s.score * u.weight) / 100) });
    }
    exam = { source: rubric.exam.source, units };
  }

  const passed = failedGates.length === 0 && total >= rubric.passMark;
  const review: ReviewResult | null = reviewSections.length === 0 ? null : reviewResult(reviewSections);
  return {
    format: 'livesim/score@1',
    rubric: { id: rubric.id, version: rubric.version, title: rubric.title },
    scenario: scenario.meta.id,
    total,
    passMark: rubric.passMark,
    passed,
    verdict: verdictSentence({ total, passMark: rubric.passMark, failedGates }),
    failedGates,
    sections,
    criteria,
    competencies,
    improvements,
    review,
    ...(exam ? { exam } : {}),
  };
}

/**
 * A section the selling run does not assess (`when: rehearsal`, 2-1 直播预演): the rehearsal is its
 * own practical task, so its weight is left out and the live sections share the 100 points.
 */
function notInThisRun(title: Bilingual): CriterionOutcome {
  return { applicable: true, notAssessed: true, fraction: 0, evidence: [], feedback: { zh: `${title.zh}：属于直播预演（2-1），本场直播不评估。`, en: `${title.en}: part of the rehearsal (2-1), not assessed in this run.` } };
}

function notAssessed(title: Bilingual): CriterionOutcome {
  return { applicable: true, notAssessed: true, fraction: 0, evidence: [], feedback: { zh: `${title.zh}：尚未作答。`, en: `${title.en}: not taken yet.` } };
}

/** The review quiz's own line: its sections (one in every shipped rubric) merged, out of 100. */
function reviewResult(parts: { section: SectionResult; criteria: CriterionResult[] }[]): ReviewResult {
  const first = parts[0].section;
  const assessed = parts.some((p) => p.section.assessed);
  const crit = parts.flatMap((p) => p.criteria);
  const max = crit.reduce((t, c) => t + c.max, 0);
  const points = crit.reduce((t, c) => t + c.points, 0);
  return {
    section: first.id,
    title: first.title,
    ...(first.examUnit ? { examUnit: first.examUnit } : {}),
    weight: parts.reduce((t, p) => t + p.section.weight, 0),
    assessed,
    score: assessed && max > 0 ? Math.round((1000 * points) / max) / 10 : null,
    criteria: crit,
  };
}

const fmt1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

/**
 * The pass line and the gates in one sentence, so "62.9, not passed" never reads as a
 * contradiction: 「未通过：合规门槛（2 处严重违规）；分数 62.9 ≥ 60」, 「通过：分数 71.2 ≥ 60」.
 */
export function verdictSentence(r: Pick<ScoreReport, 'total' | 'passMark' | 'failedGates'>): Bilingual {
  const cmp = r.total >= r.passMark ? '≥' : '<';
  const score = { zh: `分数 ${fmt1(r.total)} ${cmp} ${r.passMark}`, en: `score ${fmt1(r.total)} ${cmp} ${r.passMark}` };
  const passed = r.failedGates.length === 0 && r.total >= r.passMark;
  if (passed) return { zh: `通过：${score.zh}`, en: `Passed: ${score.en}` };
  const gates = r.failedGates.map((g) => {
    const n = g.evidence.length;
    if (n === 0) return { zh: g.title.zh, en: g.title.en };
    const severe = g.criterion === 'compliance';
    return {
      zh: `${g.title.zh}（${n} 处${severe ? '严重违规' : '问题'}）`,
      en: `${lowerFirst(g.title.en)} (${n} ${severe ? 'severe violation' : 'finding'}${n === 1 ? '' : 's'})`,
    };
  });
  return {
    zh: `未通过：${[...gates.map((g) => g.zh), score.zh].join('；')}`,
    en: `Not passed: ${[...gates.map((g) => g.en), score.en].join('; ')}`,
  };
}

const lowerFirst = (s: string) => (s.length > 1 && /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
