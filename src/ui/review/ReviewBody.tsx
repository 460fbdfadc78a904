/**
 * The review (复盘) of one run, re-simulated from its scenario, seed and actions: the score
 * report with evidence linked to the replay, the charts with markers, the funnel, the
 * per-product table and the review quiz. Used by the end screen and the review screen.
 *
 * The score shown is the live grade frozen in the history (its stored report), and the quiz is
 * the history's locked submission, so this screen, the history list and the compare screen show
 * the same numbers. Without a stored run (the history could not be written) the report is scored
 * here and the quiz is locked in this page only.
 *
 * A run graded elsewhere (`storage: 'external'`: a class exam, the teacher's report of the hub's
 * record) shows the grade report it is given, never one scored here, and the student's quiz
 * read-only. Its re-simulation is checked against the graded run's digest: when they differ the
 * page says so and offers no replay (it would not be the run that was graded).
 */
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../engine';
import { gradeQuiz } from '../../scoring';
import type { ScoreReport } from '../../scoring/types';
import { ScoreReportView, ScoreSlot } from '../screens/ScoreSlot';
import type { QuizRecord, RunRecord } from '../storage/db';
import { getReport, getRun, QuizLockedError, submitQuiz } from '../storage/history';
import { resimulate, seriesCsv, timeSeries, type ResimOptions } from './analysis';
import { downloadText, printReport } from '../download';
import { FunnelView } from './Funnel';
import { openReplay, type RunRef } from './nav';
import { ProductTable } from './ProductTable';
import { Quiz } from './Quiz';
import './review.css';

const ReviewCharts = lazy(() => import('../screens/ReviewCharts'));

/** A grade computed elsewhere (the exam hub's), with how that run was simulated. This app's engine re-simulates it, as the replay does. */
export interface ExternalGrade extends ResimOptions {
  /** The grade report to show (null: not graded yet; nothing is scored here). */
  report: ScoreReport | null;
  /** The graded run's digest: the re-simulation here must end with the same one. */
  digest?: string;
  /** The student's quiz answers, shown read-only and marked against this re-simulation (absent: not submitted). */
  quizAnswers?: Record<string, string>;
}

interface ReviewBodyBase {
  scenario: Scenario;
  run: RunRef;
  /** Re-simulate up to here (a run stopped midway); default: the end. */
  untilMs?: number;
  /**
   * Where the run is kept: `saving` until the end screen has archived it (then `run.id` is its
   * record), `saved` for a run in the history, `unsaved` when the history could not be written.
   */
  storage: 'saving' | 'saved' | 'unsaved';
  /** Shown right after the score report. */
  children?: ReactNode;
  /** More buttons for the tool row (after print and CSV). */
  tools?: ReactNode;
}

export type ReviewBodyProps = (ReviewBodyBase & { external?: undefined }) | (Omit<ReviewBodyBase, 'storage'> & { storage: 'external'; external: ExternalGrade });

interface Stored {
  rec: RunRecord;
  report?: ScoreReport;
}

export function ReviewBody({ scenario, run, untilMs, storage, external, children, tools }: ReviewBodyProps) {
  const { t } = useTranslation();
  const timeLimitMs = external?.timeLimitMs;
  const { sim, funnel } = useMemo(() => resimulate(scenario, run.seed, run.actions, untilMs, { timeLimitMs }), [scenario, run.seed, run.actions, untilMs, timeLimitMs]);
  const digest = useMemo(() => (sim.finished ? sim.digest() : undefined), [sim]);
  const [stored, setStored] = useState<Stored | null>(null);
  const [localQuiz, setLocalQuiz] = useState<QuizRecord | undefined>(undefined);
  const id = storage === 'saved' ? run.id : undefined;
  useEffect(() => {
    if (!id) return;
    let cancelled = false;
    void Promise.all([getRun(id), getReport(id)]).then(([rec, report]) => {
      if (!cancelled && rec) setStored({ rec, ...(report ? { report } : {}) });
    });
    return () => {
      cancelled = true;
    };
  }, [id]);
  // A quiz locked in the page while the history could not be written goes to the history once the
  // run is saved there (the end screen keeps retrying); a quiz already stored there wins.
  useEffect(() => {
    if (!id || !stored || stored.rec.quiz || !localQuiz) return;
    let cancelled = false;
    submitQuiz(id, localQuiz.answers, scenario)
      .catch(() => undefined)
      .then(() => getRun(id))
      .then((rec) => {
        if (!cancelled && rec) setStored((s) => (s ? { ...s, rec } : s));
      });
    return () => {
      cancelled = true;
    };
  }, [id, stored, localQuiz, scenario]);
  // A run graded elsewhere whose re-simulation is not the graded one: no replay of it.
  const mismatch = external?.digest !== undefined && digest !== external.digest;
  const toMoment = mismatch ? undefined : (t0: number, event?: number) => openReplay(run, t0, event);
  const csvName = `livesim-${scenario.meta.id}-seed${run.seed}-per-minute.csv`;
  const loading = storage === 'saving' || (storage === 'saved' && !stored);
  const stopped = stored ? stored.rec.status === 'stopped' : untilMs !== undefined && untilMs < sim.durationMs;
  const frozen: ScoreReport | 'pending' | undefined = loading ? 'pending' : stored?.report;
  const quizAnswers = external?.quizAnswers;
  const externalQuiz = useMemo<QuizRecord | undefined>(() => {
    if (!quizAnswers) return undefined;
    const g = gradeQuiz(scenario, sim.log, quizAnswers);
    return { answers: quizAnswers, submittedAt: 0, result: { questions: g.questions, correct: g.correct, score: g.score, blank: g.blank } };
  }, [quizAnswers, scenario, sim]);
  const quiz = external ? externalQuiz : storage === 'unsaved' ? localQuiz : (stored?.rec.quiz ?? (storage === 'saved' ? localQuiz : undefined));

  const onSubmit = async (answers: Record<string, string>) => {
    if (external) return; // read-only
    if (storage === 'unsaved') {
      // Nowhere to store it: locked in this page.
      if (localQuiz) return;
      const g = gradeQuiz(scenario, sim.log, answers);
      setLocalQuiz({ answers, submittedAt: Date.now(), result: { questions: g.questions, correct: g.correct, score: g.score, blank: g.blank } });
      return;
    }
    if (!id) throw new Error(t('quiz.waiting'));
    try {
      const q = await submitQuiz(id, answers, scenario);
      setStored((s) => (s ? { ...s, rec: { ...s.rec, quiz: q } } : s));
    } catch (e) {
      if (!(e instanceof QuizLockedError)) throw e;
      // Submitted elsewhere (another tab): show what was stored.
      const rec = await getRun(id);
      if (rec) setStored((s) => (s ? { ...s, rec } : s));
    }
  };

  return (
    <div className="review-body" data-testid="review-body" data-digest={digest} data-digest-match={external?.digest !== undefined ? String(!mismatch) : undefined}>
      {mismatch && (
        <p className="note review-mismatch" role="alert" data-testid="digest-mismatch">
          {t('review.digestMismatch', { here: digest ? digest.slice(0, 12) : '—', graded: external.digest!.slice(0, 12) })}
        </p>
      )}
      <div className="btn-row no-print review-tools">
        {toMoment && (
          <button type="button" className="btn btn--small" onClick={() => toMoment(0)} data-testid="open-replay">
            {t('review.replayFromStart')}
          </button>
        )}
        <button type="button" className="btn btn--small" onClick={printReport} data-testid="print-report">
          {t('review.print')}
        </button>
        <button type="button" className="btn btn--small" onClick={() => downloadText(csvName, seriesCsv(timeSeries(sim.log, sim.now)), 'text/csv;charset=utf-8')} data-testid="download-csv">
          {t('review.csv')}
        </button>
        {tools}
      </div>
      {external ? (
        external.report && <ScoreReportView report={external.report} quiz={quiz} onEvidence={toMoment} />
      ) : (
        <ScoreSlot scenario={scenario} log={sim.log} frozen={frozen} provisional={stopped} quiz={quiz} onEvidence={toMoment} />
      )}
      {children}
      <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
        <ReviewCharts log={sim.log} endMs={sim.now} onMoment={toMoment} />
      </Suspense>
      <div className="review-grid">
        <FunnelView funnel={funnel} />
        <ProductTable scenario={scenario} metrics={sim.metrics()} />
      </div>
      {external && !quiz ? (
        <p className="muted small" data-testid="quiz-not-submitted">
          {t('quiz.notSubmitted')}
        </p>
      ) : (
        <Quiz key={quiz ? 'locked' : 'open'} scenario={scenario} log={sim.log} submitted={quiz} onSubmit={onSubmit} waiting={loading} />
      )}
    </div>
  );
}
