import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../engine';
import { formatDuration, pick } from '../format';
import { backToPicker, currentScenario, goto, movePlanItem, resetPlan, setSeed, useSession } from '../store/session';

/** Briefing: goals, products and their facts, coupons, and the run of show (which the student may reorder). */
export default function BriefingScreen() {
  const { t, i18n } = useTranslation();
  useSession((s) => s.scenarioId);
  const scenario = currentScenario();
  if (!scenario) return null;
  const { meta } = scenario;
  const lang = i18n.language;

  return (
    <section className="screen briefing" data-testid="briefing">
      <nav className="screen-nav">
        <button type="button" className="btn btn--ghost" onClick={backToPicker} data-testid="back-to-list">
          ← {t('common.backToList')}
        </button>
        <ol className="steps" aria-label={t('steps.label')}>
          <li className="steps__item steps__item--on">{t('steps.briefing')}</li>
          <li className="steps__item">{t('steps.precheck')}</li>
          <li className="steps__item">{t('steps.live')}</li>
          <li className="steps__item">{t('steps.report')}</li>
        </ol>
      </nav>

      <header className="briefing__head">
        <h2 data-testid="briefing-title">{pick(meta.title, lang)}</h2>
        <div className="briefing__chips">
          <span className="tag">{t(`level.${meta.level}`, { defaultValue: meta.level })}</span>
          <span className="tag">{t(`seat.${meta.seat}`)}</span>
          <span className="tag">{t(`mode.${meta.mode}`)}</span>
          <span className="tag">{formatDuration(meta.durationSec)}</span>
          <span className="tag">{t(`platform.${meta.platform}`)}</span>
        </div>
        {meta.summary && <p className="briefing__summary">{pick(meta.summary, lang)}</p>}
      </header>

      <BriefingBody scenario={scenario}>
        <Seed />
        <div className="screen-actions">
          <button type="button" className="btn btn--primary btn--big" data-testid="to-precheck" onClick={() => goto('precheck')}>
            {t('briefing.next')} →
          </button>
        </div>
      </BriefingBody>
    </section>
  );
}

/** The briefing's two columns (goals, products, coupons | run of show, incidents), then `children` under the second (the practice run's seed and next step, or the exam's start). */
export function BriefingBody({ scenario, children }: { scenario: Scenario; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="briefing__grid">
      <div className="briefing__col">
        <Goals scenario={scenario} />
        <Products scenario={scenario} />
        {scenario.coupons.length > 0 && <Coupons scenario={scenario} />}
      </div>
      <div className="briefing__col">
        <RunOfShowPlan scenario={scenario} />
        <section className="panel">
          <h3>{t('briefing.incidentsHeading')}</h3>
          <p className="muted">{t('briefing.incidentsNote')}</p>
        </section>
        {children}
      </div>
    </div>
  );
}

export function Goals({ scenario }: { scenario: Scenario }) {
  const { t } = useTranslation();
  const g = scenario.targets;
  const items: [string, string][] = [];
  if (g.gmv !== undefined) items.push([t('metric.gmv'), `¥${g.gmv}`]);
  if (g.orders !== undefined) items.push([t('metric.orders'), String(g.orders)]);
  if (g.conversion !== undefined) items.push([t('metric.conversion'), `${(g.conversion * 100).toFixed(1)}%`]);
  if (g.uvValue !== undefined) items.push([t('metric.uvValue'), `¥${g.uvValue}`]);
  return (
    <section className="panel" data-testid="briefing-goals">
      <h3>{t('briefing.goals')}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('briefing.noTargets')}</p>
      ) : (
        <dl className="goal-list">
          {items.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

export function Products({ scenario }: { scenario: Scenario }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section className="panel" data-testid="briefing-products">
      <h3>{t('briefing.products')}</h3>
      {scenario.products.map((p) => (
        <article className="fact-card" key={p.id}>
          <header className="fact-card__head">
            <span className="link-no">{t('product.linkNo', { no: p.no })}</span>
            <strong>{pick(p.name, lang)}</strong>
            <span className="muted">{p.category}</span>
          </header>
          <dl className="fact-card__prices">
            <div>
              <dt>{t('product.livePrice')}</dt>
              <dd className="price">¥{p.livePrice}</dd>
            </div>
            <div>
              <dt>{t('product.listPrice')}</dt>
              <dd>¥{p.listPrice}</dd>
            </div>
            <div>
              <dt>{t('product.referencePrice')}</dt>
              <dd>¥{p.referencePrice}</dd>
            </div>
            <div>
              <dt>{t('product.stock')}</dt>
              <dd>{p.stock}</dd>
            </div>
            <div>
              <dt>{t('product.atStart')}</dt>
              <dd>{p.listed ? t('product.listed') : t('product.notListed')}</dd>
            </div>
          </dl>
          <h4>{t('briefing.sellingPoints')}</h4>
          <ul className="points">
            {p.sellingPoints.map((sp) => (
              <li key={sp.id}>
                <span className={`fab fab--${sp.kind}`}>{t(`fab.${sp.kind}`)}</span> {sp.text}
              </li>
            ))}
          </ul>
          {p.facts.length > 0 && (
            <>
              <h4>{t('briefing.facts')}</h4>
              <table className="facts">
                <tbody>
                  {p.facts.map((f) => (
                    <tr key={f.key}>
                      <th scope="row">{pick(f.label, lang)}</th>
                      <td>{f.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </article>
      ))}
    </section>
  );
}

export function Coupons({ scenario }: { scenario: Scenario }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" data-testid="briefing-coupons">
      <h3>{t('briefing.coupons')}</h3>
      <ul className="plain-list">
        {scenario.coupons.map((c) => (
          <li key={c.id}>
            <strong>{c.name ? pick(c.name, i18n.language) : c.id}</strong>{' '}
            <span className="muted">
              {c.kind === 'live' ? t('coupon.liveRule', { discount: c.discount }) : t('coupon.thresholdRule', { threshold: c.threshold, discount: c.discount })}
              {' · '}
              {t('coupon.quantityN', { count: c.quantity })}
              {' · '}
              {t('coupon.validFor', { time: c.validity % 60 === 0 ? t('form.minutes', { count: c.validity / 60 }) : formatDuration(c.validity) })}
            </span>
          </li>
        ))}
      </ul>
      <p className="muted">{t('briefing.couponsNote')}</p>
    </section>
  );
}

export function RunOfShowPlan({ scenario }: { scenario: Scenario }) {
  const { t, i18n } = useTranslation();
  const plan = useSession((s) => s.plan);
  const byId = new Map(scenario.runOfShow.map((s) => [s.id, s]));
  const reordered = plan.some((id, i) => scenario.runOfShow[i]?.id !== id);
  const segs = plan.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const starts = segs.map((_, i) => segs.slice(0, i).reduce((sum, x) => sum + x.duration, 0));
  return (
    <section className="panel" data-testid="briefing-run-of-show">
      <div className="panel__head">
        <h3>{t('briefing.runOfShow')}</h3>
        {reordered && (
          <button type="button" className="btn btn--small btn--ghost" onClick={resetPlan} data-testid="plan-reset">
            {t('briefing.resetOrder')}
          </button>
        )}
      </div>
      <p className="muted">{t('briefing.reorderNote')}</p>
      <ol className="plan">
        {segs.map((seg, i) => {
          const id = seg.id;
          const start = starts[i];
          return (
            <li key={id} className="plan__item" data-testid="plan-item" data-segment={id}>
              <div className="plan__time">{formatDuration(start)}</div>
              <div className="plan__body">
                <strong>{pick(seg.title, i18n.language)}</strong>
                <span className="muted"> · {formatDuration(seg.duration)}</span>
                {seg.notes && <p className="plan__notes">{pick(seg.notes, i18n.language)}</p>}
              </div>
              <div className="plan__move">
                <button type="button" className="icon-btn" disabled={i === 0} onClick={() => movePlanItem(i, -1)} aria-label={t('briefing.moveUp')} title={t('briefing.moveUp')} data-testid="plan-up">
                  ▲
                </button>
                <button type="button" className="icon-btn" disabled={i === plan.length - 1} onClick={() => movePlanItem(i, 1)} aria-label={t('briefing.moveDown')} title={t('briefing.moveDown')} data-testid="plan-down">
                  ▼
                </button>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Seed() {
  const { t } = useTranslation();
  const seed = useSession((s) => s.seed);
  return (
    <details className="panel seed">
      <summary>{t('briefing.advanced')}</summary>
      <label className="field">
        <span>{t('briefing.seed')}</span>
        <input type="number" min={0} step={1} value={seed} onChange={(e) => setSeed(Number(e.target.value))} data-testid="seed-input" />
      </label>
      <p className="muted">{t('briefing.seedNote')}</p>
    </details>
  );
}
