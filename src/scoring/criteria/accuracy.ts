/**
 * Console accuracy (中控操作准确): buttons pressed with nothing to act on cost points.
 *
 * - A rejected action (the engine refused it: `action.rejected`) is a mis-click; presses of the
 *   same button with the same payload within a couple of seconds count once (a double click).
 * - A blind fix is an incident fix pressed when there was nothing to fix: a rejected
 *   fix_link / fix_microphone / reconnect_stream / acknowledge_warning, or a set_price /
 *   set_stock accepted without an occasion (no open price or stock incident, no host cue, no
 *   sell-out of that product) — a price "fixed" to what it already was, or changed off plan.
 *
 * - A notice posted again while the same notice (or nearly the same) went up less than a minute
 *   before is spam on the viewers' screen, and counts as a mis-click.
 *
 * A few mis-clicks cost little; spam costs a lot: past an allowance, every further press is also
 * deducted from the total (`penalty`), up to a cap, so that pressing every fix button every few
 * seconds cannot hide in a criterion worth a few points. Points also need console work to show
 * accuracy at all (accepted actions that did something), as silence shows no compliance skill.
 */
import { z } from 'zod';
import { lineKey, REPEAT_SIMILARITY, similarity, type SimEvent } from '../../engine';
import { clock, type RunIndex } from '../run-index';
import type { Bilingual, Evidence } from '../types';
import { clamp01, defineCriterion, ev, feedback, omission, plural } from './define';

/** Buttons that fix an incident: pressing one with nothing to fix is a blind fix. */
const FIX_ACTIONS = new Set(['fix_link', 'fix_microphone', 'reconnect_stream', 'acknowledge_warning', 'set_price', 'set_stock']);
/** Speech and text: judged by the speech criteria, not here. */
const WORDS = new Set(['say', 'reply_comment', 'post_announcement']);

const ACTION_NAMES: Record<string, Bilingual> = {
  fix_link: { zh: '修正商品链接', en: 'fix link' },
  fix_microphone: { zh: '切换备用麦克风', en: 'switch microphone' },
  reconnect_stream: { zh: '重新连接推流', en: 'reconnect stream' },
  acknowledge_warning: { zh: '处理平台警告', en: 'acknowledge warning' },
  set_price: { zh: '改价', en: 'change price' },
  set_stock: { zh: '改库存', en: 'change stock' },
  post_announcement: { zh: '发公告', en: 'post notice' },
};
/** A notice as similar as a repeated line (REPEAT_SIMILARITY) to one posted less than this before is the same notice again. */
const NOTICE_REPEAT_MS = 60_000;

const actionName = (a: string): Bilingual => ACTION_NAMES[a] ?? { zh: a, en: a.replace(/_/g, ' ') };

const PRICE_KINDS = new Set(['wrong_price', 'supplier_price_change']);
const STOCK_KINDS = new Set(['stock_mismatch']);

export interface BlindAction {
  event: SimEvent<'action.accepted'> | SimEvent<'action.rejected'>;
  action: string;
  /** 'fix': a fix with nothing to fix; 'misclick': any other refused action, or a notice posted again at once. */
  kind: 'fix' | 'misclick';
  why: Bilingual;
}

const cache = new WeakMap<RunIndex, Map<number, { blind: BlindAction[]; useful: number; repeats: number }>>();

/**
 * The run's blind and rejected actions (computed once per run): every refused action (repeats of
 * the same refused press within `repeatSec` folded into one), and every accepted price or stock
 * change without an occasion.
 */
export function blindActions(run: RunIndex, repeatSec = 2): { blind: BlindAction[]; useful: number; repeats: number } {
  let perRun = cache.get(run);
  if (!perRun) cache.set(run, (perRun = new Map()));
  const hit = perRun.get(repeatSec);
  if (hit) return hit;
  const blind: BlindAction[] = [];
  let useful = 0;
  let repeats = 0;
  const lastRejected = new Map<string, number>();
  const incidents = run.of('incident.started');
  const handledAt = new Map<string, number>();
  for (const h of run.of('incident.handled')) if (!handledAt.has(h.incident)) handledAt.set(h.incident, h.t);
  const openIncident = (kinds: Set<string>, product: unknown, t: number) =>
    incidents.some((i) => kinds.has(i.kind) && (i.product === undefined || i.product === product) && i.t <= t && (handledAt.get(i.incident) ?? Infinity) >= t);
  const cues = run.of('cue.issued');
  const cueDone = new Map<string, number>();
  for (const d of run.of('cue.done')) if (!cueDone.has(d.cue)) cueDone.set(d.cue, d.t);
  const openCue = (action: string, product: unknown, t: number) =>
    cues.some((c) => c.action === action && (c.product === undefined || c.product === product) && c.t <= t && (cueDone.get(c.cue) ?? Infinity) >= t);
  const soldOut = (product: unknown, t: number) => run.of('product.soldout').some((s) => s.product === product && s.t <= t);
  // A second press right after the fix (a confirmation, or the value the host then names) is not blind.
  const justFixed = (kinds: Set<string>, product: unknown, t: number) =>
    incidents.some((i) => kinds.has(i.kind) && (i.product === undefined || i.product === product) && handledAt.has(i.incident) && t >= handledAt.get(i.incident)! && t - handledAt.get(i.incident)! <= 60000);

  const notices: { t: number; key: string }[] = [];
  for (const e of run.events) {
    if (e.type === 'action.accepted' && e.action === 'post_announcement') {
      const key = lineKey(String(e.payload.text ?? ''));
      const again = notices.find((n) => e.t - n.t < NOTICE_REPEAT_MS && similarity(n.key, key) >= REPEAT_SIMILARITY);
      notices.push({ t: e.t, key });
      if (again) {
        blind.push({ event: e, action: e.action, kind: 'misclick', why: { zh: `${Math.round((e.t - again.t) / 1000)}秒前刚发过同样的公告，重复刷屏`, en: `the same notice went up ${Math.round((e.t - again.t) / 1000)} s before: spam on the viewers' screen` } });
      }
      continue;
    }
    if (e.type === 'action.rejected') {
      if (WORDS.has(e.action)) continue;
      const key = `${e.action}|${JSON.stringify(e.payload)}`;
      const prev = lastRejected.get(key);
      lastRejected.set(key, e.t);
      if (prev !== undefined && e.t - prev <= repeatSec * 1000) {
        repeats++;
        continue;
      }
      const fix = FIX_ACTIONS.has(e.action);
      blind.push({
        event: e,
        action: e.action,
        kind: fix ? 'fix' : 'misclick',
        why: fix ? { zh: `没有需要处理的问题（系统提示：${e.reason}）`, en: `there was nothing to fix (the console said: ${e.reason})` } : { zh: `操作被系统拒绝（${e.reason}）`, en: `the console refused it (${e.reason})` },
      });
      continue;
    }
    if (e.type !== 'action.accepted' || WORDS.has(e.action)) continue;
    const product = e.payload.product;
    if (e.action === 'set_price' || e.action === 'set_stock') {
      const price = e.action === 'set_price';
      const kinds = price ? PRICE_KINDS : STOCK_KINDS;
      const occasion = openIncident(kinds, product, e.t) || justFixed(kinds, product, e.t) || openCue(e.action, product, e.t) || (!price && soldOut(product, e.t));
      if (!occasion) {
        const changed = run.of(price ? 'product.price.changed' : 'product.stock.changed').find((c) => c.product === product && c.t === e.t && c.by === 'host');
        const noop = changed !== undefined && changed.from === changed.to;
        blind.push({
          event: e,
          action: e.action,
          kind: 'fix',
          why: noop
            ? { zh: '没有需要处理的问题，值本来就是这个', en: 'there was nothing to fix: the value was already that' }
            : { zh: '没有错价、库存问题或主播口令，却改动了计划的设置', en: 'no wrong price, stock problem or host cue called for it: the planned setting was changed' },
        });
        continue;
      }
    }
    useful++;
  }
  const out = { blind, useful, repeats };
  perRun.set(repeatSec, out);
  return out;
}

export const consoleAccuracy = defineCriterion({
  id: 'console-accuracy',
  title: { zh: '中控操作准确：不盲目操作、不乱点', en: 'Console accuracy: no blind or refused actions' },
  observes: {
    zh: '每个被系统拒绝的操作（action.rejected，2秒内重复的同一操作算一次）、一分钟内重复发的相同公告，以及没有问题时按下的修复按钮（盲修：链接正常时修链接、麦克风正常时切麦、没断流时重连、没有错价或口令时改价改库存）都扣分；超过少量容错后，盲目操作另从总分中按次扣除（有上限）。满分还需要有实际的中控操作。',
    en: 'Every action the console refused (action.rejected; the same press repeated within 2 s counts once), every notice posted again within a minute of the same one, and every fix pressed with nothing to fix (a blind fix: fixing a working link or microphone, reconnecting a live stream, changing a price or stock with no wrong price, stock problem or cue) costs points; past a small allowance, each further press is also deducted from the total (capped). Full marks also need real console work.',
  },
  clauses: ['1x-primary:2.3.1', '1x-primary:1.4.3', 'platform-l5:2-1-3', '1x-intermediate:2.2.3', 'imkt-l5:2-2-2', 'imkt-l4:2-2-2', 'imkt-l3:2-2-3'],
  params: z.strictObject({
    /** Share of the criterion lost per mis-click (a refused action that is not a fix). */
    misclickCost: z.number().min(0).max(1).default(0.05),
    /** Share of the criterion lost per blind fix. */
    blindFixCost: z.number().min(0).max(1).default(0.15),
    /** Presses folded into one when repeated within this many seconds. */
    repeatSec: z.number().nonnegative().default(2),
    /** Weighted presses (a blind fix counts `fixWeight`) allowed before the section deduction starts. */
    allowance: z.number().nonnegative().default(6),
    fixWeight: z.number().min(1).default(3),
    /** Share of the 100-point total deducted per weighted press past the allowance, and the cap. */
    perPress: z.number().min(0).max(1).default(0.004),
    maxPenalty: z.number().min(0).max(1).default(0.35),
    /** Accepted console actions per planned product stretch needed to show accuracy at all. */
    actionsPerBlock: z.number().nonnegative().default(2),
  }),
  evaluate(run, p) {
    const { blind, useful, repeats } = blindActions(run, p.repeatSec);
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const fixes = blind.filter((b) => b.kind === 'fix');
    const misclicks = blind.filter((b) => b.kind === 'misclick');
    // Evidence for every kind of blind press: the first few of each button, then a count.
    const shownPer = new Map<string, number>();
    for (const b of blind) {
      const n = (shownPer.get(b.action) ?? 0) + 1;
      shownPer.set(b.action, n);
      if (n > 3) continue;
      const name = actionName(b.action);
      evidence.push(ev(b.event, false, `${clock(b.event.t)}「${name.zh}」${b.kind === 'fix' ? '盲目操作' : '误操作'}：${b.why.zh}`, `${clock(b.event.t)} "${name.en}", ${b.kind === 'fix' ? 'a blind fix' : 'a refused action'}: ${b.why.en}`));
    }
    for (const [action, n] of shownPer) {
      if (n <= 3) continue;
      const last = [...blind].reverse().find((b) => b.action === action)!;
      const name = actionName(action);
      evidence.push(ev(last.event, false, `「${name.zh}」共盲目或被拒绝${n}次（此为最后一次，${clock(last.event.t)}）`, `"${name.en}" pressed blindly or refused ${n} times in all (this is the last, at ${clock(last.event.t)})`));
    }
    if (fixes.length > 0) {
      const byAction = [...new Set(fixes.map((b) => b.action))].map((a) => actionName(a));
      problems.push({ zh: `${fixes.length}次在没有问题时按修复按钮（${byAction.map((x) => x.zh).join('、')}）：先看清出了什么问题再操作`, en: `${plural(fixes.length, 'fix', 'fixes')} pressed with nothing to fix (${byAction.map((x) => x.en).join(', ')}): see what is wrong before you act` });
    }
    if (misclicks.length > 0) problems.push({ zh: `${misclicks.length}次操作被系统拒绝（如${clock(misclicks[0].event.t)}「${actionName(misclicks[0].action).zh}」）`, en: `${plural(misclicks.length, 'action')} refused by the console (e.g. "${actionName(misclicks[0].action).en}" at ${clock(misclicks[0].event.t)})` });
    // Real console work: accepted actions that did something, against the plan's product stretches.
    const expected = Math.max(1, run.blocks.length * p.actionsPerBlock);
    const activity = clamp01(useful / expected);
    if (activity < 1) {
      const first = run.blocks[0];
      evidence.push(omission(run, first ? first.startMs : 0, run.endMs, `全场只有${useful}次有效的中控操作（上架、讲解、弹卡、发券等，至少需要${expected}次）`, `only ${useful} effective console actions all run (listing, explaining, cards, coupons…; at least ${expected} expected)`));
      problems.push({ zh: `有效的中控操作太少（${useful}次），无法体现操作准确`, en: `too few effective console actions (${useful}) to show accurate console work` });
    }
    const cost = misclicks.length * p.misclickCost + fixes.length * p.blindFixCost;
    const weighted = misclicks.length + p.fixWeight * fixes.length;
    const penalty = Math.min(p.maxPenalty, Math.max(0, weighted - p.allowance) * p.perPress);
    if (penalty > 0) problems.unshift({ zh: `盲目或被拒绝的操作太多（${blind.length}次），另扣总分${Math.round(penalty * 1000) / 10}分`, en: `too many blind or refused actions (${blind.length}): a further ${Math.round(penalty * 1000) / 10} points off the total` });
    return {
      applicable: true,
      fraction: clamp01(activity * (1 - cost)),
      penalty,
      evidence,
      feedback: feedback(problems, { zh: '中控操作准确，没有盲目或被拒绝的操作', en: 'Accurate console work: no blind or refused actions' }),
      details: { blindFixes: fixes.length, refused: misclicks.length, repeatsFolded: repeats, effective: useful },
    };
  },
});

/** The buttons that fix each kind of incident. */
export const FIXES_FOR: Record<string, string[]> = {
  wrong_link: ['fix_link'],
  wrong_price: ['set_price'],
  supplier_price_change: ['set_price'],
  mic_failure: ['fix_microphone'],
  platform_warning: ['acknowledge_warning'],
  stock_mismatch: ['set_stock'],
  stream_drop: ['reconnect_stream'],
};

/**
 * The last blind press of a button that fixes this kind of incident, in the `windowSec` before it
 * started: a fix that follows such pressing shows the button being hammered, not the problem
 * noticed, and earns only part of its credit.
 */
export function blindPressBefore(run: RunIndex, kind: string, t: number, windowSec: number): BlindAction | undefined {
  const actions = FIXES_FOR[kind];
  if (!actions) return undefined;
  const { blind } = blindActions(run);
  let hit: BlindAction | undefined;
  for (const b of blind) if (b.kind === 'fix' && actions.includes(b.action) && b.event.t < t && b.event.t >= t - windowSec * 1000) hit = b;
  return hit;
}
