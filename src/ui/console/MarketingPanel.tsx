import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionBody } from '../../engine/actions';
import { clock, pick, yuan } from '../format';
import { useLive, useSimSecond } from '../store/live';
import { dispatch, useSession } from '../store/session';
import type { CouponView } from '../store/types';
import { ActionButton, useActionLabel } from './ActionButton';
import { NumberField, num, usePayloadError } from './fields';
import { ComplianceTextarea } from './ComplianceTextarea';

type Tab = 'coupons' | 'flash' | 'bag' | 'packet' | 'notice';
const TABS: Tab[] = ['coupons', 'flash', 'bag', 'packet', 'notice'];

/** 营销 panel: coupons, flash sale, lucky bag, red packet and the announcement, with the real consoles' fields and limits. */
export function MarketingPanel() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('coupons');
  const flashOn = useLive((s) => !!s.room?.flash);
  const bagOn = useLive((s) => !!s.room?.luckyBag);
  const packetOn = useLive((s) => !!s.room?.redPacket);
  const noticeOn = useLive((s) => !!s.room?.announcement);
  const running: Record<Tab, boolean> = { coupons: false, flash: flashOn, bag: bagOn, packet: packetOn, notice: noticeOn };
  return (
    <section className="panel console-panel marketing" data-testid="marketing-panel" aria-labelledby="marketing-h">
      <div className="panel__head">
        <h2 id="marketing-h">{t('console.marketing.title')}</h2>
      </div>
      <div className="tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'tab tab--on' : 'tab'} onClick={() => setTab(k)} data-testid={`tab-${k}`}>
            {t(`console.marketing.tab.${k}`)}
            {running[k] && <span className="dot" aria-label={t('console.marketing.running')} />}
          </button>
        ))}
      </div>
      <div className="tab-body">
        {tab === 'coupons' && <CouponsTab />}
        {tab === 'flash' && <FlashTab />}
        {tab === 'bag' && <LuckyBagTab />}
        {tab === 'packet' && <RedPacketTab />}
        {tab === 'notice' && <AnnouncementTab />}
      </div>
    </section>
  );
}

// ------------------------------------------------------------------ coupons

function couponState(c: CouponView, now: number): 'draft' | 'live' | 'stopped' | 'expired' | 'exhausted' {
  if (c.stopped) return 'stopped';
  if (c.issuedUntil < 0) return 'draft';
  if (c.claimed >= c.quantity) return 'exhausted';
  if (now >= c.issuedUntil) return 'expired';
  return 'live';
}

function CouponsTab() {
  const { t, i18n } = useTranslation();
  const coupons = useLive((s) => s.coupons);
  const now = useSimSecond() * 1000;
  const [creating, setCreating] = useState(false);
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
                <span className="small">{c.kind === 'live' ? t('coupon.kind.live') : t('coupon.thresholdShort', { threshold: yuan(c.threshold) })}</span>
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
                {st === 'draft' && <ActionButton type="issue_coupon" payload={{ coupon: c.id }} variant="primary" testId="issue-coupon" />}
                {st === 'live' && <ActionButton type="stop_coupon" payload={{ coupon: c.id }} variant="danger" testId="stop-coupon" />}
              </div>
            </li>
          );
        })}
      </ul>
      {creating ? (
        <CouponForm existing={coupons.map((c) => c.id)} onClose={() => setCreating(false)} />
      ) : (
        <button type="button" className="btn btn--small" onClick={() => setCreating(true)} data-testid="new-coupon">
          + {t('console.coupons.new')}
        </button>
      )}
    </div>
  );
}

function CouponForm({ existing, onClose }: { existing: string[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const labelOf = useActionLabel();
  const products = useLive((s) => s.products);
  const payloadError = usePayloadError();
  const suggested = (() => {
    for (let i = 1; ; i++) if (!existing.includes(`c${i}`)) return `c${i}`;
  })();
  const [id, setId] = useState(suggested);
  const [kind, setKind] = useState<'live' | 'threshold'>('live');
  const [threshold, setThreshold] = useState('');
  const [discount, setDiscount] = useState('');
  const [quantity, setQuantity] = useState('100');
  const [validityMin, setValidityMin] = useState('10');
  const [scope, setScope] = useState<string[]>([]);
  const payload = {
    coupon: id.trim(),
    kind,
    ...(kind === 'threshold' ? { threshold: num(threshold) } : {}),
    discount: num(discount),
    quantity: num(quantity),
    validity: Math.round((num(validityMin) ?? 10) * 60),
    products: scope,
  };
  const labels = {
    coupon: t('coupon.field.id'),
    threshold: t('coupon.field.threshold'),
    discount: t('coupon.field.discount'),
    quantity: t('coupon.field.quantity'),
    validity: t('coupon.field.validity'),
  };
  let error = payloadError('create_coupon', payload, labels);
  if (!error && existing.includes(payload.coupon)) error = t('coupon.duplicate');
  if (!error && kind === 'threshold' && (payload.threshold ?? 0) <= (payload.discount ?? 0)) error = t('coupon.thresholdAboveDiscount');
  return (
    <form
      className="form"
      data-testid="coupon-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (error) return;
        dispatch({ type: 'create_coupon', ...payload } as ActionBody);
        onClose();
      }}
    >
      <div className="form-grid">
        <label className="field">
          <span>{labels.coupon}</span>
          <input value={id} onChange={(e) => setId(e.target.value)} data-testid="coupon-id" />
        </label>
        <label className="field">
          <span>{t('coupon.field.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as 'live' | 'threshold')} data-testid="coupon-kind">
            <option value="live">{t('coupon.kind.live')}</option>
            <option value="threshold">{t('coupon.kind.threshold')}</option>
          </select>
        </label>
        {kind === 'threshold' && <NumberField action="create_coupon" field="threshold" label={labels.threshold} value={threshold} onChange={setThreshold} step={0.01} unit="¥" testId="coupon-threshold" />}
        <NumberField action="create_coupon" field="discount" label={labels.discount} value={discount} onChange={setDiscount} step={0.01} unit="¥" testId="coupon-discount" />
        <NumberField action="create_coupon" field="quantity" label={labels.quantity} value={quantity} onChange={setQuantity} min={1} testId="coupon-quantity" />
        <label className="field">
          <span>
            {labels.validity} <span className="muted small">{t('form.range', { min: 1, max: 1440 })}</span>
          </span>
          <select value={validityMin} onChange={(e) => setValidityMin(e.target.value)} data-testid="coupon-validity">
            {[1, 3, 5, 10, 15, 30, 60, 120, 1440].map((m) => (
              <option key={m} value={m}>
                {t('form.minutes', { count: m })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="scope">
        <legend>{t('coupon.field.products')}</legend>
        {products.map((p) => (
          <label key={p.id}>
            <input type="checkbox" checked={scope.includes(p.id)} onChange={(e) => setScope(e.target.checked ? [...scope, p.id] : scope.filter((x) => x !== p.id))} /> {p.no}.{' '}
            {pick(p.name, i18n.language)}
          </label>
        ))}
        <span className="muted small">{t('coupon.scopeNote')}</span>
      </fieldset>
      {error && <p className="form-error">{error}</p>}
      <div className="btn-row">
        <button type="submit" className="btn btn--small btn--primary" disabled={!!error} data-testid="coupon-create">
          {labelOf('create_coupon')}
        </button>
        <button type="button" className="btn btn--small btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

// ------------------------------------------------------------------ flash sale

function FlashTab() {
  const { t, i18n } = useTranslation();
  const labelOf = useActionLabel();
  const flash = useLive((s) => s.room?.flash ?? null);
  const now = useSimSecond() * 1000;
  const products = useLive((s) => s.products);
  const payloadError = usePayloadError();
  const run = useSession((s) => s.run);
  const plan = useSession((s) => s.plan);
  const segIndex = useLive((s) => s.segment.index);
  const planned = run?.scenario.runOfShow.find((x) => x.id === plan[segIndex])?.flashSale ? run.scenario.runOfShow.find((x) => x.id === plan[segIndex]) : undefined;
  const listed = products.filter((p) => p.listed);
  const [product, setProduct] = useState('');
  const [price, setPrice] = useState('');
  const [quantity, setQuantity] = useState('');
  const [perBuyer, setPerBuyer] = useState('1');
  const [countdown, setCountdown] = useState('10');
  const [duration, setDuration] = useState('120');

  if (flash) {
    const p = products.find((x) => x.id === flash.product);
    const phase = flash.started ? t('flash.onSale', { time: clock(flash.endsMs - now) }) : t('flash.countdown', { time: clock(flash.startsMs - now) });
    return (
      <div className="running-card" data-testid="flash-running">
        <strong>{p ? pick(p.name, i18n.language) : flash.product}</strong>
        <div>
          {t('flash.priceSold', { price: yuan(flash.price), sold: flash.sold, quantity: flash.quantity })} · {t('flash.perBuyerN', { count: flash.perBuyer })}
        </div>
        <div className="big-clock">{phase}</div>
        <ActionButton type="stop_flash_sale" payload={{}} variant="danger" testId="stop-flash" />
      </div>
    );
  }

  const chosen = product || listed[0]?.id || '';
  const payload = { product: chosen, price: num(price), quantity: num(quantity), perBuyer: num(perBuyer), countdown: num(countdown), duration: num(duration) };
  const labels = { product: t('flash.field.product'), price: t('flash.field.price'), quantity: t('flash.field.quantity'), perBuyer: t('flash.field.perBuyer'), countdown: t('flash.field.countdown'), duration: t('flash.field.duration') };
  const error = listed.length === 0 ? t('flash.needListed') : payloadError('start_flash_sale', payload, labels);
  const usePlanned = () => {
    if (!planned?.flashSale || !planned.product) return;
    setProduct(planned.product);
    setPrice(String(planned.flashSale.price));
    setQuantity(String(planned.flashSale.quantity));
    setPerBuyer(String(planned.flashSale.perBuyer));
  };
  return (
    <form
      className="form"
      data-testid="flash-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!error) dispatch({ type: 'start_flash_sale', ...payload } as ActionBody);
      }}
    >
      {planned?.flashSale && (
        <button type="button" className="btn btn--small btn--ghost" onClick={usePlanned} data-testid="flash-use-plan">
          {t('flash.usePlan', { price: planned.flashSale.price, quantity: planned.flashSale.quantity })}
        </button>
      )}
      <div className="form-grid">
        <label className="field">
          <span>{labels.product}</span>
          <select value={chosen} onChange={(e) => setProduct(e.target.value)} data-testid="flash-product">
            {listed.map((p) => (
              <option key={p.id} value={p.id}>
                {p.no}. {pick(p.name, i18n.language)} (¥{yuan(p.price)})
              </option>
            ))}
          </select>
        </label>
        <NumberField action="start_flash_sale" field="price" label={labels.price} value={price} onChange={setPrice} step={0.01} unit="¥" testId="flash-price" />
        <NumberField action="start_flash_sale" field="quantity" label={labels.quantity} value={quantity} onChange={setQuantity} min={1} testId="flash-quantity" />
        <NumberField action="start_flash_sale" field="perBuyer" label={labels.perBuyer} value={perBuyer} onChange={setPerBuyer} />
        <NumberField action="start_flash_sale" field="countdown" label={labels.countdown} value={countdown} onChange={setCountdown} unit={t('form.sec')} />
        <NumberField action="start_flash_sale" field="duration" label={labels.duration} value={duration} onChange={setDuration} unit={t('form.sec')} />
      </div>
      {error && <p className="form-error">{error}</p>}
      <button type="submit" className="btn btn--small btn--primary" disabled={!!error} data-testid="flash-start">
        {labelOf('start_flash_sale')}
      </button>
    </form>
  );
}

// ------------------------------------------------------------------ lucky bag

function LuckyBagTab() {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const bag = useLive((s) => s.room?.luckyBag ?? null);
  const now = useSimSecond() * 1000;
  const payloadError = usePayloadError();
  const [entry, setEntry] = useState<'follow' | 'comment'>('follow');
  const [keyword, setKeyword] = useState('');
  const [prize, setPrize] = useState('');
  const [winners, setWinners] = useState('3');
  const [drawAfter, setDrawAfter] = useState('180');
  if (bag) {
    return (
      <div className="running-card" data-testid="bag-running">
        <strong>{bag.entry === 'follow' ? t('bag.entry.follow') : t('bag.entry.commentKw', { keyword: bag.keyword })}</strong>
        <div>{t('bag.status', { entrants: bag.entrants, winners: bag.winners })}</div>
        <div className="big-clock">{t('bag.drawIn', { time: clock(bag.drawAt - now) })}</div>
      </div>
    );
  }
  const payload = { entry, ...(entry === 'comment' ? { keyword: keyword.trim() } : {}), prize: prize.trim(), winners: num(winners), drawAfter: num(drawAfter) };
  const labels = { entry: t('bag.field.entry'), keyword: t('bag.field.keyword'), prize: t('bag.field.prize'), winners: t('bag.field.winners'), drawAfter: t('bag.field.drawAfter') };
  let error = payloadError('launch_lucky_bag', payload, labels);
  if (!error && entry === 'comment' && !keyword.trim()) error = t('form.fieldRequired', { field: labels.keyword });
  return (
    <form
      className="form"
      data-testid="bag-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!error) dispatch({ type: 'launch_lucky_bag', ...payload } as ActionBody);
      }}
    >
      <div className="form-grid">
        <label className="field">
          <span>{labels.entry}</span>
          <select value={entry} onChange={(e) => setEntry(e.target.value as 'follow' | 'comment')}>
            <option value="follow">{t('bag.entry.follow')}</option>
            <option value="comment">{t('bag.entry.comment')}</option>
          </select>
        </label>
        {entry === 'comment' && (
          <label className="field">
            <span>{labels.keyword}</span>
            <input value={keyword} maxLength={20} onChange={(e) => setKeyword(e.target.value)} />
          </label>
        )}
        <label className="field">
          <span>{labels.prize}</span>
          <input value={prize} onChange={(e) => setPrize(e.target.value)} placeholder={t('bag.prizePlaceholder')} />
        </label>
        <NumberField action="launch_lucky_bag" field="winners" label={labels.winners} value={winners} onChange={setWinners} />
        <NumberField action="launch_lucky_bag" field="drawAfter" label={labels.drawAfter} value={drawAfter} onChange={setDrawAfter} unit={t('form.sec')} />
      </div>
      <p className="muted small">{t('bag.rulesNote')}</p>
      {error && <p className="form-error">{error}</p>}
      <button type="submit" className="btn btn--small btn--primary" disabled={!!error} data-testid="bag-launch">
        {labelOf('launch_lucky_bag')}
      </button>
    </form>
  );
}

// ------------------------------------------------------------------ red packet

function RedPacketTab() {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const packet = useLive((s) => s.room?.redPacket ?? null);
  const payloadError = usePayloadError();
  const [total, setTotal] = useState('');
  const [count, setCount] = useState('20');
  if (packet) {
    return (
      <div className="running-card" data-testid="packet-running">
        <strong>{t('packet.running', { total: yuan(packet.total), count: packet.count })}</strong>
        <div>{t('packet.grabbed', { grabbed: packet.grabbed, count: packet.count })}</div>
      </div>
    );
  }
  const payload = { total: num(total), count: num(count) };
  const labels = { total: t('packet.field.total'), count: t('packet.field.count') };
  let error = payloadError('send_red_packet', payload, labels);
  if (!error && (payload.total ?? 0) > 20000) error = t('form.fieldMax', { field: labels.total, max: 20000 });
  if (!error && Math.round((payload.total ?? 0) * 100) < (payload.count ?? 0)) error = t('packet.tooSmall');
  return (
    <form
      className="form"
      data-testid="packet-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!error) dispatch({ type: 'send_red_packet', ...payload } as ActionBody);
      }}
    >
      <div className="form-grid">
        <NumberField action="send_red_packet" field="total" label={labels.total} value={total} onChange={setTotal} step={0.01} unit="¥" />
        <NumberField action="send_red_packet" field="count" label={labels.count} value={count} onChange={setCount} />
      </div>
      {error && <p className="form-error">{error}</p>}
      <button type="submit" className="btn btn--small btn--primary" disabled={!!error} data-testid="packet-send">
        {labelOf('send_red_packet')}
      </button>
    </form>
  );
}

// ------------------------------------------------------------------ announcement

function AnnouncementTab() {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const current = useLive((s) => s.room?.announcement ?? '');
  const [text, setText] = useState('');
  const tooLong = text.trim().length > 200;
  return (
    <div className="form" data-testid="notice-tab">
      <p className="small">
        <span className="muted">{t('notice.current')}</span> {current || <span className="muted">{t('notice.none')}</span>}
      </p>
      <ComplianceTextarea value={text} onChange={setText} rows={3} placeholder={t('notice.placeholder')} testId="notice-input" maxChars={200} />
      <div className="btn-row">
        <button
          type="button"
          className="btn btn--small btn--primary"
          disabled={!text.trim() || tooLong}
          data-testid="notice-post"
          onClick={() => {
            dispatch({ type: 'post_announcement', text: text.trim() });
            setText('');
          }}
        >
          {labelOf('post_announcement')}
        </button>
        {current && (
          <button type="button" className="btn btn--small btn--ghost" onClick={() => dispatch({ type: 'post_announcement', text: '' })}>
            {t('notice.clear')}
          </button>
        )}
      </div>
    </div>
  );
}
