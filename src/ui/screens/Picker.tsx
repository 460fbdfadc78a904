import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatIssue, pick } from '../format';
import { loadShippedScenarios, type ScenarioEntry } from '../scenarios';
import { pickScenario } from '../store/session';

type DurationBand = 'all' | 'short' | 'medium' | 'long';
const bandOf = (sec: number): DurationBand => (sec <= 10 * 60 ? 'short' : sec <= 30 * 60 ? 'medium' : 'long');

/** Scenario picker: every shipped scenario with its validation verdict, filtered by level, duration and tag. */
export default function PickerScreen() {
  const { t } = useTranslation();
  const scenarios = useMemo(() => loadShippedScenarios(), []);
  const [level, setLevel] = useState('all');
  const [band, setBand] = useState<DurationBand>('all');
  const [tag, setTag] = useState<string | null>(null);

  const levels = useMemo(() => [...new Set(scenarios.flatMap((e) => (e.result.ok ? [e.result.summary.level] : [])))], [scenarios]);
  const tags = useMemo(() => [...new Set(scenarios.flatMap((e) => (e.result.ok ? e.result.summary.tags : [])))], [scenarios]);

  if (scenarios.length === 0) {
    return (
      <section className="empty-state" data-testid="empty-state">
        <h2>{t('list.empty.title')}</h2>
        <p>{t('list.empty.body')}</p>
      </section>
    );
  }

  const shown = scenarios.filter((e) => {
    if (!e.result.ok) return level === 'all' && band === 'all' && tag === null;
    const m = e.result.summary;
    return (level === 'all' || m.level === level) && (band === 'all' || bandOf(m.durationSec) === band) && (tag === null || m.tags.includes(tag));
  });
  const valid = scenarios.filter((s) => s.result.ok).length;

  return (
    <section aria-labelledby="scenario-list-heading">
      <div className="list-heading">
        <h2 id="scenario-list-heading">{t('list.heading')}</h2>
        <p className="list-summary" data-testid="list-summary">
          {t('list.summary', { count: scenarios.length, valid })}
        </p>
      </div>
      <div className="filters" data-testid="scenario-filters">
        <label>
          <span>{t('list.filter.level')}</span>
          <select value={level} onChange={(e) => setLevel(e.target.value)} data-testid="filter-level">
            <option value="all">{t('list.filter.all')}</option>
            {levels.map((l) => (
              <option key={l} value={l}>
                {t(`level.${l}`, { defaultValue: l })}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('list.filter.duration')}</span>
          <select value={band} onChange={(e) => setBand(e.target.value as DurationBand)} data-testid="filter-duration">
            {(['all', 'short', 'medium', 'long'] as const).map((b) => (
              <option key={b} value={b}>
                {t(`list.filter.band.${b}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="filters__tags" role="group" aria-label={t('card.tags')}>
          <button type="button" className={tag === null ? 'chip chip--on' : 'chip'} onClick={() => setTag(null)}>
            {t('list.filter.all')}
          </button>
          {tags.map((x) => (
            <button type="button" key={x} className={tag === x ? 'chip chip--on' : 'chip'} onClick={() => setTag(tag === x ? null : x)}>
              {x}
            </button>
          ))}
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="muted" data-testid="filter-empty">
          {t('list.filter.none')}
        </p>
      ) : (
        <ul className="scenario-grid" data-testid="scenario-list">
          {shown.map((entry) => (
            <li key={entry.file}>
              <ScenarioCard entry={entry} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ScenarioCard({ entry }: { entry: ScenarioEntry }) {
  const { t, i18n } = useTranslation();
  const { result } = entry;

  if (!result.ok) {
    return (
      <article className="scenario-card scenario-card--invalid" data-testid="scenario-card" data-file={entry.file}>
        <header className="scenario-card__header">
          <h3 className="scenario-card__title" title={entry.file}>
            <code>{entry.file.split('/').pop()}</code>
          </h3>
          <span className="badge badge--invalid" data-testid="validation-badge" data-valid="false">
            {t('card.invalid')}
          </span>
        </header>
        <p className="scenario-card__errors-heading">{t('card.errorsHeading', { count: result.errors.length })}</p>
        <ul className="scenario-card__errors" data-testid="validation-errors">
          {result.errors.map((issue, i) => (
            <li key={i} title={issue.path || undefined}>
              <code>{formatIssue(issue)}</code>
            </li>
          ))}
        </ul>
      </article>
    );
  }

  const meta = result.summary;
  const title = pick(meta.title, i18n.language) || t('card.untitled');

  return (
    <article className="scenario-card" data-testid="scenario-card" data-file={entry.file} data-scenario-id={meta.id}>
      <header className="scenario-card__header">
        <h3 className="scenario-card__title">{title}</h3>
        <span className="badge badge--valid" data-testid="validation-badge" data-valid="true" title={result.hash}>
          {t('card.valid')}
        </span>
      </header>
      {meta.summary && <p className="scenario-card__summary">{pick(meta.summary, i18n.language)}</p>}
      <dl className="scenario-card__facts">
        <div>
          <dt>{t('card.level')}</dt>
          <dd>{t(`level.${meta.level}`, { defaultValue: meta.level })}</dd>
        </div>
        <div>
          <dt>{t('card.duration')}</dt>
          <dd>{formatDuration(meta.durationSec)}</dd>
        </div>
        <div>
          <dt>{t('card.mode')}</dt>
          <dd>{t(`mode.${meta.mode}`, { defaultValue: meta.mode })}</dd>
        </div>
        <div>
          <dt>{t('card.seat')}</dt>
          <dd>{t(`seat.${meta.seat}`)}</dd>
        </div>
        <div>
          <dt>{t('card.products')}</dt>
          <dd>{t('card.productCount', { count: meta.products })}</dd>
        </div>
        <div>
          <dt>{t('card.id')}</dt>
          <dd>
            <code>{meta.id}</code>
          </dd>
        </div>
      </dl>
      <div className="scenario-card__tags" aria-label={t('card.tags')}>
        <span className="scenario-card__tags-label">{t('card.tags')}</span>
        {meta.tags.length === 0 ? (
          <span className="tag tag--none">{t('card.noTags')}</span>
        ) : (
          meta.tags.map((tag) => (
            <span className="tag" key={tag}>
              {tag}
            </span>
          ))
        )}
      </div>
      <div className="scenario-card__actions">
        <button type="button" className="btn btn--primary" data-testid="scenario-start" onClick={() => void pickScenario(meta.id)}>
          {t('card.start')}
        </button>
      </div>
    </article>
  );
}
