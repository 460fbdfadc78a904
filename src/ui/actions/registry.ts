/**
 * The console's one registry of actions.
 *
 * Engine actions (their payloads, limits and zh/en labels) are defined once in
 * src/engine/actions.ts. This file adds only what the console needs on top: which panel
 * offers each one and its keyboard shortcut. Buttons, the shortcut handler and the help
 * overlay all read from here, so a label or a key is never written twice.
 */
import { ACTIONS, actionLabel, type ActionType } from '../../engine/actions';
import type { ActionBody } from '../../engine/actions';
import type { z } from 'zod';

export type Lang = 'zh' | 'en';

/** The engine's label language for an i18next language code. */
export function engineLang(lng: string | undefined): Lang {
  return lng && lng.startsWith('en') ? 'en' : 'zh';
}

export type Panel = 'products' | 'marketing' | 'comments' | 'talk' | 'incidents' | 'controls';

/** Where each engine action lives in the console. Every action type must be listed (the compiler checks). */
export const ACTION_PANELS: Record<ActionType, Panel> = {
  list_product: 'products',
  delist_product: 'products',
  start_explaining: 'products',
  stop_explaining: 'products',
  show_card: 'products',
  hide_card: 'products',
  set_price: 'products',
  set_stock: 'products',
  fix_link: 'products',
  create_coupon: 'marketing',
  issue_coupon: 'marketing',
  stop_coupon: 'marketing',
  start_flash_sale: 'marketing',
  stop_flash_sale: 'marketing',
  launch_lucky_bag: 'marketing',
  send_red_packet: 'marketing',
  post_announcement: 'marketing',
  say: 'talk',
  reply_comment: 'comments',
  pin_comment: 'comments',
  unpin_comment: 'comments',
  mute_user: 'comments',
  block_user: 'comments',
  set_keyword_filter: 'comments',
  reconnect_stream: 'incidents',
  fix_microphone: 'incidents',
  acknowledge_warning: 'incidents',
  set_plan: 'controls',
  start_segment: 'controls',
  end_stream: 'controls',
};

export function label(type: ActionType, lang: Lang): string {
  return actionLabel(type, lang);
}

// ------------------------------------------------------------------ shortcuts

/** What a shortcut can see and do. */
export interface ShortcutContext {
  productByNo(no: number): { id: string } | undefined;
  selectedComment(): { id: number; viewer: number } | undefined;
  dispatch(body: ActionBody): void;
  togglePause(): void;
  canPause: boolean;
  selectComment(delta: 1 | -1): void;
  focus(target: 'reply' | 'talk'): void;
  toggleHelp(): void;
}

export interface Shortcut {
  id: string;
  /** Keys as shown in the help overlay. */
  display: string;
  /** The engine action it performs (its label comes from the engine registry)… */
  action?: ActionType;
  /** …or an i18n key for console-only commands. */
  labelKey?: string;
  /** Extra i18n key shown after the label (e.g. "product N"). */
  detailKey?: string;
  /** Does this keyboard event trigger it? Returns the argument (e.g. the digit) or null. */
  match(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>): number | null;
  run(ctx: ShortcutContext, arg: number): void;
}

const digit = (e: Pick<KeyboardEvent, 'code'>): number | null => {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  return m ? Number(m[1]) : null;
};
const key = (k: string, shift = false) => (e: Pick<KeyboardEvent, 'key' | 'shiftKey'>) => (e.key.toLowerCase() === k && e.shiftKey === shift ? 0 : null);

export const SHORTCUTS: Shortcut[] = [
  {
    id: 'card',
    display: '1 … 9',
    action: 'show_card',
    detailKey: 'shortcuts.productN',
    match: (e) => (e.shiftKey ? null : digit(e)),
    run: (ctx, n) => {
      const p = ctx.productByNo(n);
      if (p) ctx.dispatch({ type: 'show_card', product: p.id });
    },
  },
  {
    id: 'explain',
    display: 'Shift + 1 … 9',
    action: 'start_explaining',
    detailKey: 'shortcuts.productN',
    match: (e) => (e.shiftKey ? digit(e) : null),
    run: (ctx, n) => {
      const p = ctx.productByNo(n);
      if (p) ctx.dispatch({ type: 'start_explaining', product: p.id });
    },
  },
  { id: 'hide-card', display: 'H', action: 'hide_card', match: key('h'), run: (ctx) => ctx.dispatch({ type: 'hide_card' }) },
  {
    id: 'pin',
    display: 'P',
    action: 'pin_comment',
    detailKey: 'shortcuts.selected',
    match: key('p'),
    run: (ctx) => {
      const c = ctx.selectedComment();
      if (c) ctx.dispatch({ type: 'pin_comment', comment: c.id });
    },
  },
  { id: 'unpin', display: 'U', action: 'unpin_comment', match: key('u'), run: (ctx) => ctx.dispatch({ type: 'unpin_comment' }) },
  {
    id: 'mute',
    display: 'M',
    action: 'mute_user',
    detailKey: 'shortcuts.selectedMute',
    match: key('m'),
    run: (ctx) => {
      const c = ctx.selectedComment();
      if (c && c.viewer > 0) ctx.dispatch({ type: 'mute_user', viewer: c.viewer, minutes: 10 });
    },
  },
  {
    id: 'block',
    display: 'Shift + B',
    action: 'block_user',
    detailKey: 'shortcuts.selected',
    match: key('b', true),
    run: (ctx) => {
      const c = ctx.selectedComment();
      if (c && c.viewer > 0) ctx.dispatch({ type: 'block_user', viewer: c.viewer });
    },
  },
  { id: 'prev', display: '↑ / K', labelKey: 'shortcuts.prevComment', match: (e) => (e.key === 'ArrowUp' || e.key.toLowerCase() === 'k' ? 0 : null), run: (ctx) => ctx.selectComment(-1) },
  { id: 'next', display: '↓ / J', labelKey: 'shortcuts.nextComment', match: (e) => (e.key === 'ArrowDown' || e.key.toLowerCase() === 'j' ? 0 : null), run: (ctx) => ctx.selectComment(1) },
  { id: 'reply', display: 'R', labelKey: 'shortcuts.reply', match: key('r'), run: (ctx) => ctx.focus('reply') },
  { id: 'talk', display: 'T', labelKey: 'shortcuts.talk', match: key('t'), run: (ctx) => ctx.focus('talk') },
  {
    id: 'pause',
    display: 'Space',
    labelKey: 'shortcuts.pause',
    match: (e) => (e.key === ' ' ? 0 : null),
    run: (ctx) => {
      if (ctx.canPause) ctx.togglePause();
    },
  },
  { id: 'help', display: '?', labelKey: 'shortcuts.help', match: (e) => (e.key === '?' ? 0 : null), run: (ctx) => ctx.toggleHelp() },
];

/** The shortcut shown on a button for an engine action, if it has one. */
export function shortcutFor(action: ActionType): string | undefined {
  return SHORTCUTS.find((s) => s.action === action)?.display;
}

export function matchShortcut(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>): { shortcut: Shortcut; arg: number } | null {
  for (const s of SHORTCUTS) {
    const arg = s.match(e);
    if (arg !== null) return { shortcut: s, arg };
  }
  return null;
}

// ------------------------------------------------------------------ limits from the engine's schemas

type Limits = { min?: number; max?: number; int?: boolean; maxLength?: number; default?: unknown };

/**
 * The numeric limits and default of one payload field, read from the engine's zod schema,
 * so a form's min/max are the engine's (and the real consoles' they copy), never retyped.
 */
export function fieldLimits(type: ActionType, field: string): Limits {
  const schema = ACTIONS[type].schema as unknown as z.ZodObject;
  let node = (schema.shape as Record<string, z.ZodType>)[field] as unknown as { def?: Record<string, unknown> } & Record<string, unknown>;
  const out: Limits = {};
  for (let guard = 0; node && guard < 8; guard++) {
    const def = node.def as { type?: string; innerType?: unknown; defaultValue?: unknown; in?: unknown } | undefined;
    if (!def) break;
    if (def.type === 'default') {
      out.default = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
      node = def.innerType as typeof node;
    } else if (def.type === 'optional' || def.type === 'nullable') node = def.innerType as typeof node;
    else if (def.type === 'pipe') node = def.in as typeof node;
    else break;
  }
  const n = node as unknown as { minValue?: number | null; maxValue?: number | null; isInt?: boolean; maxLength?: number | null };
  if (typeof n.minValue === 'number' && Number.isFinite(n.minValue)) out.min = n.minValue;
  if (typeof n.maxValue === 'number' && Number.isFinite(n.maxValue)) out.max = n.maxValue;
  if (n.isInt) out.int = true;
  if (typeof n.maxLength === 'number') out.maxLength = n.maxLength;
  return out;
}

/** Check a payload against the engine's schema before dispatching; returns the first problem's field and kind. */
export function checkPayload(type: ActionType, payload: Record<string, unknown>): { field: string; code: string; limit?: number } | null {
  const r = (ACTIONS[type].schema as unknown as z.ZodType).safeParse(payload);
  if (r.success) return null;
  const issue = r.error.issues[0] as { path: PropertyKey[]; code: string; minimum?: number | bigint; maximum?: number | bigint };
  const limit = issue.minimum ?? issue.maximum;
  return { field: String(issue.path[0] ?? ''), code: issue.code, ...(limit !== undefined ? { limit: Number(limit) } : {}) };
}
