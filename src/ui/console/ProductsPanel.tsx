import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pick, yuan } from '../format';
import { useLive } from '../store/live';
import { dispatch } from '../store/session';
import type { ProductView } from '../store/types';
import { ActionButton, useActionLabel } from './ActionButton';
import { fieldLimits } from '../actions/registry';

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
      </div>
      <ul className="product-list">
        {products.map((p) => (
          <li key={p.id}>
            <ProductRow p={p} />
          </li>
        ))}
      </ul>
    </section>
  );
}

const ProductRow = memo(function ProductRow({ p }: { p: ProductView }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<null | 'price' | 'stock'>(null);
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
        {p.listed ? (
          <ActionButton type="delist_product" payload={{ product: p.id }} variant="ghost" testId="delist" />
        ) : (
          <ActionButton type="list_product" payload={{ product: p.id }} variant="primary" testId="list" />
        )}
        {p.explaining ? (
          <ActionButton type="stop_explaining" payload={{}} testId="stop-explaining" />
        ) : (
          <ActionButton type="start_explaining" payload={{ product: p.id }} disabled={!p.listed} testId="start-explaining" />
        )}
        {p.card ? (
          <ActionButton type="hide_card" payload={{}} testId="hide-card" />
        ) : (
          <ActionButton type="show_card" payload={{ product: p.id }} disabled={!p.listed} variant="primary" testId="show-card" />
        )}
        <button type="button" className="btn btn--small btn--ghost" onClick={() => setEditing(editing === 'price' ? null : 'price')} data-testid="edit-price">
          {t('console.products.editPrice')}
        </button>
        <button type="button" className="btn btn--small btn--ghost" onClick={() => setEditing(editing === 'stock' ? null : 'stock')} data-testid="edit-stock">
          {t('console.products.editStock')}
        </button>
        {wrongLink && <ActionButton type="fix_link" payload={{ product: p.id }} variant="danger" testId="fix-link" />}
      </div>
      {editing && <InlineNumber kind={editing} p={p} onClose={() => setEditing(null)} />}
    </article>
  );
});

/** Change the price or the stock of one product. */
export function InlineNumber({ kind, p, onClose }: { kind: 'price' | 'stock'; p: ProductView; onClose?: () => void }) {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const [value, setValue] = useState(kind === 'price' ? yuan(p.price) : String(p.stock));
  const n = Number(value);
  const limits = fieldLimits('set_stock', 'stock');
  const error =
    value.trim() === '' || !Number.isFinite(n)
      ? t('form.required')
      : kind === 'price'
        ? n <= 0
          ? t('form.positive')
          : Math.round(n * 100) / 100 !== n
            ? t('form.twoDecimals')
            : n * 100 > p.listPrice
              ? t('form.aboveList', { price: yuan(p.listPrice) })
              : null
        : !Number.isInteger(n) || n < 0
          ? t('form.wholeNonNegative')
          : limits.max !== undefined && n > limits.max
            ? t('form.max', { max: limits.max })
            : null;
  const submit = () => {
    if (error) return;
    if (kind === 'price') dispatch({ type: 'set_price', product: p.id, price: n });
    else dispatch({ type: 'set_stock', product: p.id, stock: n });
    onClose?.();
  };
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid={`${kind}-form`}
    >
      <label>
        <span>{kind === 'price' ? t('product.newPrice') : t('product.newStock')}</span>
        <input type="number" step={kind === 'price' ? 0.01 : 1} min={0} value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={!!error} autoFocus />
      </label>
      <button type="submit" className="btn btn--small btn--primary" disabled={!!error}>
        {labelOf(kind === 'price' ? 'set_price' : 'set_stock')}
      </button>
      {onClose && (
        <button type="button" className="btn btn--small btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
      )}
      {error && <span className="form-error">{error}</span>}
    </form>
  );
}
