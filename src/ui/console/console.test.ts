/**
 * The generated console, rendered (react-dom/server) against a console state in which every
 * control applies: every engine action that is not drawn by a bespoke component must show up in
 * its own panel, and every engine shortcut in the help overlay.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ACTIONS, ACTION_TYPES, type ActionType, type ConsolePanel, type ShortcutDef } from '../../engine';
import '../i18n';
import { useConsole } from '../store/console';
import { initialLiveState, useLive, type LiveState } from '../store/live';
import { useSession, type SessionState } from '../store/session';
import type { CommentItem, IncidentItem, ProductView, RoomView } from '../store/types';
import { TopBar } from '../screens/Live';
import { CommentsPanel } from './CommentsPanel';
import { HelpOverlay } from './HelpOverlay';
import { IncidentsPanel } from './IncidentsPanel';
import { MarketingPanel, MARKETING_TABS } from './MarketingPanel';
import { ProductsPanel } from './ProductsPanel';

const product = (id: string, no: number, over: Partial<ProductView>): ProductView => ({
  id,
  no,
  name: { zh: id, en: id },
  listed: false,
  price: 1990,
  listPrice: 2990,
  stock: 100,
  sold: 0,
  orders: 0,
  paidOrders: 0,
  gmv: 0,
  clicks: 0,
  explaining: false,
  card: false,
  soldOut: false,
  linkTarget: id,
  ...over,
});
const comment: CommentItem = { id: 12, t: 1000, viewer: 7, user: '小橙子', text: '多少钱？', kind: 'question', scripted: false };
const room = (over: Partial<RoomView> = {}): RoomView => ({
  now: 60000,
  durationMs: 300000,
  status: 'live',
  quality: 'good',
  micDown: false,
  announcement: '',
  pinned: comment,
  filterWords: ['骗子'],
  flash: null,
  luckyBag: null,
  redPacket: null,
  speed: 1,
  paused: false,
  segment: 'opening',
  ...over,
});
const incident = (id: string, kind: IncidentItem['kind'], over: Partial<IncidentItem> = {}): IncidentItem => ({
  id,
  kind,
  message: { zh: id, en: id },
  startedAt: 0,
  deadline: 120000,
  status: 'open',
  failedRetries: 0,
  comments: [],
  ...over,
});

function liveState(over: Partial<LiveState> = {}): LiveState {
  return {
    ...initialLiveState(),
    room: room(),
    // One product listed, explained, on the card and with a broken link; one not listed yet.
    products: [product('a', 1, { listed: true, explaining: true, card: true, linkTarget: 'b' }), product('b', 2, {})],
    coupons: [
      { id: 'draft', name: null, kind: 'live', threshold: 0, discount: 500, quantity: 100, claimed: 0, used: 0, validityMs: 600000, issuedUntil: -1, stopped: false, misconfigured: false, products: [] },
      { id: 'out', name: null, kind: 'live', threshold: 0, discount: 300, quantity: 100, claimed: 3, used: 1, validityMs: 600000, issuedUntil: 200000, stopped: false, misconfigured: false, products: [] },
    ],
    comments: [comment],
    incidents: [
      incident('drop', 'stream_drop'),
      incident('link', 'wrong_link', { product: 'a' }),
      incident('price', 'wrong_price', { product: 'a' }),
      incident('stock', 'stock_mismatch', { product: 'a' }),
      incident('ops', 'coupon_misconfig'),
      incident('warn', 'platform_warning'),
      incident('mic', 'mic_failure'),
    ],
    ...over,
  };
}

const run = {
  seed: 1,
  sim: { durationMs: 300000 },
  scenario: { meta: { title: { zh: '演练', en: 'Drill' }, seat: 'host' }, products: [], runOfShow: [], incidents: [{ id: 'ops', kind: 'coupon_misconfig', coupon: { id: 'out' } }] },
};

/** Swap a store's server snapshot (what a server render reads) for the given state, run, restore. */
function withSnapshot<T extends object, R>(store: { getInitialState(): T }, state: T, f: () => R): R {
  const snapshot = store.getInitialState();
  const saved = { ...snapshot };
  Object.assign(snapshot, state);
  try {
    return f();
  } finally {
    for (const k of Object.keys(snapshot)) delete (snapshot as Record<string, unknown>)[k];
    Object.assign(snapshot, saved);
  }
}

/** Render with the stores holding the given console state, a run, and the first comment selected. */
function render(el: ReactElement, live: LiveState): string {
  const session = { ...useSession.getState(), run, mode: 'practice', plan: [] } as unknown as SessionState;
  return withSnapshot(useLive, live, () => withSnapshot(useSession, session, () => withSnapshot(useConsole, { ...useConsole.getState(), selected: comment.id }, () => renderToStaticMarkup(el))));
}

/** The attributes of the element with this test id. */
function tagOf(html: string, testId: string): string {
  const m = new RegExp(`<[a-z]+[^>]*data-testid="${testId}"[^>]*>`).exec(html);
  return m ? m[0] : '';
}

/** The actions a piece of markup offers: buttons that dispatch them, their forms, and disclosures that open their forms. */
function offered(html: string): Set<string> {
  return new Set([...html.matchAll(/data-(?:action|action-form|opens)="([a-z_]+)"/g)].map((m) => m[1]));
}

const PANEL_RENDERS: Record<Exclude<ConsolePanel, 'talk'>, () => string> = {
  products: () => render(createElement(ProductsPanel), liveState()),
  marketing: () =>
    [
      ...MARKETING_TABS.map((tab) => render(createElement(MarketingPanel, { initialTab: tab }), liveState())),
      // What only shows while something runs (end the flash sale).
      render(createElement(MarketingPanel), liveState({ room: room({ flash: { product: 'a', price: 990, quantity: 10, perBuyer: 1, startsMs: 70000, endsMs: 190000, sold: 0, started: false } }) })),
    ].join(''),
  comments: () => render(createElement(CommentsPanel), liveState()),
  incidents: () => render(createElement(IncidentsPanel), liveState()),
  controls: () => render(createElement(TopBar), liveState()),
};

describe('the generated console', () => {
  it('offers every action that has a generic control, in its own panel', () => {
    const missing: string[] = [];
    for (const [panel, draw] of Object.entries(PANEL_RENDERS)) {
      const got = offered(draw());
      for (const type of ACTION_TYPES) {
        const c = ACTIONS[type].console;
        if (c.panel === panel && c.control !== 'custom' && !got.has(type)) missing.push(`${type} (${panel}, ${c.control})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('draws forms from the schemas: fields, limits and defaults', () => {
    const flash = render(createElement(MarketingPanel, { initialTab: 'start_flash_sale' }), liveState());
    expect(flash).toContain('data-action-form="start_flash_sale"');
    // countdown: 10–300 s, default 10 (the engine's schema)
    const countdown = tagOf(flash, 'start-flash-sale-countdown');
    for (const attr of ['type="number"', 'min="10"', 'max="300"', 'value="10"']) expect(countdown).toContain(attr);
    expect(tagOf(flash, 'start-flash-sale-price')).toContain('step="0.01"');
    // the product is a select of the scenario's products, the listed one chosen first
    expect(flash).toMatch(/data-testid="start-flash-sale-product"><option value="a" selected="">1\. a/);
    const coupon = render(createElement(MarketingPanel, { initialTab: 'create_coupon' }), liveState());
    expect(tagOf(coupon, 'create-coupon-validity')).toContain('value="600"');
    expect(coupon).toContain('data-testid="create-coupon-products"');
    expect(coupon).toContain('直播间专享券');
  });

  it('labels controls with the engine labels, in English too', async () => {
    const { setLanguage } = await import('../i18n');
    await setLanguage('en');
    try {
      const html = render(createElement(ProductsPanel), liveState());
      expect(html).toContain(`>${ACTIONS.list_product.label.en}<`);
      expect(html).toContain(ACTIONS.stop_explaining.label.en);
    } finally {
      await setLanguage('zh-CN');
    }
    expect(render(createElement(ProductsPanel), liveState())).toContain(`>${ACTIONS.list_product.label.zh}<`);
  });

  it('lists every engine shortcut in the help overlay', () => {
    const html = render(createElement(HelpOverlay), liveState());
    const withShortcut = ACTION_TYPES.filter((type) => (ACTIONS[type] as { shortcut?: ShortcutDef }).shortcut);
    expect(withShortcut.length).toBeGreaterThan(3);
    for (const type of withShortcut) {
      const def = (ACTIONS[type] as { shortcut?: ShortcutDef }).shortcut!;
      const row = new RegExp(`<tr data-shortcut="${type}"><td><kbd>${def.display.replace(/[+.*?]/g, '\\$&')}</kbd></td><td>${ACTIONS[type as ActionType].label.zh}`);
      expect(html, type).toMatch(row);
    }
    // The mute key's duration is the schema's default.
    expect(html).toMatch(/data-shortcut="mute_user".*?10</);
  });
});
