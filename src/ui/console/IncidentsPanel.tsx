import { useTranslation } from 'react-i18next';
import type { ActionType } from '../../engine';
import { actionBody, fieldSpecs } from '../actions/registry';
import { formFields } from '../actions/forms';
import { clock, pick } from '../format';
import { requestFocus, selectComment, setCommentFilter } from '../store/console';
import { useLive, useSimSecond } from '../store/live';
import { dispatch, useSession } from '../store/session';
import type { IncidentItem, ProductView } from '../store/types';
import { ActionButton, useActionLabel } from './ActionButton';
import { ProductForm } from './ProductsPanel';
import { ChoiceButtons, isChoiceForm, SchemaForm } from './SchemaForm';

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

/**
 * The engine actions that resolve each kind of incident, offered on its card. (The engine's incident
 * definitions do not list them yet; see docs/ui.md.) Each is drawn from the action registry: a
 * button when the card supplies its whole payload, choice buttons or a form otherwise.
 */
export const INCIDENT_TOOLS: Record<IncidentItem['kind'], ActionType[]> = {
  stream_drop: ['reconnect_stream'],
  wrong_link: ['fix_link', 'delist_product'],
  wrong_price: ['set_price', 'delist_product'],
  supplier_price_change: ['set_price'],
  stock_mismatch: ['set_stock', 'delist_product'],
  coupon_misconfig: ['stop_coupon'],
  platform_warning: ['acknowledge_warning'],
  mic_failure: ['fix_microphone'],
  troll_wave: [],
  quality_complaint: [],
  cue: [],
};

/** The payload an incident card supplies to an action: its product, its coupon, itself. */
function incidentPayload(type: ActionType, ctx: { product?: string; coupon?: string; incident: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldSpecs(type)) {
    if (f.kind === 'product' && ctx.product) out[f.name] = ctx.product;
    if (f.kind === 'coupon' && ctx.coupon) out[f.name] = ctx.coupon;
    if (f.kind === 'incident') out[f.name] = ctx.incident;
  }
  return out;
}

function IncidentTool({ type, p, fixed }: { type: ActionType; p?: ProductView; fixed: Record<string, unknown> }) {
  if (formFields(type, fixed).length === 0) return <ActionButton type={type} payload={fixed} />;
  if (isChoiceForm(type, fixed)) return <ChoiceButtons type={type} fixed={fixed} />;
  if (p && 'product' in fixed) return <ProductForm type={type} p={p} />;
  return <SchemaForm type={type} fixed={fixed} inline />;
}

function Tools({ inc }: { inc: IncidentItem }) {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const products = useLive((s) => s.products);
  const scenario = useSession((s) => s.run?.scenario);
  const p: ProductView | undefined = inc.product ? products.find((x) => x.id === inc.product) : undefined;
  const def = scenario?.incidents.find((x) => x.id === inc.id);
  const ctx = { ...(p ? { product: p.id } : {}), ...(def && def.kind === 'coupon_misconfig' ? { coupon: def.coupon.id } : {}), incident: inc.id };
  const tools = INCIDENT_TOOLS[inc.kind].filter((type) => fieldSpecs(type).every((f) => (f.kind !== 'product' || ctx.product) && (f.kind !== 'coupon' || ctx.coupon)));
  switch (inc.kind) {
    case 'troll_wave': {
      const muteAll = () => {
        const comments = useLive.getState().comments;
        const viewers = new Set(comments.filter((c) => inc.comments.includes(c.id)).map((c) => c.viewer));
        for (const v of viewers) dispatch(actionBody('mute_user', { viewer: v, minutes: 60 }));
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
      return tools.length > 0 ? (
        <div className="btn-row">
          {tools.map((type) => (
            <IncidentTool key={type} type={type} p={p} fixed={incidentPayload(type, ctx)} />
          ))}
        </div>
      ) : null;
  }
}
