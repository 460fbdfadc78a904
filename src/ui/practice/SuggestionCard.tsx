/**
 * One suggestion of what to practise (progress.ts): why, what, how long, and a button that
 * starts it — a scenario room (its briefing) or a micro-drill.
 */
import { useTranslation } from 'react-i18next';
import { drillMeta } from '../../drills/catalog';
import { skillById } from '../../scoring/skills';
import { formatDuration, pick } from '../format';
import { pickScenario, startDrill } from '../store/session';
import type { Suggestion } from './progress';

export function suggestionWhy(s: Suggestion, t: (k: string, o?: Record<string, unknown>) => string, lang: string): string {
  if (s.kind === 'start') return t('picker.next.start');
  if (s.kind === 'new-room') return t('picker.next.newRoom');
  const skill = skillById(s.skill);
  const o = { skill: skill ? pick(skill.title, lang) : s.skill, level: Math.round(s.level) };
  if (s.kind === 'micro') return t('picker.next.weakMicro', o);
  return t(s.drill ? 'picker.next.weakDrill' : 'picker.next.weakAgain', o);
}

export function suggestionTitle(s: Suggestion, lang: string): { title: string; minutes: string } {
  if (s.kind === 'micro') {
    const m = drillMeta(s.micro.id);
    return { title: m ? pick(m.title, lang) : s.micro.id, minutes: formatDuration(s.micro.minutes * 60) };
  }
  return { title: pick(s.room.title, lang), minutes: formatDuration(s.room.durationSec) };
}

export const suggestionTarget = (s: Suggestion): string => (s.kind === 'micro' ? `drill:${s.micro.id}` : s.room.id);

export function startSuggestion(s: Suggestion): void {
  if (s.kind === 'micro') startDrill(s.micro.id);
  else void pickScenario(s.room.id);
}

/** 下一步练什么: the suggestion, with why, and a button that starts it. */
export function NextCard({ s }: { s: Suggestion }) {
  const { t, i18n } = useTranslation();
  const { title, minutes } = suggestionTitle(s, i18n.language);
  return (
    <aside className="panel picker-next" data-testid="next-suggestion" data-kind={s.kind} data-skill={s.kind === 'skill' || s.kind === 'micro' ? s.skill : undefined} data-room={suggestionTarget(s)}>
      <div>
        <p className="picker-next__label">{t('picker.next.label')}</p>
        <p className="picker-next__why" data-testid="next-why">
          {suggestionWhy(s, t, i18n.language)}
        </p>
        <p className="picker-next__room">
          <strong>{title}</strong> <span className="muted small">· {minutes}</span>
        </p>
      </div>
      <button type="button" className="btn btn--primary" data-testid="next-start" onClick={() => startSuggestion(s)}>
        {t('picker.next.go')}
      </button>
    </aside>
  );
}
