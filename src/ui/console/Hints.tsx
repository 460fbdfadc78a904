import { useTranslation } from 'react-i18next';
import { setCommentFilter } from '../store/console';
import { useLive } from '../store/live';
import { Icon } from '../Icon';

/** Practice hints: what a coach would whisper. Off in exam mode. */
export function HintsBar() {
  const { t } = useTranslation();
  const hints = useLive((s) => s.hints);
  if (hints.length === 0) return null;
  return (
    <ul className="hints" data-testid="hints" aria-live="polite">
      {hints.map((h) => (
        <li key={h.kind} className={`hint hint--${h.kind}`} data-hint={h.kind}>
          <Icon name="bulb" /> {t(`hint.${h.kind}`, { count: h.count ?? 0, seconds: h.seconds ?? 0 })}
          {h.kind === 'unanswered' && (
            <button type="button" className="link-btn" onClick={() => setCommentFilter('questions')}>
              {t('hint.showQuestions')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
