import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimEvent } from '../../engine';
import type { Scenario } from '../../engine';
import { checkQuizAnswer, reviewQuiz, type QuizCheck } from '../../scoring';
import { pick } from '../format';

/**
 * The review quiz (复盘): questions computed from the run's log (src/scoring/quiz.ts). Answers
 * are checked with each question's tolerance; submitting them marks the review section of the
 * score report.
 */
/** checkQuizAnswer's feedback for an answer it cannot read, without that opening (used for blank answers). */
const unreadable = (s: string) => s.replace(/^没有看懂这个答案。|^That answer could not be read\. /, '');

export function Quiz({ scenario, log, answers, onSubmit }: { scenario: Scenario; log: readonly SimEvent[]; answers?: Record<string, string>; onSubmit: (answers: Record<string, string>) => void }) {
  const { t, i18n } = useTranslation();
  const questions = useMemo(() => reviewQuiz(scenario, log), [scenario, log]);
  const [draft, setDraft] = useState<Record<string, string>>(answers ?? {});
  const checks = useMemo(() => {
    if (!answers) return null;
    const m = new Map<string, QuizCheck>();
    for (const q of questions) m.set(q.id, checkQuizAnswer(q, answers[q.id] ?? ''));
    return m;
  }, [answers, questions]);
  const correct = checks ? [...checks.values()].filter((c) => c.correct).length : 0;
  return (
    <section className="panel quiz" data-testid="quiz">
      <h3>{t('quiz.title')}</h3>
      <p className="muted small">{t('quiz.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit({ ...draft });
        }}
      >
        <ol className="quiz__list">
          {questions.map((q) => {
            const c = checks?.get(q.id);
            return (
              <li key={q.id} className="quiz__q" data-testid="quiz-question" data-question={q.id} data-correct={c ? String(c.correct) : undefined}>
                <label>
                  <span>{pick(q.prompt, i18n.language)}</span>
                  {q.kind === 'choice' ? (
                    <select value={draft[q.id] ?? ''} onChange={(e) => setDraft({ ...draft, [q.id]: e.target.value })} data-testid="quiz-input">
                      <option value="">{t('quiz.choose')}</option>
                      {q.choices?.map((ch) => (
                        <option key={ch.id} value={ch.id}>
                          {pick(ch.label, i18n.language)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="quiz__field">
                      <input type="text" inputMode={q.kind === 'time' ? 'text' : 'decimal'} value={draft[q.id] ?? ''} onChange={(e) => setDraft({ ...draft, [q.id]: e.target.value })} data-testid="quiz-input" placeholder={q.kind === 'time' ? 'm:ss' : ''} />
                      <span className="muted small">{pick(q.unit, i18n.language)}</span>
                    </span>
                  )}
                </label>
                {c && (
                  <p className={c.correct ? 'quiz__fb quiz__fb--ok small' : 'quiz__fb quiz__fb--bad small'} data-testid="quiz-feedback">
                    {c.correct ? '✓ ' : '✗ '}
                    {c.given === null && !(answers?.[q.id] ?? '').trim() ? `${t('quiz.unanswered')} ${unreadable(pick(c.feedback, i18n.language))}` : pick(c.feedback, i18n.language)}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
        <div className="btn-row">
          <button type="submit" className="btn btn--primary" data-testid="quiz-submit">
            {t('quiz.submit')}
          </button>
          {checks && (
            <span data-testid="quiz-result">{t('quiz.result', { correct, total: questions.length })}</span>
          )}
        </div>
      </form>
    </section>
  );
}
