/**
 * Types shared by the scoring module: evidence, criterion results, score reports.
 *
 * Scoring reads the event log (src/engine/events.ts) and the scenario definition,
 * nothing else: every point awarded or withheld is backed by evidence that names
 * real events of the log (their ids and sim times) and quotes their words.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

/** One piece of evidence: an event of the log, what it shows, and whether it earned or cost points. */
export interface Evidence {
  /** The event's `id` in the log. */
  event: number;
  /** The event's sim time, ms (equal to the event's `t`). */
  t: number;
  /** The event's type, for readers of the JSON. */
  type: string;
  /** Words quoted verbatim from the event (a comment, the host's sentence, a matched phrase). */
  quote?: string;
  /** What this event shows, in both languages. */
  note: Bilingual;
  /** true: it earned points; false: it cost points or shows what was missing. */
  good: boolean;
  /**
   * An omission: something that should have happened in this window of the run and did not
   * (no coupon in a segment, no call for likes while a product was presented). `event` is then
   * the event that opens the window (its segment's start, or the last event before it), so a
   * reader can jump there.
   */
  missing?: { fromMs: number; toMs: number };
}

export type Verdict = 'met' | 'partly' | 'not_met' | 'not_applicable' | 'not_assessed';

/** What a criterion's evaluation returns, before the rubric turns it into points. */
export interface CriterionOutcome {
  /** false when the run gave no occasion to observe this criterion (e.g. no incident of that kind). */
  applicable: boolean;
  /** true when it could be observed but needs input the log does not have (the review quiz's answers). */
  notAssessed?: boolean;
  /** Share of the criterion's points earned, 0–1. */
  fraction: number;
  evidence: Evidence[];
  /** What to do differently next time (or what to keep doing), specific to this run. */
  feedback: Bilingual;
  /** A gate this criterion can fail (compliance): failed whatever the total. */
  gate?: { failed: boolean; reason: Bilingual; evidence: Evidence[] };
  /** Figures behind the fraction, for the curious (opportunities, counts, latencies). */
  details?: Record<string, number | string | boolean>;
  /**
   * A deduction beyond the criterion's own points, as a share (0–1) of the 100-point total:
   * what a severe violation or a spam of blind actions costs in proportion, not only within a
   * criterion worth a few points. The criterion's points may then be negative.
   */
  penalty?: number;
}

export interface CriterionResult {
  id: string;
  title: Bilingual;
  section: string;
  /** Catalogue clauses of this rubric that the criterion observes. */
  clauses: string[];
  /** Weight within its section, as written in the rubric. */
  weight: number;
  /** In a drill, the criterion judging the drill's incident weighs this many times its rubric weight. */
  drillFocus?: number;
  /** Points earned, out of `max`; the criteria's points add up to the total. Negative when a penalty exceeds what was earned. */
  points: number;
  max: number;
  /** Points deducted beyond the criterion's own maximum (see CriterionOutcome.penalty), included in `points`. */
  penalty?: number;
  verdict: Verdict;
  evidence: Evidence[];
  feedback: Bilingual;
  params: Record<string, unknown>;
  details?: Record<string, number | string | boolean>;
}

export interface FailedGate {
  id: string;
  criterion: string;
  title: Bilingual;
  reason: Bilingual;
  evidence: Evidence[];
}

export interface SectionResult {
  id: string;
  title: Bilingual;
  examUnit?: string;
  /** The section's weight in the rubric (for 互联网营销师 rubrics: the seed's exam weight, %). */
  weight: number;
  /** Points earned in this section and its share of the 100-point total. */
  points: number;
  max: number;
  /** 0–100 within the section. */
  score: number;
  assessed: boolean;
}

export interface CompetencyResult {
  clause: string;
  label: string;
  text: string;
  points: number;
  max: number;
  /** 0–100, or null when no criterion could observe it in this run. */
  percent: number | null;
  passed: boolean | null;
  criteria: string[];
}

export interface Improvement {
  criterion: string;
  zh: string;
  en: string;
}

export interface ExamUnitResult {
  unit: string;
  title: Bilingual;
  /** The unit's weight in the full exam (%), from the seed. */
  weight: number;
  /** Score within the unit, 0–100. */
  score: number;
  /** Points this run contributes to a full 100-point exam: score × weight / 100. */
  examPoints: number;
}

export interface ScoreReport {
  format: 'livesim/score@1';
  rubric: { id: string; version: string; title: Bilingual };
  scenario: string;
  /** 0–100, one decimal. */
  total: number;
  passMark: number;
  /** total ≥ passMark and no gate failed. */
  passed: boolean;
  /** The pass line and the failed gates in one sentence (verdictSentence). */
  verdict: Bilingual;
  failedGates: FailedGate[];
  sections: SectionResult[];
  criteria: CriterionResult[];
  competencies: CompetencyResult[];
  improvements: Improvement[];
  /**
   * The review quiz (复盘, the rubric's `when: quiz` sections) on its own line, out of 100;
   * null when the rubric has none. Never part of `total`, `sections` or `criteria`.
   */
  review: ReviewResult | null;
  exam?: { source: string; units: ExamUnitResult[] };
}

export interface ReviewResult {
  section: string;
  title: Bilingual;
  examUnit?: string;
  /** The section's weight in the rubric (its exam weight for 互联网营销师 rubrics). */
  weight: number;
  /** true once the quiz was submitted. */
  assessed: boolean;
  /** Share of the questions answered right, 0–100 (one decimal); null before the quiz is taken. */
  score: number | null;
  /** The quiz's criteria, points out of 100. */
  criteria: CriterionResult[];
}
