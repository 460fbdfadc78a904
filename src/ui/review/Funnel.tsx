import { useTranslation } from 'react-i18next';
import { percent } from '../format';
import type { Funnel } from './analysis';

const STEPS = ['entered', 'stayed', 'clicked', 'ordered', 'paid'] as const;

/** 进入 → 停留 → 点击 → 下单 → 支付, each step with its count and the formula of its rate. */
export function FunnelView({ funnel }: { funnel: Funnel }) {
  const { t } = useTranslation();
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  return (
    <section className="panel funnel" data-testid="funnel">
      <h3>{t('review.funnel.title')}</h3>
      <ol className="funnel__steps">
        {STEPS.map((k, i) => {
          const v = funnel[k];
          const prev = i > 0 ? funnel[STEPS[i - 1]] : v;
          return (
            <li key={k} className="funnel__step" data-testid={`funnel-${k}`} data-value={v}>
              <span className="funnel__label">{t(`review.funnel.${k}`)}</span>
              <span className="funnel__bar" style={{ width: `${Math.max(2, ratio(v, funnel.entered) * 100)}%` }} />
              <span className="funnel__value">{v}</span>
              {i > 0 && (
                <span className="funnel__formula small" data-testid={`funnel-formula-${k}`}>
                  {t(`review.funnel.rate.${k}`)} = {t(`review.funnel.${k}`)} ÷ {t(`review.funnel.${STEPS[i - 1]}`)} = {v} ÷ {prev} = {percent(ratio(v, prev), 1)}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <p className="small" data-testid="funnel-conversion">
        {t('review.funnel.conversion')} = {t('review.funnel.paid')} ÷ {t('review.funnel.entered')} = {funnel.paid} ÷ {funnel.entered} = {percent(ratio(funnel.paid, funnel.entered), 2)}
      </p>
      <p className="muted small">{t('review.funnel.note')}</p>
    </section>
  );
}
