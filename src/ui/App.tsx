import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from './i18n';
import { formatDuration, formatIssue } from './format';
import { loadShippedScenarios, type ScenarioEntry } from './scenarios';

export function App() {
  const { t, i18n } = useTranslation();
  const scenarios = useMemo(() => loadShippedScenarios(), []);
  const lang = currentLanguage();

  const toggleLanguage = () => {
    void setLanguage(lang === 'en' ? 'zh-CN' : 'en');
  };

  return (
    <div className="app" lang={i18n.language}>
      <header className="app-header">
        <div className="app-header__titles">
          <h1 className="app-title" data-testid="app-title">
            {t('app.name')}
          </h1>
          <p className="app-tagline">{t('app.tagline')}</p>
        </div>
        <button
          type="button"
          className="lang-toggle"
          data-testid="lang-toggle"
          onClick={toggleLanguage}
          aria-label={t('lang.toggleLabel')}
          title={t('lang.toggleLabel')}
        >
          {t('lang.toggle')}
        </button>
      </header>

      <main className="app-main">
        <ScenarioList scenarios={scenarios} />
      </main>

      <footer className="app-footer">{t('footer.offline')}</footer>
    </div>
  );
}

function ScenarioList({ scenarios }: { scenarios: ScenarioEntry[] }) {
  const { t } = useTranslation();

  if (scenarios.length === 0) {
    return (
      <section className="empty-state" data-testid="empty-state">
        <h2>{t('list.empty.title')}</h2>
        <p>{t('list.empty.body')}</p>
      </section>
    );
  }

  const valid = scenarios.filter((s) => s.result.ok).length;
  return (
    <section aria-labelledby="scenario-list-heading">
      <div className="list-heading">
        <h2 id="scenario-list-heading">{t('list.heading')}</h2>
        <p className="list-summary" data-testid="list-summary">
          {t('list.summary', { count: scenarios.length, valid })}
        </p>
      </div>
      <ul className="scenario-grid" data-testid="scenario-list">
        {scenarios.map((entry) => (
          <li key={entry.file}>
            <ScenarioCard entry={entry} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ScenarioCard({ entry }: { entry: ScenarioEntry }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
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

  const { meta, products } = result.scenario;
  const title = (lang === 'en' ? meta.title.en : meta.title.zh) || meta.title.zh || meta.title.en || t('card.untitled');

  return (
    <article
      className="scenario-card"
      data-testid="scenario-card"
      data-file={entry.file}
      data-scenario-id={meta.id}
    >
      <header className="scenario-card__header">
        <h3 className="scenario-card__title">{title}</h3>
        <span
          className="badge badge--valid"
          data-testid="validation-badge"
          data-valid="true"
          title={result.hash}
        >
          {t('card.valid')}
        </span>
      </header>
      <dl className="scenario-card__facts">
        <div>
          <dt>{t('card.id')}</dt>
          <dd>
            <code>{meta.id}</code>
          </dd>
        </div>
        <div>
          <dt>{t('card.level')}</dt>
          <dd>{String(meta.level)}</dd>
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
          <dt>{t('card.products')}</dt>
          <dd>{t('card.productCount', { count: products.length })}</dd>
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
    </article>
  );
}
