import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tagLabel } from '../tags';
import { DURATION_CLASSES, type DurationClass } from '../../engine';
import { formatDuration, formatIssue, pick } from '../format';
import { loadShippedScenarios, type ScenarioEntry, type ScenarioSummary } from '../scenarios';
import { goto, pickScenario } from '../store/session';

interface Filters {
  level: string;
  duration: DurationClass | 'all';
  seat: string;
  category: string;
  language: string;
  tag: string | null;
}
/** Tags shown before "more tags". */
const TAGS_SHOWN = 16;
const NO_FILTER: Filters = { level: 'all', duration: 'all', seat: 'all', category: 'all', language: 'all', tag: null };

const matches = (m: ScenarioSummary, f: Filters): boolean =>
  (f.level === 'all' || m.level === f.level) &&
  (f.duration === 'all' || m.duration === f.duration) &&
  (f.seat === 'all' || m.seat === f.seat) &&
  (f.category === 'all' || m.category.zh === f.category) &&
  (f.language === 'all' || m.language === f.language) &&
  (f.tag === null || m.tags.includes(f.tag) || (m.incidents as string[]).includes(f.tag));

/**
 * Scenario picker: every shipped scenario with its validation verdict and its index tags
 * (src/engine/scenario/catalog.ts), filtered by level, duration, seat, category, language
 * and tag or incident.
 */
export default function PickerScreen() {
  const { t, i18n } = useTranslation();
  const scenarios = useMemo(() => loadShippedScenarios(), []);
  const [f, setF] = useState<Filters>(NO_FILTER);
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setF((old) => ({ ...old, [k]: v }));

  const valid = useMemo(() => scenarios.flatMap((e) => (e.result.ok ? [e.result.summary] : [])), [scenarios]);
  const uniq = <T,>(xs: T[]) => [...new Set(xs)];
  const levels = useMemo(() => uniq(valid.map((m) => m.level)), [valid]);
  const durations = useMemo(() => DURATION_CLASSES.filter((d) => valid.some((m) => m.duration === d)), [valid]);
  const seats = useMemo(() => uniq(valid.map((m) => m.seat)), [valid]);
  const languages = useMemo(() => uniq(valid.map((m) => m.language)), [valid]);
  const categories = useMemo(() => {
    const byZh = new Map<string, { zh: string; en: string }>();
    for (const m of valid) if (!byZh.has(m.category.zh)) byZh.set(m.category.zh, m.category);
    return [...byZh.values()];
  }, [valid]);
  const incidentKinds = useMemo(() => uniq(valid.flatMap((m) => m.incidents)), [valid]);
  // Tags by how many scenarios carry them: the common ones first, the long tail behind "more".
  const tags = useMemo(() => {
    const n = new Map<string, number>();
    for (const x of valid.flatMap((m) => m.tags)) n.set(x, (n.get(x) ?? 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1]).map(([x]) => x);
  }, [valid]);
  const [allTags, setAllTags] = useState(false);

  if (scenarios.length === 0) {
    return (
      <section className="empty-state" data-testid="empty-state">
        <h2>{t('list.empty.title')}</h2>
        <p>{t('list.empty.body')}</p>
      </section>
    );
  }

  const filtered = f.level !== 'all' || f.duration !== 'all' || f.seat !== 'all' || f.category !== 'all' || f.language !== 'all' || f.tag !== null;
  const shown = scenarios.filter((e) => (e.result.ok ? matches(e.result.summary, f) : !filtered));
  const chip = (value: string, label: string) => (
    <button type="button" key={value} className={f.tag === value ? 'chip chip--on' : 'chip'} aria-pressed={f.tag === value} onClick={() => set('tag', f.tag === value ? null : value)}>
      {label}
    </button>
  );

  return (
    <section aria-labelledby="scenario-list-heading">
      <div className="list-heading">
        <h2 id="scenario-list-heading">{t('list.heading')}</h2>
        <button type="button" className="btn btn--small btn--ghost" onClick={() => goto('history')} data-testid="open-history">{t('history.open')}</button>
        <a className="btn btn--small btn--ghost" style={{ textDecoration: 'none' }} href="#scriptcheck" data-testid="open-scriptcheck">{t('scriptcheck.open')}</a>
        <p className="list-summary" data-testid="list-summary">
          {t('list.summary', { count: scenarios.length, valid: valid.length })}
          {filtered && <> · {t('library.shown', { count: shown.length })}</>}
        </p>
      </div>
      <div className="filters" data-testid="scenario-filters">
        <label>
          <span>{t('list.filter.level')}</span>
          <select value={f.level} onChange={(e) => set('level', e.target.value)} data-testid="filter-level">
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
          <select value={f.duration} onChange={(e) => set('duration', e.target.value as Filters['duration'])} data-testid="filter-duration">
            <option value="all">{t('list.filter.all')}</option>
            {durations.map((d) => (
              <option key={d} value={d}>
                {t(`library.duration.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('card.seat')}</span>
          <select value={f.seat} onChange={(e) => set('seat', e.target.value)} data-testid="filter-seat">
            <option value="all">{t('list.filter.all')}</option>
            {seats.map((x) => (
              <option key={x} value={x}>
                {t(`seat.${x}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('library.category')}</span>
          <select value={f.category} onChange={(e) => set('category', e.target.value)} data-testid="filter-category">
            <option value="all">{t('list.filter.all')}</option>
            {categories.map((c) => (
              <option key={c.zh} value={c.zh}>
                {pick(c, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        {languages.length > 1 && (
          <label>
            <span>{t('library.language')}</span>
            <select value={f.language} onChange={(e) => set('language', e.target.value)} data-testid="filter-language">
              <option value="all">{t('list.filter.all')}</option>
              {languages.map((x) => (
                <option key={x} value={x}>
                  {t(`library.lang.${x}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="filters__tags" role="group" aria-label={t('library.incidents')} data-testid="filter-incidents">
          <span className="filters__tags-label">{t('library.incidents')}</span>
          {incidentKinds.map((k) => chip(k, t(`incident.kind.${k}`)))}
        </div>
        <div className="filters__tags" role="group" aria-label={t('card.tags')} data-testid="filter-tags">
          <span className="filters__tags-label">{t('card.tags')}</span>
          <button type="button" className={f.tag === null ? 'chip chip--on' : 'chip'} aria-pressed={f.tag === null} onClick={() => set('tag', null)}>
            {t('list.filter.all')}
          </button>
          {(allTags ? tags : tags.slice(0, TAGS_SHOWN).concat(f.tag && tags.indexOf(f.tag) >= TAGS_SHOWN ? [f.tag] : [])).map((x) => chip(x, tagLabel(x, i18n.language)))}
          {tags.length > TAGS_SHOWN && (
            <button type="button" className="chip chip--more" aria-expanded={allTags} data-testid="tags-more" onClick={() => setAllTags(!allTags)}>
              {allTags ? t('library.fewerTags') : t('library.moreTags', { count: tags.length - TAGS_SHOWN })}
            </button>
          )}
        </div>
        {filtered && (
          <button type="button" className="btn" data-testid="filter-reset" onClick={() => setF(NO_FILTER)}>
            {t('library.reset')}
          </button>
        )}
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
    <article
      className="scenario-card"
      data-testid="scenario-card"
      data-file={entry.file}
      data-scenario-id={meta.id}
      data-level={meta.level}
      data-seat={meta.seat}
      data-duration={meta.duration}
      data-language={meta.language}
    >
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
          <dt>{t('library.category')}</dt>
          <dd data-testid="card-category">{pick(meta.category, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('library.language')}</dt>
          <dd data-testid="card-language">
            {t(`library.lang.${meta.language}`)} · {meta.currency}
          </dd>
        </div>
        <div>
          <dt>{t('library.rubric')}</dt>
          <dd>
            <code data-testid="card-rubric">{meta.rubric}</code>
          </dd>
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
      <div className="scenario-card__tags" aria-label={t('library.incidents')} data-testid="card-incidents">
        <span className="scenario-card__tags-label">{t('library.incidents')}</span>
        {meta.incidents.length === 0 ? (
          <span className="tag tag--none">{t('card.noTags')}</span>
        ) : (
          meta.incidents.map((k) => (
            <span className="tag tag--incident" key={k} data-kind={k}>
              {t(`incident.kind.${k}`)}
            </span>
          ))
        )}
      </div>
      <div className="scenario-card__tags" aria-label={t('card.tags')}>
        <span className="scenario-card__tags-label">{t('card.tags')}</span>
        {meta.tags.length === 0 ? (
          <span className="tag tag--none">{t('card.noTags')}</span>
        ) : (
          meta.tags.map((tag) => (
            <span className="tag" key={tag} lang={tagLabel(tag, i18n.language) === tag ? 'zh' : undefined}>
              {tagLabel(tag, i18n.language)}
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
