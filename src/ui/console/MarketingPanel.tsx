import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionType } from '../../engine';
import { actionsIn, actionTestId, fieldSpecs } from '../actions/registry';
import { clock, pick, yuan } from '../format';
import { useLive, useSimSecond } from '../store/live';
import { useSession } from '../store/session';
import { couponState, COUPON_OFFER, offer, PANEL_OFFER, RUNNING } from './actionState';
import { ActionButton, useActionLabel } from './ActionButton';
import { PanelButtons } from './PanelButtons';
import { FormControl } from './SchemaForm';

/** A form whose every field names a coupon (issue, stop) is a button on each coupon's row. */
const isCouponRowAction = (type: ActionType) => {
  const fields = fieldSpecs(type);
  return fields.length > 0 && fields.every((f) => f.kind === 'coupon');
};
/** Buttons on each coupon's row. */
export const COUPON_ROW_ACTIONS = actionsIn('marketing', 'form').filter(isCouponRowAction);
/** One tab per other form of the panel (create coupon, flash sale, lucky bag, red packet, announcement), in the engine's order. */
export const MARKETING_TABS = actionsIn('marketing', 'form').filter((type) => !isCouponRowAction(type));

/**
 * 营销 panel: one tab per marketing form, generated from the engine's registry. A tab may show what
 * its action has started (the coupon list, the running flash sale…) above or instead of its form.
 */
export function MarketingPanel({ initialTab }: { initialTab?: ActionType }) {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const [tab, setTab] = useState<ActionType>(initialTab ?? MARKETING_TABS[0]);
  const room = useLive((s) => s.room);
  const products = useLive((s) => s.products);
  const state = { room, products };
  const showForm = offer(PANEL_OFFER, tab, state) !== 'hidden';
  const Status = STATUS[tab];
  return (
    <section className="panel console-panel marketing" data-testid="marketing-panel" aria-labelledby="marketing-h">
      <div className="panel__head">
        <h2 id="marketing-h">{t('console.marketing.title')}</h2>
        <PanelButtons panel="marketing" />
      </div>
      <div className="tabs tabs--wrap" role="tablist">
        {MARKETING_TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'tab tab--on' : 'tab'} onClick={() => setTab(k)} data-testid={`tab-${actionTestId(k)}`}>
            {labelOf(k)}
            {RUNNING[k]?.(state) && <span className="dot" aria-label={t('console.marketing.running')} />}
          </button>
        ))}
      </div>
      <div className="tab-body" data-testid={`tab-body-${actionTestId(tab)}`}>
        {Status && <Status />}
        {showForm && <TabForm key={tab} type={tab} />}
      </div>
    </section>
  );
}

/** The tab's form; the flash sale's offers to fill in what the run of show planned. */
function TabForm({ type }: { type: ActionType }) {
  return <FormControl type={type} presets={usePresets(type)} />;
}

/** "Fill in the plan": the current run-of-show segment's planned flash sale. */
function usePresets(type: ActionType): { label: string; values: Record<string, unknown>; testId: string }[] | undefined {
  const { t } = useTranslation();
  const run = useSession((s) => s.run);
  const plan = useSession((s) => s.plan);
  const segIndex = useLive((s) => s.segment.index);
  if (type !== 'start_flash_sale') return undefined;
  const seg = run?.scenario.runOfShow.find((x) => x.id === plan[segIndex]);
  if (!seg?.flashSale || !seg.product) return undefined;
  const f = seg.flashSale;
  return [{ label: t('flash.usePlan', { price: f.price, quantity: f.quantity }), values: { product: seg.product, price: f.price, quantity: f.quantity, perBuyer: f.perBuyer }, testId: 'flash-use-plan' }];
}

// ------------------------------------------------------------------ what each tab's action has started

/** Views of what a marketing action has started, shown on its tab (optional per action). */
const STATUS: Partial<Record<ActionType, () => ReactNode>> = {
  create_coupon: CouponList,
  start_flash_sale: FlashRunning,
  launch_lucky_bag: LuckyBagRunning,
  send_red_packet: RedPacketRunning,
  post_announcement: CurrentAnnouncement,
};

function CouponList() {
  const { t, i18n } = useTranslation();
  const coupons = useLive((s) => s.coupons);
  const now = useSimSecond() * 1000;
  return (
    <div data-testid="coupons-tab">
      {coupons.length === 0 && <p className="muted">{t('console.coupons.none')}</p>}
      <ul className="coupon-list">
        {coupons.map((c) => {
          const st = couponState(c, now);
          return (
            <li key={c.id} className={`coupon coupon--${st}`} data-testid="coupon-row" data-coupon={c.id} data-state={st}>
              <div className="coupon__value">
                <b>¥{yuan(c.discount)}</b>
                <span className="small">{c.kind === 'live' ? t('options.kind.live') : t('coupon.thresholdShort', { threshold: yuan(c.threshold) })}</span>
              </div>
              <div className="coupon__body">
                <div>
                  <strong>{c.name ? pick(c.name, i18n.language) : c.id}</strong>
                  {c.misconfigured && <span className="pill pill--bad">{t('coupon.byOps')}</span>}
                </div>
                <div className="small muted">
                  {t('coupon.claimed', { claimed: c.claimed, quantity: c.quantity })} · {t('coupon.used', { count: c.used })} ·{' '}
                  {st === 'live' ? t('coupon.state.liveLeft', { time: clock(c.issuedUntil - now) }) : t(`coupon.state.${st}`)}
                </div>
              </div>
              <div className="coupon__actions">
                {COUPON_ROW_ACTIONS.map((type) => {
                  const o = offer(COUPON_OFFER, type, st);
                  return o === 'hidden' ? null : <ActionButton key={type} type={type} payload={{ coupon: c.id }} disabled={o === 'disabled'} />;
                })}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function FlashRunning() {
  const { t, i18n } = useTranslation();
  const flash = useLive((s) => s.room?.flash ?? null);
  const products = useLive((s) => s.products);
  const now = useSimSecond() * 1000;
  if (!flash) return null;
  const p = products.find((x) => x.id === flash.product);
  const phase = flash.started ? t('flash.onSale', { time: clock(flash.endsMs - now) }) : t('flash.countdown', { time: clock(flash.startsMs - now) });
  return (
    <div className="running-card" data-testid="flash-running">
      <strong>{p ? pick(p.name, i18n.language) : flash.product}</strong>
      <div>
        {t('flash.priceSold', { price: yuan(flash.price), sold: flash.sold, quantity: flash.quantity })} · {t('flash.perBuyerN', { count: flash.perBuyer })}
      </div>
      <div className="big-clock">{phase}</div>
    </div>
  );
}

function LuckyBagRunning() {
  const { t } = useTranslation();
  const bag = useLive((s) => s.room?.luckyBag ?? null);
  const now = useSimSecond() * 1000;
  if (!bag) return null;
  return (
    <div className="running-card" data-testid="bag-running">
      <strong>{bag.entry === 'follow' ? t('options.entry.follow') : t('bag.commentKw', { keyword: bag.keyword })}</strong>
      <div>{t('bag.status', { entrants: bag.entrants, winners: bag.winners })}</div>
      <div className="big-clock">{t('bag.drawIn', { time: clock(bag.drawAt - now) })}</div>
    </div>
  );
}

function RedPacketRunning() {
  const { t } = useTranslation();
  const packet = useLive((s) => s.room?.redPacket ?? null);
  if (!packet) return null;
  return (
    <div className="running-card" data-testid="packet-running">
      <strong>{t('packet.running', { total: yuan(packet.total), count: packet.count })}</strong>
      <div>{t('packet.grabbed', { grabbed: packet.grabbed, count: packet.count })}</div>
    </div>
  );
}

function CurrentAnnouncement() {
  const { t } = useTranslation();
  const current = useLive((s) => s.room?.announcement ?? '');
  return (
    <p className="small" data-testid="notice-current">
      <span className="muted">{t('notice.current')}</span> {current || <span className="muted">{t('notice.none')}</span>}{' '}
      {current && (
        <ActionButton type="post_announcement" payload={{ text: '' }} variant="ghost" testId="notice-clear">
          {t('notice.clear')}
        </ActionButton>
      )}
    </p>
  );
}
