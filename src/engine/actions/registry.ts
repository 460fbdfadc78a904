/**
 * The registry of host and controller actions: every action type, in the order the console
 * and the docs list them. To add an action: write its file (see define.ts and any neighbour),
 * then add it here. Applying an action is the same for all: check the payload against the
 * schema, refuse it while the stream is down if it needs the stream, then let it apply itself.
 */
import { atLeast } from '../kernel/version';
import type * as z from 'zod/mini';
import { emit, retractLast } from '../kernel/log';
import type { QueuedAction } from '../kernel/queue';
import type { World } from '../kernel/state';
import { parsePayload, Rejection, type ActionDef } from './define';
import { listProductAction } from './list-product';
import { delistProductAction } from './delist-product';
import { startExplainingAction } from './start-explaining';
import { stopExplainingAction } from './stop-explaining';
import { showCardAction } from './show-card';
import { hideCardAction } from './hide-card';
import { setPriceAction } from './set-price';
import { setStockAction } from './set-stock';
import { fixLinkAction } from './fix-link';
import { createCouponAction } from './create-coupon';
import { issueCouponAction } from './issue-coupon';
import { stopCouponAction } from './stop-coupon';
import { startFlashSaleAction } from './start-flash-sale';
import { stopFlashSaleAction } from './stop-flash-sale';
import { launchLuckyBagAction } from './launch-lucky-bag';
import { sendRedPacketAction } from './send-red-packet';
import { sayAction } from './say';
import { replyCommentAction } from './reply-comment';
import { pinCommentAction } from './pin-comment';
import { unpinCommentAction } from './unpin-comment';
import { muteUserAction } from './mute-user';
import { blockUserAction } from './block-user';
import { setKeywordFilterAction } from './set-keyword-filter';
import { postAnnouncementAction } from './post-announcement';
import { reconnectStreamAction } from './reconnect-stream';
import { fixMicrophoneAction } from './fix-microphone';
import { acknowledgeWarningAction } from './acknowledge-warning';
import { setPlanAction } from './set-plan';
import { startSegmentAction } from './start-segment';
import { endStreamAction } from './end-stream';
import { submitScriptAction } from './submit-script';

export const ACTION_LOG_FORMAT = 'livesim/actions@1';

export const ACTIONS = {
  list_product: listProductAction,
  delist_product: delistProductAction,
  start_explaining: startExplainingAction,
  stop_explaining: stopExplainingAction,
  show_card: showCardAction,
  hide_card: hideCardAction,
  set_price: setPriceAction,
  set_stock: setStockAction,
  fix_link: fixLinkAction,
  create_coupon: createCouponAction,
  issue_coupon: issueCouponAction,
  stop_coupon: stopCouponAction,
  start_flash_sale: startFlashSaleAction,
  stop_flash_sale: stopFlashSaleAction,
  launch_lucky_bag: launchLuckyBagAction,
  send_red_packet: sendRedPacketAction,
  say: sayAction,
  reply_comment: replyCommentAction,
  pin_comment: pinCommentAction,
  unpin_comment: unpinCommentAction,
  mute_user: muteUserAction,
  block_user: blockUserAction,
  set_keyword_filter: setKeywordFilterAction,
  post_announcement: postAnnouncementAction,
  reconnect_stream: reconnectStreamAction,
  fix_microphone: fixMicrophoneAction,
  acknowledge_warning: acknowledgeWarningAction,
  set_plan: setPlanAction,
  start_segment: startSegmentAction,
  end_stream: endStreamAction,
  submit_script: submitScriptAction,
} as const;

export type ActionType = keyof typeof ACTIONS;
type RawPayload<K extends ActionType> = z.input<(typeof ACTIONS)[K]['schema']>;
// Empty strict objects come out as an index signature of `never`; treat them as "no fields".
type Payload<K extends ActionType> = string extends keyof RawPayload<K> ? object : RawPayload<K>;
/** An action as written in an action file or dispatched by the UI: `{ t, type, ...payload }`. */
export type ActionInput = { [K in ActionType]: { t: number; type: K } & Payload<K> }[ActionType];
export type Action = ActionInput;
/** An action without its time, e.g. what a button or a bot wants to do "now". */
export type ActionBody = ActionInput extends infer A ? (A extends unknown ? Omit<A, 't'> : never) : never;

export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

/** The definition of an action type; own keys only, so "toString" or "__proto__" are unknown, not crashes. */
export function lookupAction(type: unknown): ActionDef | undefined {
  return typeof type === 'string' && Object.hasOwn(ACTIONS, type) ? (ACTIONS as Record<string, ActionDef>)[type] : undefined;
}

/** The action types a run of engine `version` knows (a replayed older run does not know later ones). */
function knownTypes(version: string): ActionType[] {
  return ACTION_TYPES.filter((t) => {
    const since = (ACTIONS as Record<string, ActionDef>)[t].since;
    return since === undefined || atLeast(version, since);
  });
}

/**
 * Apply one action at `w.eventTime`. Logs `action.accepted` then its effects, or `action.rejected`.
 * Returns the id of its `action.accepted` event, or -1 when it was rejected.
 */
export function applyAction(w: World, action: QueuedAction): number {
  const { t: _t, type, seq, ...raw } = action;
  void _t;
  const found = lookupAction(type);
  const def = found && (found.since === undefined || atLeast(w.engineVersion, found.since)) ? found : undefined;
  if (!def) {
    emit(w, 'action.rejected', { seq, action: String(type), payload: raw, code: 'unknown_action', reason: `unknown action "${String(type)}" (known: ${knownTypes(w.engineVersion).join(', ')})` });
    return -1;
  }
  const parsed = parsePayload(def.schema, raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    emit(w, 'action.rejected', { seq, action: type, payload: raw, code: 'invalid_payload', reason: `${where}${issue.message}` });
    return -1;
  }
  if (w.status === 'interrupted' && def.whileDown === false) {
    emit(w, 'action.rejected', { seq, action: type, payload: raw, code: 'stream_down', reason: 'not possible while the stream is interrupted' });
    return -1;
  }
  // Log the acceptance first; a rejection found while applying takes it back, leaving no trace but the rejection itself.
  const logLength = w.log.length;
  const accepted = emit(w, 'action.accepted', { seq, action: type, payload: parsed.data as Record<string, unknown> });
  try {
    def.apply(w, parsed.data, accepted);
  } catch (e) {
    if (!(e instanceof Rejection)) throw e;
    if (w.log.length !== logLength + 1) throw new Error(`action ${type} emitted events before rejecting: fix its checks order`, { cause: e });
    retractLast(w);
    emit(w, 'action.rejected', { seq, action: type, payload: raw, code: e.code, reason: e.message });
    return -1;
  }
  return accepted;
}

/** Label of an action in the UI language. */
export function actionLabel(type: string, lang: 'zh' | 'en'): string {
  const d = lookupAction(type);
  return d ? d.label[lang] : type;
}
