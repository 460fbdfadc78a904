/**
 * The student's screens of a class exam (`?join=CODE`, `?page=exam`): join, briefing, the live
 * room under the always-visible exam banner, and the submission with the review quiz. A template
 * exam's parts come one after the other: each part's briefing lists them all, its banner says which
 * it is, and after each part the next one is a step away. The live
 * room is the ordinary one (screens/Live.tsx) under the exam policy; exam.ts drives the session.
 * Its own chunk: a practice run never loads it.
 */
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Sim } from '../../../engine';
import { LIMITS, type AttemptPart } from '../../../hub/protocol';
import { AppHeader } from '../../AppHeader';
import { clock, pick } from '../../format';
import { params } from '../../params';
import { funnelFromLog } from '../../review/analysis';
import { FunnelView } from '../../review/Funnel';
import { ProductTable } from '../../review/ProductTable';
import { Quiz } from '../../review/Quiz';
import { BriefingBody } from '../../screens/Briefing';
import { LiveScreen } from '../../screens/lazy';
import { useSession } from '../../store/session';
import '../../review/review.css';
import './parts.css';
import { bootExam, examRunSim, hubNow, join, nextPart, OVER, reload, startExam, submitQuiz, useExam } from './exam';

const ReviewCharts = lazy(() => import('../../screens/ReviewCharts'));

export default function ExamApp() {
  const { t, i18n } = useTranslation();
  const phase = useExam((s) => s.phase);
  const runKey = useSession((s) => s.runKey);
  useEffect(() => {
    void bootExam(params.exam?.code ?? null);
  }, []);
  useEffect(() => {
    if (phase === 'briefing') LiveScreen.preload();
  }, [phase]);

  if (phase === 'live') {
    return (
      <div className="app app--live app--exam" lang={i18n.language}>
        <ExamBanner />
        <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
          <LiveScreen key={runKey} />
        </Suspense>
      </div>
    );
  }
  return (
    <div className="app app--exam" lang={i18n.language}>
      <AppHeader title={t('app.name')} tagline={t('exam.tagline')} testId="app-title" />
      {phase !== 'join' && phase !== 'boot' && <ExamBanner />}
      <main className="app-main">
        {phase === 'boot' && <p className="loading">{t('common.loading')}</p>}
        {phase === 'join' && <JoinScreen />}
        {(phase === 'briefing' || phase === 'starting') && <ExamBriefing />}
        {phase === 'done' && <Submitted />}
        {phase === 'error' && <ExamError />}
      </main>
    </div>
  );
}

/** Re-render every `ms`. */
function useTick(ms: number): void {
  const [, set] = useState(0);
  useEffect(() => {
    const id = setInterval(() => set((n) => n + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
}

// ------------------------------------------------------------------ banner

export function ExamBanner() {
  const { t, i18n } = useTranslation();
  const attempt = useExam((s) => s.attempt);
  const phase = useExam((s) => s.phase);
  const sync = useExam((s) => s.sync);
  useTick(250);
  if (!attempt) return null;
  const running = phase === 'live' && attempt.deadline !== null;
  const left = running ? Math.max(0, attempt.deadline! - hubNow()) : phase === 'done' ? 0 : attempt.timeLimitMs;
  const state = sync?.state ?? 'offline';
  const pending = sync?.pending ?? 0;
  return (
    <div className="exam-banner" role="status" data-testid="exam-banner" data-phase={phase}>
      <span className="exam-banner__tag">{t('exam.badge')}</span>
      <strong className="exam-banner__title" data-testid="exam-title">
        {attempt.examTitle}
      </strong>
      {attempt.part && (
        <span className="exam-banner__part" data-testid="exam-part" data-part={attempt.part.index} data-count={attempt.part.parts.length}>
          {t('exam.part', { index: attempt.part.index, count: attempt.part.parts.length, unit: attempt.part.unit, title: pick(attempt.part.title, i18n.language) })}
        </span>
      )}
      <span className="exam-banner__who" data-testid="exam-student">
        {attempt.name} · {attempt.studentNo} · {attempt.className}
      </span>
      <span className={`exam-banner__clock${running && left < 60_000 ? ' exam-banner__clock--low' : ''}`} data-testid="exam-countdown" data-ms={Math.round(left)} data-running={running}>
        {running ? t('exam.left', { time: clock(left) }) : phase === 'done' ? t('exam.timeOver') : t('exam.limit', { time: clock(left) })}
      </span>
      <span className={`exam-sync exam-sync--${state}`} data-testid="exam-sync" data-state={state} data-pending={pending} data-acked={sync?.acked ?? 0} data-total={sync?.total ?? 0}>
        {state === 'synced' ? t('exam.synced') : state === 'pending' ? t('exam.sending', { count: pending }) : t('exam.offline', { count: pending })}
      </span>
    </div>
  );
}

// ------------------------------------------------------------------ join

function JoinScreen() {
  const { t } = useTranslation();
  const code = useExam((s) => s.code);
  const busy = useExam((s) => s.busy);
  const error = useExam((s) => s.joinError);
  const [form, setForm] = useState({ code, name: '', studentNo: '', className: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) void join(form);
  };
  const field = (key: keyof typeof form, label: string, testId: string, max: number, extra: Record<string, string> = {}) => (
    <label className="field exam-join__field">
      <span>{label}</span>
      <input value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} maxLength={max} required data-testid={testId} {...extra} />
    </label>
  );
  return (
    <section className="screen exam-join" data-testid="exam-join">
      <form className="panel exam-join__form" onSubmit={submit}>
        <h2>{t('exam.joinTitle')}</h2>
        <p className="muted">{t('exam.joinIntro')}</p>
        {field('code', t('exam.code'), 'join-code', 12, { autoCapitalize: 'characters', autoComplete: 'off', spellCheck: 'false', className: 'exam-join__code' })}
        {field('name', t('exam.name'), 'join-name', LIMITS.name, { autoComplete: 'name' })}
        {field('studentNo', t('exam.studentNo'), 'join-student-no', LIMITS.studentNo, { autoComplete: 'off', inputMode: 'text' })}
        {field('className', t('exam.className'), 'join-class', LIMITS.className, { autoComplete: 'off' })}
        {error && (
          <p className="form-error" role="alert" data-testid="join-error">
            {error}
          </p>
        )}
        <div className="btn-row">
          <button type="submit" className="btn btn--primary btn--big" disabled={busy} data-testid="join-submit">
            {busy ? t('exam.joining') : t('exam.join')}
          </button>
        </div>
        <p className="muted small">{t('exam.joinNote')}</p>
      </form>
    </section>
  );
}

// ------------------------------------------------------------------ briefing

function ExamBriefing() {
  const { t, i18n } = useTranslation();
  const attempt = useExam((s) => s.attempt);
  const scenario = useExam((s) => s.scenario);
  const phase = useExam((s) => s.phase);
  const error = useExam((s) => s.error);
  if (!attempt || !scenario) return null;
  return (
    <section className="screen briefing exam-briefing" data-testid="exam-briefing">
      <header className="briefing__head">
        <h2 data-testid="briefing-title">{attempt.examTitle}</h2>
        <p className="briefing__summary">
          {pick(scenario.meta.title, i18n.language)}
          {scenario.meta.summary ? ` — ${pick(scenario.meta.summary, i18n.language)}` : ''}
        </p>
        <dl className="exam-facts">
          <div>
            <dt>{t('exam.name')}</dt>
            <dd data-testid="exam-briefing-name">{attempt.name}</dd>
          </div>
          <div>
            <dt>{t('exam.studentNo')}</dt>
            <dd data-testid="exam-briefing-student-no">{attempt.studentNo}</dd>
          </div>
          <div>
            <dt>{t('exam.className')}</dt>
            <dd>{attempt.className}</dd>
          </div>
          <div>
            <dt>{t('exam.timeLimit')}</dt>
            <dd data-testid="exam-time-limit" data-ms={attempt.timeLimitMs}>
              {t('form.minutes', { count: Math.round(attempt.timeLimitMs / 60_000) })}
            </dd>
          </div>
        </dl>
        {attempt.part && <PartsOverview part={attempt.part} />}
        <ul className="exam-rules">
          <li>{t('exam.ruleClock')}</li>
          <li>{t('exam.ruleNoPause')}</li>
          <li>{t('exam.ruleRecorded')}</li>
          <li>{t('exam.ruleReload')}</li>
        </ul>
      </header>
      <BriefingBody scenario={scenario}>
        <div className="screen-actions exam-start">
          {error && (
            <p className="form-error" role="alert" data-testid="exam-start-error">
              {error}
            </p>
          )}
          <p className="muted small">{t('exam.startNote', { time: clock(attempt.timeLimitMs) })}</p>
          <button type="button" className="btn btn--primary btn--big" disabled={phase === 'starting'} onClick={() => void startExam()} data-testid="exam-start">
            {t('exam.start')} →
          </button>
        </div>
      </BriefingBody>
    </section>
  );
}

// ------------------------------------------------------------------ after the run

function Submitted() {
  const { t } = useTranslation();
  const attempt = useExam((s) => s.attempt);
  const scenario = useExam((s) => s.scenario);
  const sync = useExam((s) => s.sync);
  const ended = useExam((s) => s.ended);
  const quiz = useExam((s) => s.quiz);
  const [sim, setSim] = useState<Sim | null>(null);
  const [logError, setLogError] = useState<string | null>(null);
  const status = attempt?.status;
  const voided = status === 'voided';
  useEffect(() => {
    if (voided) return;
    let cancelled = false;
    examRunSim().then(
      (l) => !cancelled && setSim(l),
      (e: unknown) => !cancelled && setLogError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [voided]);
  if (!attempt || !scenario) return null;
  const pending = sync?.pending ?? 0;
  const refused = sync?.refused ?? [];
  const closed = sync?.closed ?? null;
  // Over before this page ran it (a reload after the end) or ended by the hub.
  const overOnArrival = ended === null && OVER.includes(attempt.status);
  const why = voided ? 'voided' : ended === 'closed' || status === 'closed' ? 'closed' : ended === 'time' || status === 'timed-out' ? 'time' : 'host';
  return (
    <section className="screen exam-done" data-testid="exam-submitted" data-status={status} data-pending={pending} data-acked={sync?.acked ?? 0} data-total={sync?.total ?? 0} data-over-on-arrival={overOnArrival}>
      <div className="panel exam-done__head">
        <h2>{voided ? t('exam.voided') : t('exam.submitted')}</h2>
        <p className="muted">{t(`exam.ended.${why}`)}</p>
        {pending === 0 ? (
          <p className="exam-done__sync exam-done__sync--ok" data-testid="exam-submitted-sync" data-state="synced">
            ✓ {t('exam.allReceived', { count: sync?.acked ?? 0 })}
          </p>
        ) : closed ? (
          <p className="exam-done__sync exam-done__sync--bad" data-testid="exam-submitted-sync" data-state="refused">
            {t('exam.notTaken', { count: pending, message: closed.message })}
          </p>
        ) : (
          <p className="exam-done__sync exam-done__sync--wait" data-testid="exam-submitted-sync" data-state="pending">
            {t('exam.stillSending', { count: pending })}
          </p>
        )}
        {refused.length > 0 && (
          <ul className="exam-refused small" data-testid="exam-refused">
            {refused.map((r) => (
              <li key={`${r.seq}-${r.code}`}>
                #{r.seq} {r.code}: {r.message}
              </li>
            ))}
          </ul>
        )}
        <p className="muted small">{t('exam.gradeNote')}</p>
        {attempt.part && !voided && <NextPart part={attempt.part} pending={pending > 0 && !closed} />}
      </div>
      {!voided &&
        (sim ? (
          <>
            {/* The run's data, as on the practice review: what the quiz asks the student to read. No score here. */}
            <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
              <ReviewCharts log={sim.log} endMs={sim.now} />
            </Suspense>
            <div className="review-grid">
              <FunnelView funnel={funnelFromLog(sim.log, sim.view().stayed)} />
              <ProductTable scenario={scenario} metrics={sim.metrics()} />
            </div>
            <Quiz scenario={scenario} log={sim.log} submitted={quiz ?? undefined} onSubmit={submitQuiz} />
          </>
        ) : (
          <p className="muted" data-testid="exam-quiz-loading">
            {logError ? t('exam.quizUnavailable', { message: logError }) : t('common.loading')}
          </p>
        ))}
    </section>
  );
}

/** A template exam's parts, in order, with this one marked (the briefing). */
function PartsOverview({ part }: { part: AttemptPart }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="exam-parts" data-testid="exam-parts">
      <p className="small">{t('exam.partsTitle', { count: part.parts.length })}</p>
      <ol className="exam-parts__list">
        {part.parts.map((p) => {
          const state = p.index < part.index ? 'done' : p.index === part.index ? 'now' : 'todo';
          return (
            <li key={p.index} className={`exam-parts__item exam-parts__item--${state}`} data-testid="exam-parts-item" data-state={state}>
              {t('exam.partItem', { unit: p.unit, title: pick(p.title, i18n.language), minutes: p.minutes, weight: p.weight })}
              {state === 'now' && <strong> · {t('exam.partNow')}</strong>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** After a part of a template exam: the next part (once everything reached the hub), or all done. */
function NextPart({ part, pending }: { part: AttemptPart; pending: boolean }) {
  const { t, i18n } = useTranslation();
  const busy = useExam((s) => s.busy);
  const error = useExam((s) => s.nextError);
  const next = part.next === null ? null : part.parts.find((p) => p.index === part.next);
  return (
    <div className="exam-next" data-testid="exam-next-part" data-next={part.next ?? ''}>
      <p>
        <strong>{t('exam.partSubmitted', { index: part.index })}</strong>{' '}
        {next ? t('exam.nextPartLead', { unit: next.unit, title: pick(next.title, i18n.language), minutes: next.minutes }) : <span data-testid="exam-all-done">{t('exam.allDone', { count: part.parts.length })}</span>}
      </p>
      {next && (
        <div className="btn-row">
          <button type="button" className="btn btn--primary btn--big" onClick={() => void nextPart()} disabled={busy || pending} data-testid="exam-next">
            {t('exam.nextPart')} →
          </button>
          {pending && <span className="muted small">{t('exam.nextWaiting')}</span>}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="exam-next-error">
          {error}
        </p>
      )}
    </div>
  );
}

function ExamError() {
  const { t } = useTranslation();
  const error = useExam((s) => s.error);
  const busy = useExam((s) => s.busy);
  return (
    <section className="screen panel exam-error" data-testid="exam-error">
      <h2>{t('exam.errorTitle')}</h2>
      <p className="form-error">{error}</p>
      <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void reload()} data-testid="exam-retry">
        {t('exam.retry')}
      </button>
    </section>
  );
}
