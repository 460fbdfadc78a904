/**
 * The scenario picker, by purpose: a "next" suggestion from the student's own history
 * (src/ui/practice/progress.ts: the weakest skill and a room that trains it), then the rooms in
 * three groups: drills by the skill they train, exam rooms by level, and practice rooms. A few
 * filters (seat, length, level, and language when there is more than one). What only teachers and
 * scenario authors need (the scenario id, the rubric, the validation hash, the index tags) sits in
 * each card's technical details; a shipped file that fails validation is listed at the end with
 * its errors.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DURATION_CLASSES, type DurationClass } from '../../engine';
import { drillSkills, skillById, SKILLS, type SkillId } from '../../scoring/skills';
import { DRILL_CATALOG } from '../../drills/catalog';
import { skillLevels, suggestNext } from '../practice/progress';
import { NextCard } from '../practice/SuggestionCard';
import { useGradedRuns } from '../practice/useProgress';
import { tagLabel } from '../tags';
import { formatDuration, formatIssue, pick } from '../format';
import { loadShippedScenarios, type ScenarioEntry, type ScenarioSummary } from '../scenarios';
import { goto, pickScenario } from '../store/session';

interface Filters {
  level: string;
  duration: DurationClass | 'all';
  seat: string;
  language: string;
}
const NO_FILTER: Filters = { level: 'all', duration: 'all', seat: 'all', language: 'all' };
/** Levels in the order a student climbs them. */
const LEVEL_ORDER = ['imkt-l5', 'imkt-l4', 'imkt-l3', 'platform-l5', 'platform-l4', '1x-primary', '1x-intermediate', '1x-advanced'];
const levelRank = (l: string) => (LEVEL_ORDER.includes(l) ? LEVEL_ORDER.indexOf(l) : LEVEL_ORDER.length);

const matches = (m: ScenarioSummary, f: Filters): boolean =>
  (f.level === 'all' || m.level === f.level) && (f.duration === 'all' || m.duration === f.duration) && (f.seat === 'all' || m.seat === f.seat) && (f.language === 'all' || m.language === f.language);

const byLevelThenLength = (a: ScenarioSummary, b: ScenarioSummary) => levelRank(a.level) - levelRank(b.level) || a.durationSec - b.durationSec || (a.id < b.id ? -1 : 1);

/** Rooms grouped by a key, the groups in the order given. */
function groupBy<K extends string>(rooms: readonly ScenarioSummary[], keyOf: (r: ScenarioSummary) => K, order: readonly K[]): [K, ScenarioSummary[]][] {
  const m = new Map<K, ScenarioSummary[]>();
  for (const r of rooms) {
    const k = keyOf(r);
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return [...m].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}

export default function PickerScreen() {
  const { t } = useTranslation();
  const scenarios = useMemo(() => loadShippedScenarios(), []);
  const [f, setF] = useState<Filters>(NO_FILTER);
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setF((old) => ({ ...old, [k]: v }));

  const valid = useMemo(() => scenarios.flatMap((e) => (e.result.ok ? [{ summary: e.result.summary, entry: e }] : [])), [scenarios]);
  const invalid = scenarios.filter((e) => !e.result.ok);
  const summaries = useMemo(() => valid.map((v) => v.summary), [valid]);
  const uniq = <T,>(xs: T[]) => [...new Set(xs)];
  const levels = useMemo(() => uniq(summaries.map((m) => m.level)).sort((a, b) => levelRank(a) - levelRank(b)), [summaries]);
  const durations = useMemo(() => DURATION_CLASSES.filter((d) => summaries.some((m) => m.duration === d)), [summaries]);
  const seats = useMemo(() => uniq(summaries.map((m) => m.seat)), [summaries]);
  const languages = useMemo(() => uniq(summaries.map((m) => m.language)), [summaries]);

  const { runs, drills: done, at } = useGradedRuns();
  const suggestion = useMemo(() => (runs ? suggestNext(skillLevels(runs, at, done), runs, summaries, at, { micro: DRILL_CATALOG, drills: done }) : null), [runs, done, at, summaries]);

  if (scenarios.length === 0) {
    return (
      <section className="empty-state" data-testid="empty-state">
        <h2>{t('list.empty.title')}</h2>
        <p>{t('list.empty.body')}</p>
      </section>
    );
  }

  const filtered = f.level !== 'all' || f.duration !== 'all' || f.seat !== 'all' || f.language !== 'all';
  const shown = summaries.filter((m) => matches(m, f)).sort(byLevelThenLength);
  const entryOf = (id: string) => valid.find((v) => v.summary.id === id)!.entry;
  const cards = (rooms: readonly ScenarioSummary[]) => (
    <ul className="scenario-grid" data-testid="scenario-grid">
      {rooms.map((m) => (
        <li key={m.id}>
          <ScenarioCard entry={entryOf(m.id)} />
        </li>
      ))}
    </ul>
  );
  const drills = shown.filter((m) => m.mode === 'drill');
  const skillOrder = SKILLS.map((s) => s.id);
  const drillGroups = groupBy(drills, (m) => drillSkills(m)[0] ?? ('other' as SkillId), skillOrder);
  const exams = groupBy(
    shown.filter((m) => m.mode === 'exam'),
    (m) => m.level,
    LEVEL_ORDER,
  );
  const practice = shown.filter((m) => m.mode === 'practice');

  return (
    <section aria-labelledby="scenario-list-heading">
      <div className="list-heading">
        <h2 id="scenario-list-heading">{t('list.heading')}</h2>
        <button type="button" className="btn btn--small btn--ghost" onClick={() => goto('skills')} data-testid="open-skills">
          {t('skills.open')}
        </button>
        <button type="button" className="btn btn--small btn--ghost" onClick={() => goto('history')} data-testid="open-history">
          {t('history.open')}
        </button>
        <a className="btn btn--small btn--ghost" style={{ textDecoration: 'none' }} href="#scriptcheck" data-testid="open-scriptcheck">
          {t('scriptcheck.open')}
        </a>
        <p className="list-summary" data-testid="list-summary">
          {invalid.length > 0 ? t('list.summary', { count: scenarios.length, valid: valid.length }) : t('list.count', { count: scenarios.length })}
          {filtered && <> · {t('library.shown', { count: shown.length })}</>}
        </p>
      </div>
      {suggestion && <NextCard s={suggestion} />}
      <div className="filters" data-testid="scenario-filters">
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
        {filtered && (
          <button type="button" className="btn btn--small" data-testid="filter-reset" onClick={() => setF(NO_FILTER)}>
            {t('library.reset')}
          </button>
        )}
      </div>
      {shown.length === 0 && (
        <p className="muted" data-testid="filter-empty">
          {t('list.filter.none')}
        </p>
      )}
      <div className="picker-groups" data-testid="scenario-list">
        {drills.length > 0 && (
          <Group id="drills" title={t('picker.group.drills')} intro={t('picker.group.drillsIntro')}>
            {drillGroups.map(([skill, rooms]) => (
              <Subgroup key={skill} id={skill} title={<SkillTitle id={skill} />}>
                {cards(rooms)}
              </Subgroup>
            ))}
          </Group>
        )}
        {exams.length > 0 && (
          <Group id="exams" title={t('picker.group.exams')} intro={t('picker.group.examsIntro')}>
            {exams.map(([level, rooms]) => (
              <Subgroup key={level} id={level} title={t(`level.${level}`, { defaultValue: level })}>
                {cards(rooms)}
              </Subgroup>
            ))}
          </Group>
        )}
        {practice.length > 0 && (
          <Group id="practice" title={t('picker.group.practice')} intro={t('picker.group.practiceIntro')}>
            {cards(practice)}
          </Group>
        )}
        {invalid.length > 0 && !filtered && (
          <Group id="invalid" title={t('picker.group.invalid')} intro={t('picker.group.invalidIntro')}>
            <ul className="scenario-grid">
              {invalid.map((e) => (
                <li key={e.file}>
                  <ScenarioCard entry={e} />
                </li>
              ))}
            </ul>
          </Group>
        )}
      </div>
    </section>
  );
}

function Group({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <section className="picker-group" data-testid="picker-group" data-group={id} aria-labelledby={`group-${id}`}>
      <h3 id={`group-${id}`} className="picker-group__title">
        {title}
      </h3>
      <p className="picker-group__intro muted small">{intro}</p>
      {children}
    </section>
  );
}

function Subgroup({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <div className="picker-subgroup" data-testid="picker-subgroup" data-subgroup={id}>
      <h4 className="picker-subgroup__title">{title}</h4>
      {children}
    </div>
  );
}

function SkillTitle({ id }: { id: string }) {
  const { i18n } = useTranslation();
  const skill = skillById(id);
  if (!skill) return <>{id}</>;
  return (
    <>
      {pick(skill.title, i18n.language)} <span className="muted small">· {pick(skill.blurb, i18n.language)}</span>
    </>
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
      data-mode={meta.mode}
    >
      <header className="scenario-card__header">
        <h5 className="scenario-card__title">{title}</h5>
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
          <dt>{t('card.seat')}</dt>
          <dd>{t(`seat.${meta.seat}`)}</dd>
        </div>
        <div>
          <dt>{t('library.category')}</dt>
          <dd data-testid="card-category">{pick(meta.category, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('card.products')}</dt>
          <dd>{t('card.productCount', { count: meta.products })}</dd>
        </div>
        {meta.language !== 'zh' && (
          <div>
            <dt>{t('library.language')}</dt>
            <dd data-testid="card-language">
              {t(`library.lang.${meta.language}`)} · {meta.currency}
            </dd>
          </div>
        )}
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
      <div className="scenario-card__actions">
        <details className="scenario-card__tech" data-testid="card-tech">
          <summary>{t('card.tech')}</summary>
          <dl className="scenario-card__facts">
            <div>
              <dt>{t('card.id')}</dt>
              <dd>
                <code data-testid="card-id">{meta.id}</code>
              </dd>
            </div>
            <div>
              <dt>{t('library.rubric')}</dt>
              <dd>
                <code data-testid="card-rubric">{meta.rubric}</code>
              </dd>
            </div>
            <div>
              <dt>{t('card.file')}</dt>
              <dd>
                <code>{entry.file}</code>
              </dd>
            </div>
            <div>
              <dt>{t('card.check')}</dt>
              <dd>
                <span className="badge badge--valid" data-testid="validation-badge" data-valid="true" title={result.hash}>
                  {t('card.valid')}
                </span>
              </dd>
            </div>
          </dl>
          {meta.tags.length > 0 && (
            <p className="scenario-card__tags" aria-label={t('card.tags')} data-testid="card-tags">
              <span className="scenario-card__tags-label">{t('card.tags')}</span>
              {meta.tags.map((tag) => (
                <span className="tag" key={tag} lang={tagLabel(tag, i18n.language) === tag ? 'zh' : undefined}>
                  {tagLabel(tag, i18n.language)}
                </span>
              ))}
            </p>
          )}
        </details>
        <button type="button" className="btn btn--primary" data-testid="scenario-start" onClick={() => void pickScenario(meta.id)}>
          {t('card.start')}
        </button>
      </div>
    </article>
  );
}
