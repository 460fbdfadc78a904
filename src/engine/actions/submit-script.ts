/**
 * Submit the rehearsal script (提交直播脚本), the written half of the 2-1 直播预演 task (seed 004
 * 五级 2-1-1 能撰写单品直播脚本, 2-1-2 能进行单品直播预演; 四级 2-1-1 团队协作直播脚本). Only a
 * rehearsal scenario (meta.task: rehearsal) takes it, and only before its rehearsal starts (the
 * first product segment): the student writes, may submit again to revise, then rehearses what
 * they wrote. The engine keeps the script in the log as written; scoring reads it from there.
 *
 * - `format`: the live format chosen (选择直播方式).
 * - `parts`: the flow (制定直播流程), in the order it will be run: each part of the script, its
 *   planned length in seconds and the host's words. A team script (四级) adds lines for the other
 *   seats of each part and the console steps planned in it (the marketing flow to test).
 * - `structure` and `duties` (三级 团队分工): the team's structure and each seat's job.
 * - `analysis` (三级): submitted between two rehearsals, what the first one showed.
 */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, reject } from './define';

/** The parts of a single-product script (脚本构成要素): 开场, FAB 卖点, 价格与促销, 促单, 结尾. */
export const SCRIPT_PARTS = ['opening', 'fab', 'price', 'close', 'ending'] as const;
export type ScriptPart = (typeof SCRIPT_PARTS)[number];
/** Common live formats (常见直播方式): one host talking, showing and trying the product, a host with an assistant, on location. */
export const LIVE_FORMATS = ['talk', 'demo', 'duo', 'scene'] as const;
export type LiveFormat = (typeof LIVE_FORMATS)[number];
/** The seats of a live team besides the host (主播): 副播, 中控, 场控, 运营, 客服. */
export const TEAM_SEATS = ['assistant', 'controller', 'floor', 'ops', 'service'] as const;
export type TeamSeat = (typeof TEAM_SEATS)[number];
/**
 * Team structures (直播团队架构, seed 004 三级 2-1-1: 简化版 / 标配版 / 高配版). The seed names them
 * without saying who is in each; these seats are ours, as the trade uses the words: 简化 a host and
 * a controller; 标配 adds an assistant host and a floor manager; 高配 adds operations and service.
 */
export const TEAM_STRUCTURES = { minimal: ['controller'], standard: ['assistant', 'controller', 'floor'], full: ['assistant', 'controller', 'floor', 'ops', 'service'] } as const satisfies Record<string, readonly TeamSeat[]>;
export type TeamStructure = keyof typeof TEAM_STRUCTURES;
/** Console steps a flow may plan in a part (直播营销流程): what the controller does then. */
export const SCRIPT_CUES = ['start_explaining', 'show_card', 'issue_coupon', 'start_flash_sale', 'launch_lucky_bag', 'send_red_packet', 'post_announcement', 'pin_comment'] as const;
export type ScriptCue = (typeof SCRIPT_CUES)[number];

/** Limits that keep a script a script: a part longer than this could not be said in a short rehearsal. */
export const SCRIPT_LIMITS = { partChars: 600, lineChars: 200, dutyChars: 200, analysisChars: 800, cuesPerPart: 4, partSec: { min: 10, max: 600 } } as const;

const text = (max: number, min?: number) => z.string().check(z.maxLength(max, { error: `at most ${max} characters` }), ...(min === undefined ? [] : [z.minLength(min)]));

export const scriptSchema = z.strictObject({
  format: z.enum(LIVE_FORMATS, { error: `must be one of ${LIVE_FORMATS.join(', ')}` }),
  parts: z
    .array(
      z.strictObject({
        part: z.enum(SCRIPT_PARTS, { error: `must be one of ${SCRIPT_PARTS.join(', ')}` }),
        sec: z.number().check(z.int(), z.minimum(SCRIPT_LIMITS.partSec.min), z.maximum(SCRIPT_LIMITS.partSec.max)),
        /** What the host says (主播话术). */
        text: text(SCRIPT_LIMITS.partChars),
        /** Lines for the other seats in this part (team script). */
        team: z._default(z.array(z.strictObject({ seat: z.enum(TEAM_SEATS), text: text(SCRIPT_LIMITS.lineChars, 1) })).check(z.maxLength(TEAM_SEATS.length * 2)), []),
        /** The console steps planned in this part (the marketing flow), with what they act on. */
        cues: z._default(
          z
            .array(z.strictObject({ action: z.enum(SCRIPT_CUES, { error: `must be one of ${SCRIPT_CUES.join(', ')}` }), product: z.optional(z.string().check(z.minLength(1), z.maxLength(64))), coupon: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) }))
            .check(z.maxLength(SCRIPT_LIMITS.cuesPerPart)),
          [],
        ),
      }),
    )
    .check(z.minLength(1, { error: 'a script has at least one part' }), z.maxLength(SCRIPT_PARTS.length)),
  /** The team's structure (团队架构) and what each seat does (人员分工). */
  structure: z.optional(z.enum(Object.keys(TEAM_STRUCTURES) as [TeamStructure, ...TeamStructure[]])),
  duties: z._default(z.array(z.strictObject({ seat: z.enum(['host', ...TEAM_SEATS]), text: text(SCRIPT_LIMITS.dutyChars, 1) })).check(z.maxLength(TEAM_SEATS.length + 1)), []),
  /** With a revised script (三级 二次预演): what the student found in the rehearsal before. */
  analysis: z.optional(text(SCRIPT_LIMITS.analysisChars)),
});
export type RehearsalScript = z.output<typeof scriptSchema>;

export const submitScriptAction = defineAction({
  type: 'submit_script',
  console: { panel: 'controls', control: 'custom', order: 5 },
  label: { zh: '提交直播脚本', en: 'Submit the live script' },
  seat: 'host',
  since: '3.1.0',
  schema: scriptSchema,
  apply(w, p) {
    if (w.scenario.meta.task !== 'rehearsal') reject('not_rehearsal', 'only a rehearsal task (meta.task: rehearsal) takes a script');
    const seen = new Set<string>();
    for (const x of p.parts) {
      if (seen.has(x.part)) reject('duplicate_part', `part "${x.part}" is in the script twice`);
      seen.add(x.part);
    }
    for (const [i, x] of p.parts.entries()) {
      for (const c of x.cues) {
        if (c.product !== undefined && !w.scenario.products.some((q) => q.id === c.product)) reject('unknown_product', `parts.${i}.cues: unknown product "${c.product}"`);
        if (c.coupon !== undefined && !w.scenario.coupons.some((q) => q.id === c.coupon)) reject('unknown_coupon', `parts.${i}.cues: unknown coupon "${c.coupon}"`);
      }
    }
    const seats = new Set<string>();
    for (const d of p.duties) {
      if (seats.has(d.seat)) reject('duplicate_duty', `the duties of "${d.seat}" are given twice`);
      seats.add(d.seat);
    }
    const current = w.scenario.runOfShow.find((s) => s.id === w.segment);
    if (current?.product) reject('script_locked', 'a rehearsal is under way: the script can change only before it, or between two rehearsals');
    emit(w, 'script.submitted', {
      format: p.format,
      parts: p.parts.map((x) => ({ part: x.part, sec: x.sec, text: x.text, team: x.team.map((l) => ({ seat: l.seat, text: l.text })), cues: x.cues.map((c) => ({ action: c.action, ...(c.product !== undefined ? { product: c.product } : {}), ...(c.coupon !== undefined ? { coupon: c.coupon } : {}) })) })),
      ...(p.structure !== undefined ? { structure: p.structure } : {}),
      duties: p.duties.map((d) => ({ seat: d.seat, text: d.text })),
      ...(p.analysis !== undefined ? { analysis: p.analysis } : {}),
    });
  },
});
