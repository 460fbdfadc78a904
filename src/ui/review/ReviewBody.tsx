/**
 * The review (复盘) of one run, re-simulated from its scenario, seed and actions: the score
 * report with evidence linked to the replay, the charts with markers, the funnel, the
 * per-product table and the review quiz. Used by the end screen and the review screen.
 */
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../engine';
import type { ScoreReport } from '../../scoring/types';
import { ScoreSlot } from '../screens/ScoreSlot';
import { resimulate, seriesCsv, timeSeries } from './analysis';
import { downloadText, printReport } from '../download';
import { FunnelView } from './Funnel';
import { openReplay, type RunRef } from './nav';
import { ProductTable } from './ProductTable';
import { Quiz } from './Quiz';
import './review.css';

const ReviewCharts = lazy(() => import('../screens/ReviewCharts'));

export interface ReviewBodyProps {
  scenario: Scenario;
  run: RunRef;
  /** Re-simulate up to here (a run stopped midway); default: the end. */
  untilMs?: number;
  quizAnswers?: Record<string, string>;
  /** The quiz was answered: the answers and the score with them. */
  onQuiz?: (answers: Record<string, string>, score: { total: number; passed: boolean; rubric: string }) => void;
  /** Shown right after the score report. */
  children?: ReactNode;
}

export function ReviewBody({ scenario, run, untilMs, quizAnswers, onQuiz, children }: ReviewBodyProps) {
  const { t } = useTranslation();
  const { sim, funnel } = useMemo(() => resimulate(scenario, run.seed, run.actions, untilMs), [scenario, run.seed, run.actions, untilMs]);
  const [answers, setAnswers] = useState<Record<string, string> | undefined>(quizAnswers);
  const toMoment = (t0: number, event?: number) => openReplay(run, t0, event);
  const onReport = (r: ScoreReport) => {
    if (answers) onQuiz?.(answers, { total: r.total, passed: r.passed, rubric: r.rubric.id });
  };
  const csvName = `livesim-${scenario.meta.id}-seed${run.seed}-per-minute.csv`;
  return (
    <div className="review-body" data-testid="review-body" data-digest={sim.finished ? sim.digest() : undefined}>
      <div className="btn-row no-print review-tools">
        <button type="button" className="btn btn--small" onClick={() => toMoment(0)} data-testid="open-replay">
          {t('review.replayFromStart')}
        </button>
        <button type="button" className="btn btn--small" onClick={printReport} data-testid="print-report">
          {t('review.print')}
        </button>
        <button type="button" className="btn btn--small" onClick={() => downloadText(csvName, seriesCsv(timeSeries(sim.log, sim.now)), 'text/csv;charset=utf-8')} data-testid="download-csv">
          {t('review.csv')}
        </button>
      </div>
      <ScoreSlot scenario={scenario} log={sim.log} quizAnswers={answers} onEvidence={toMoment} onReport={onReport} />
      {children}
      <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
        <ReviewCharts log={sim.log} endMs={sim.now} onMoment={toMoment} />
      </Suspense>
      <div className="review-grid">
        <FunnelView funnel={funnel} />
        <ProductTable scenario={scenario} metrics={sim.metrics()} />
      </div>
      <Quiz scenario={scenario} log={sim.log} answers={answers} onSubmit={setAnswers} />
    </div>
  );
}
