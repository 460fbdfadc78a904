import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimEvent } from '../../engine';
import type { Scenario } from '../../engine';
import { checkQuizAnswer, reviewQuiz, unanswered, type QuizCheck } from '../../scoring';
import type { QuizRecord } from '../storage/db';
import { pick } from '../format';

/**
 * The review quiz (复盘): questions computed from the run's log (src/scoring/quiz.ts), submitted
 * once. Nothing about the answers is shown before the submission; a blank or partly blank
 * submission is confirmed first (blank answers count wrong); after it the answers, the feedback
 * and the result are shown and the form is locked (the store refuses a second submission too).
 * The quiz is its own line: it never changes the live grade.
 */

/** checkQuizAnswer's feedback for an answer it cannot read, without that opening (used for blank answers). */
const unreadable = (s: string) => s.replace(/^没有看懂这个答案。|^That answer could not be read\. /, '');

export interface QuizProps {
  scenario: Scenario;
  log: readonly SimEvent[];
  /** The locked submission, once there is one. */
  submitted?: QuizRecord;
  /** Submit the answers (once). Rejects when the submission could not be stored; the form stays open then. */
  onSubmit: (answers: Record<string, string>) => Promise<void>;
  /** Submitting is not possible yet (the run is still being saved). */
  waiting?: boolean;
}

export function Quiz({ scenario, log, submitted, onSubmit, waiting }: QuizProps) {
  const { t, i18n } = useTranslation();
  const questions = useMemo(() => reviewQuiz(scenario, log), [scenario, log]);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locked = !!submitted;
  const answers = submitted?.answers ?? draft;
  const checks = useMemo(() => {
    if (!submitted) return null;
    const m = new Map<string, QuizCheck>();
    for (const q of questions) m.set(q.id, checkQuizAnswer(q, submitted.answers[q.id] ?? ''));
    return m;
  }, [submitted, questions]);
  const correct = submitted?.result?.correct ?? (checks ? [...checks.values()].filter((c) => c.correct).length : 0);
  const total = submitted?.result?.questions ?? questions.length;

  const send = async () => {
    setConfirming(null);
    setBusy(true);
    setError(null);
    const all: Record<string, string> = {};
    for (const q of questions) all[q.id] = (draft[q.id] ?? '').trim();
    try {
      await onSubmit(all);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel quiz" data-testid="quiz" data-locked={locked ? 'true' : 'false'}>
      <h3>{t('quiz.title')}</h3>
      <p className="muted small">{t(locked ? 'quiz.introLocked' : 'quiz.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (locked || busy || waiting) return;
          const blank = unanswered(questions, draft);
          if (blank.length > 0) setConfirming(blank);
          else void send();
        }}
      >
        <fieldset disabled={locked} className="quiz__fields">
          <ol className="quiz__list">
            {questions.map((q) => {
              const c = checks?.get(q.id);
              const given = answers[q.id] ?? '';
              return (
                <li key={q.id} className="quiz__q" data-testid="quiz-question" data-question={q.id} data-correct={c ? String(c.correct) : undefined} data-blank={confirming?.includes(q.id) ? 'true' : undefined}>
                  <label>
                    <span>{pick(q.prompt, i18n.language)}</span>
                    {q.kind === 'choice' ? (
                      <select value={given} onChange={(e) => setDraft({ ...draft, [q.id]: e.target.value })} data-testid="quiz-input">
                        <option value="">{t('quiz.choose')}</option>
                        {q.choices?.map((ch) => (
                          <option key={ch.id} value={ch.id}>
                            {pick(ch.label, i18n.language)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="quiz__field">
                        <input type="text" inputMode={q.kind === 'time' ? 'text' : 'decimal'} value={given} readOnly={locked} onChange={(e) => setDraft({ ...draft, [q.id]: e.target.value })} data-testid="quiz-input" placeholder={q.kind === 'time' ? 'm:ss' : ''} />
                        <span className="muted small">{pick(q.unit, i18n.language)}</span>
                      </span>
                    )}
                  </label>
                  {c && (
                    <p className={c.correct ? 'quiz__fb quiz__fb--ok small' : 'quiz__fb quiz__fb--bad small'} data-testid="quiz-feedback">
                      {c.correct ? '✓ ' : '✗ '}
                      {c.given === null && !given.trim() ? `${t('quiz.unanswered')} ${unreadable(pick(c.feedback, i18n.language))}` : pick(c.feedback, i18n.language)}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </fieldset>
        {confirming && !locked && (
          <div className="quiz__confirm note" role="alertdialog" aria-labelledby="quiz-confirm-text" data-testid="quiz-confirm">
            <p id="quiz-confirm-text">{t(confirming.length === questions.length ? 'quiz.confirmBlank' : 'quiz.confirmPartial', { count: confirming.length, total: questions.length })}</p>
            <div className="btn-row">
              <button type="button" className="btn btn--small btn--danger" onClick={() => void send()} data-testid="quiz-confirm-yes">
                {t('quiz.confirmYes')}
              </button>
              <button type="button" className="btn btn--small btn--ghost" onClick={() => setConfirming(null)} data-testid="quiz-confirm-no">
                {t('quiz.confirmNo')}
              </button>
            </div>
          </div>
        )}
        <div className="btn-row">
          {locked ? (
            <p className="quiz__locked" data-testid="quiz-locked">
              🔒 {submitted.submittedAt ? t('quiz.locked', { time: new Date(submitted.submittedAt).toLocaleString(i18n.language.startsWith('en') ? 'en-GB' : 'zh-CN', { dateStyle: 'short', timeStyle: 'short' }) }) : t('quiz.lockedUntimed')}
            </p>
          ) : (
            <>
              <button type="submit" className="btn btn--primary" disabled={busy || waiting || !!confirming} data-testid="quiz-submit">
                {t('quiz.submit')}
              </button>
              <span className="muted small">{t(waiting ? 'quiz.waiting' : 'quiz.once')}</span>
            </>
          )}
          {locked && (
            <span data-testid="quiz-result" data-correct={correct} data-questions={total}>
              {t('quiz.result', { correct, total })}
              {submitted.result ? ` · ${t('quiz.scoreLine', { score: submitted.result.score })}` : ''}
            </span>
          )}
        </div>
        {error && (
          <p className="form-error" role="alert" data-testid="quiz-error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
