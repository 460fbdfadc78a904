import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick, yuan } from '../format';
import { useLive } from '../store/live';
import type { ProductView } from '../store/types';
import type { ActionType } from '../../engine';
import { actionsIn, actionTestId, fieldSpecs } from '../actions/registry';
import { offer, PRODUCT_OFFER, PRODUCT_PREFILL } from './actionState';
import { ActionButton, useActionLabel } from './ActionButton';
import { PanelButtons } from './PanelButtons';
import { PanelForms } from './PanelForms';
import { SchemaForm } from './SchemaForm';

const hasProductField = (type: ActionType) => fieldSpecs(type).some((f) => f.kind === 'product');
/** Buttons on each product's row: the panel's actions with control `product`. */
const ROW_BUTTONS = actionsIn('products', 'product');
/** Forms on each product's row: the panel's `form` actions that take a product (change price, stock…). */
const ROW_FORMS = actionsIn('products', 'form').filter(hasProductField);
/** The panel's other forms (none today) sit under the list. */
const PANEL_FORMS = actionsIn('products', 'form').filter((type) => !hasProductField(type));

/** 商品 panel: the shopping bag as the controller sees it (巨量百应 goodsPanel): list, explain, card, price, stock. */
export function ProductsPanel() {
  const { t } = useTranslation();
  const products = useLive((s) => s.products);
  const listed = products.filter((p) => p.listed).length;
  return (
    <section className="panel console-panel products" data-testid="products-panel" aria-labelledby="products-h">
      <div className="panel__head">
        <h2 id="products-h">{t('console.products.title')}</h2>
        <span className="muted small">{t('console.products.count', { listed, total: products.length })}</span>
        <PanelButtons panel="products" />
      </div>
      <ul className="product-list">
        {products.map((p) => (
          <li key={p.id}>
            <ProductRow p={p} />
          </li>
        ))}
      </ul>
      <PanelForms types={PANEL_FORMS} />
    </section>
  );
}

const ProductRow = memo(function ProductRow({ p }: { p: ProductView }) {
  const { t, i18n } = useTranslation();
  const labelOf = useActionLabel();
  const [editing, setEditing] = useState<ActionType | null>(null);
  const wrongLink = p.linkTarget !== p.id;
  return (
    <article
      className={`product-row${p.explaining ? ' product-row--explaining' : ''}${p.listed ? '' : ' product-row--unlisted'}`}
      data-testid="product-row"
      data-product={p.id}
      data-listed={p.listed}
      data-explaining={p.explaining}
      data-card={p.card}
    >
      <div className="product-row__head">
        <span className="link-no" title={t('product.linkNo', { no: p.no })}>
          {p.no}
        </span>
        <span className="product-row__name">{pick(p.name, i18n.language)}</span>
        <span className="product-row__tags">
          <span className={p.listed ? 'pill pill--ok' : 'pill'}>{p.listed ? t('product.listed') : t('product.notListed')}</span>
          {p.explaining && <span className="pill pill--accent">{t('product.explaining')}</span>}
          {p.card && <span className="pill pill--accent">{t('product.cardUp')}</span>}
          {p.soldOut && <span className="pill pill--bad">{t('product.soldOut')}</span>}
          {wrongLink && <span className="pill pill--bad">{t('product.wrongLink')}</span>}
        </span>
      </div>
      <div className="product-row__stats">
        <span className="price" data-testid="product-price">
          ¥{yuan(p.price)}
        </span>
        {p.listPrice > p.price && <s className="muted">¥{yuan(p.listPrice)}</s>}
        <span>
          {t('product.stock')} <b data-testid="product-stock">{p.stock}</b>
        </span>
        <span>
          {t('product.sold')} <b data-testid="product-sold">{p.sold}</b>
        </span>
        <span>
          {t('product.gmv')} <b>¥{yuan(p.gmv)}</b>
        </span>
      </div>
      <div className="btn-row">
        {ROW_BUTTONS.map((type) => {
          const o = offer(PRODUCT_OFFER, type, p);
          return o === 'hidden' ? null : <ActionButton key={type} type={type} payload={{ product: p.id }} disabled={o === 'disabled'} />;
        })}
        {ROW_FORMS.map((type) => (
          <button
            key={type}
            type="button"
            className={`btn btn--small btn--ghost${editing === type ? ' btn--on' : ''}`}
            aria-expanded={editing === type}
            onClick={() => setEditing(editing === type ? null : type)}
            data-testid={`open-${actionTestId(type)}`}
            data-opens={type}
          >
            {labelOf(type)}…
          </button>
        ))}
      </div>
      {editing && <ProductForm type={editing} p={p} onClose={() => setEditing(null)} />}
    </article>
  );
});

/** A form action on one product (change price, change stock…), starting from the product's current value. */
export function ProductForm({ type, p, onClose }: { type: ActionType; p: ProductView; onClose?: () => void }) {
  return <SchemaForm key={`${type}:${p.id}`} type={type} fixed={{ product: p.id }} prefill={PRODUCT_PREFILL[type]?.(p)} inline onDone={onClose} onCancel={onClose} />;
}
