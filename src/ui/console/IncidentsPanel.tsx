import { useTranslation } from 'react-i18next';
import type { ActionType } from '../../engine/actions';
import { clock, pick } from '../format';
import { requestFocus, selectComment, setCommentFilter } from '../store/console';
import { useLive, useSimSecond } from '../store/live';
import { dispatch, useSession } from '../store/session';
import type { IncidentItem, ProductView } from '../store/types';
import { ActionButton, useActionLabel } from './ActionButton';
import { InlineNumber } from './ProductsPanel';

/** 突发事件: each incident or cue with its deadline and the tools to respond, right at hand. */
export function IncidentsPanel() {
  const incidents = useLive((s) => s.incidents);
  if (incidents.length === 0) return null;
  // Open ones first, newest first; finished ones stay visible (collapsed) as a record.
  const sorted = [...incidents].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.startedAt - a.startedAt);
  return (
    <section className="incidents" data-testid="incidents" aria-live="polite">
      {sorted.map((inc) => (
        <IncidentCard key={inc.id} inc={inc} />
      ))}
    </section>
  );
}

function IncidentCard({ inc }: { inc: IncidentItem }) {
  const { t, i18n } = useTranslation();
  const now = useSimSecond() * 1000;
  const open = inc.status === 'open';
  const left = inc.deadline - now;
  return (
    <article className={`incident incident--${inc.status}`} data-testid="incident" data-incident={inc.id} data-kind={inc.kind} data-status={inc.status}>
      <header className="incident__head">
        <span className="incident__kind">{t(`incident.kind.${inc.kind}`)}</span>
        <span className="incident__msg">{pick(inc.message, i18n.language)}</span>
        <span className="incident__status" data-testid="incident-status">
          {inc.status === 'handled'
            ? t(inc.late ? 'incident.handledLate' : 'incident.handled', { time: ((inc.latencyMs ?? 0) / 1000).toFixed(1) })
            : inc.status === 'missed'
              ? t('incident.missed')
              : left > 0
                ? t('incident.timeLeft', { time: clock(left) })
                : t('incident.overdue')}
        </span>
      </header>
      {inc.status !== 'handled' && <Tools inc={inc} />}
      {open && inc.kind === 'stream_drop' && inc.failedRetries > 0 && <p className="form-error small">{t('incident.retryFailed', { count: inc.failedRetries })}</p>}
    </article>
  );
}

function Tools({ inc }: { inc: IncidentItem }) {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const products = useLive((s) => s.products);
  const scenario = useSession((s) => s.run?.scenario);
  const p: ProductView | undefined = inc.product ? products.find((x) => x.id === inc.product) : undefined;
  const def = scenario?.incidents.find((x) => x.id === inc.id);
  switch (inc.kind) {
    case 'stream_drop':
      return (
        <div className="btn-row">
          <span className="muted small">{labelOf('reconnect_stream')}:</span>
          <ActionButton type="reconnect_stream" payload={{ via: 'retry' }} testId="reconnect-retry">
            {t('incident.tool.retry')}
          </ActionButton>
          <ActionButton type="reconnect_stream" payload={{ via: 'backup' }} variant="primary" testId="reconnect-backup">
            {t('incident.tool.backup')}
          </ActionButton>
        </div>
      );
    case 'wrong_link':
      return p ? (
        <div className="btn-row">
          <ActionButton type="fix_link" payload={{ product: p.id }} variant="primary" />
          <ActionButton type="delist_product" payload={{ product: p.id }} variant="ghost" />
        </div>
      ) : null;
    case 'wrong_price':
    case 'supplier_price_change':
      return p ? (
        <div className="btn-row">
          <InlineNumber kind="price" p={p} />
          {inc.kind === 'wrong_price' && <ActionButton type="delist_product" payload={{ product: p.id }} variant="ghost" />}
        </div>
      ) : null;
    case 'stock_mismatch':
      return p ? (
        <div className="btn-row">
          <InlineNumber kind="stock" p={p} />
          <ActionButton type="delist_product" payload={{ product: p.id }} variant="ghost" />
        </div>
      ) : null;
    case 'coupon_misconfig':
      return def && def.kind === 'coupon_misconfig' ? (
        <div className="btn-row">
          <ActionButton type="stop_coupon" payload={{ coupon: def.coupon.id }} variant="primary" />
        </div>
      ) : null;
    case 'troll_wave': {
      const muteAll = () => {
        const comments = useLive.getState().comments;
        const viewers = new Set(comments.filter((c) => inc.comments.includes(c.id)).map((c) => c.viewer));
        for (const v of viewers) dispatch({ type: 'mute_user', viewer: v, minutes: 60 });
      };
      return (
        <div className="btn-row">
          <button type="button" className="btn btn--small" onClick={() => setCommentFilter('negative')} data-testid="show-negative">
            {t('incident.tool.showNegative')}
          </button>
          <button type="button" className="btn btn--small btn--danger" onClick={muteAll} data-testid="mute-trolls">
            {labelOf('mute_user')} ×{inc.comments.length} ({t('form.minutes', { count: 60 })})
          </button>
        </div>
      );
    }
    case 'quality_complaint':
      return (
        <div className="btn-row">
          <button
            type="button"
            className="btn btn--small btn--primary"
            onClick={() => {
              setCommentFilter('negative');
              if (inc.comments[0] !== undefined) selectComment(inc.comments[0]);
              requestFocus('reply');
            }}
            data-testid="reply-complaint"
          >
            {labelOf('reply_comment')}
          </button>
          <span className="muted small">{t('incident.tool.complaintNote')}</span>
        </div>
      );
    case 'platform_warning':
      return (
        <div className="btn-row">
          <ActionButton type="acknowledge_warning" payload={{ incident: inc.id }} variant="primary" />
        </div>
      );
    case 'mic_failure':
      return (
        <div className="btn-row">
          <ActionButton type="fix_microphone" payload={{}} variant="primary" />
        </div>
      );
    case 'cue': {
      const cue = inc.cue;
      if (!cue) return null;
      const prod = cue.product ? products.find((x) => x.id === cue.product) : undefined;
      return (
        <p className="small">
          {t('incident.cueAsks')} <b>{labelOf(cue.action as ActionType)}</b>
          {prod && ` · ${t('product.linkNo', { no: prod.no })}`}
          {cue.coupon && ` · ${cue.coupon}`}
        </p>
      );
    }
    default:
      return null;
  }
}
