import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../engine';
import type { Metrics } from '../../engine';
import { clock, money, percent, pick } from '../format';

/** Per product: explain time, card pushes, clicks, orders, GMV and conversion (paid orders ÷ viewers who clicked). */
export function ProductTable({ scenario, metrics }: { scenario: Scenario; metrics: Metrics }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" data-testid="product-table">
      <h3>{t('review.products.title')}</h3>
      <table className="summary small">
        <thead>
          <tr>
            <th>{t('end.product')}</th>
            <th>{t('review.products.explain')}</th>
            <th>{t('review.products.cards')}</th>
            <th>{t('review.products.clicks')}</th>
            <th>{t('review.products.orders')}</th>
            <th>GMV</th>
            <th>{t('review.products.conversion')}</th>
          </tr>
        </thead>
        <tbody>
          {metrics.products.map((p) => {
            const sp = scenario.products.find((x) => x.id === p.id);
            return (
              <tr key={p.id} data-testid="product-stats" data-product={p.id}>
                <th scope="row">
                  {sp ? `${sp.no}. ${pick(sp.name, i18n.language)}` : p.id}
                </th>
                <td>{clock(p.explainSec * 1000)}</td>
                <td>{p.cardPushes}</td>
                <td>
                  {p.clicks} ({t('end.byViewers', { count: p.clickers })})
                </td>
                <td>
                  {p.orders} ({t('end.paid', { count: p.paidOrders })})
                </td>
                <td>¥{money(p.gmv)}</td>
                <td>{percent(p.conversion, 1)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">{t('review.products.note')}</p>
    </section>
  );
}
