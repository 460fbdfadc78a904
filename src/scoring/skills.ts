/**
 * Skills: the criteria of every rubric grouped into the few abilities a student practises
 * (讲解卖点, 回答提问, 价格与福利…), the same at every level. A criterion belongs to exactly one
 * skill (tests/unit/scoring/skills.test.ts keeps it so as criteria are added); a skill's standards
 * are the catalogue clauses its criteria observe in the rubrics (`skillClauses`).
 *
 * Also here, because the picker and the practice path need them without the scoring code: which
 * criteria judge a drill's incidents (`DRILL_FOCUS`), and so which skill a drill room trains.
 * This module imports no criterion code: it is small enough for the picker's bundle.
 */
import type { INCIDENT_KINDS } from '../engine';

type IncidentKind = (typeof INCIDENT_KINDS)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Skill {
  id: string;
  title: Bilingual;
  /** What it is, in one line for a student. */
  blurb: Bilingual;
  /** The criteria (ids in src/scoring/criteria) that measure it. */
  criteria: readonly string[];
}

export const SKILLS = [
  {
    id: 'pitch',
    title: { zh: '讲解卖点', en: 'Product pitch' },
    blurb: { zh: '按FAB讲清卖点，讲完引导下单，按脚本顺序推进', en: 'Features, advantages and benefits, then the ask, in the order of the script' },
    criteria: ['fab-then-ask', 'product-script-flow', 'outcomes'],
  },
  {
    id: 'answers',
    title: { zh: '回答提问', en: 'Answering questions' },
    blurb: { zh: '又快又准地回答观众关于商品的问题', en: "Answer viewers' product questions quickly and exactly" },
    criteria: ['questions-answered'],
  },
  {
    id: 'offers',
    title: { zh: '价格与福利', en: 'Prices and offers' },
    blurb: { zh: '说对价格，用好优惠券、秒杀和福袋，真实地制造紧迫感', en: 'True prices, coupons, flash sales and lucky bags, honest urgency' },
    criteria: ['prices-stated-truthfully', 'coupon-use', 'welfare-tools', 'real-urgency'],
  },
  {
    id: 'engagement',
    title: { zh: '互动与留人', en: 'Engaging the room' },
    blurb: { zh: '欢迎和关注引导、点赞分享，数据下滑时及时调整', en: 'Welcome and follow, likes and shares, changing tactics when numbers fall' },
    criteria: ['greet-and-follow', 'likes-and-shares', 'realtime-adjustment'],
  },
  {
    id: 'comments',
    title: { zh: '评论与舆情', en: 'Handling negative comments' },
    blurb: { zh: '冷静回应质疑和差评，必要时屏蔽或禁言', en: 'Answer doubts and complaints calmly; block or mute when needed' },
    criteria: ['negative-comments'],
  },
  {
    id: 'incidents',
    title: { zh: '事故处置', en: 'Fixing incidents' },
    blurb: { zh: '断播、挂错链接、价格设错等事故及时发现、纠正并说明', en: 'Stream drops, wrong links or prices: notice, fix and tell the viewers' },
    criteria: ['error-correction', 'stream-recovery'],
  },
  {
    id: 'console',
    title: { zh: '中控操作', en: 'Console operations' },
    blurb: { zh: '上架、弹卡、库存和主播口令，操作准确及时', en: 'Listing, the product card, stock and the host’s cues, accurately and in time' },
    criteria: ['card-push-sync', 'console-accuracy', 'stock-control', 'host-cues', 'plan-products'],
  },
  {
    id: 'compliance',
    title: { zh: '合规表达', en: 'Compliant speech' },
    blurb: { zh: '不用绝对化用语、虚假承诺和违禁词', en: 'No absolute claims, false promises or banned words' },
    criteria: ['compliance', 'script-compliance'],
  },
  {
    id: 'planning',
    title: { zh: '脚本与流程', en: 'Script and flow' },
    blurb: { zh: '写好直播脚本、安排节奏和团队分工，按脚本预演并改进', en: 'Write the script, pace the segments, divide the team, rehearse and improve' },
    criteria: ['script-elements', 'flow-plan', 'segment-pace', 'team-script', 'team-division', 'marketing-flow', 'rehearsal-follow', 'rehearsal-improvement'],
  },
  {
    id: 'review',
    title: { zh: '数据复盘', en: 'Reviewing the data' },
    blurb: { zh: '读懂转化率、UV价值和流量漏斗，找出问题', en: 'Read conversion, UV value and the funnel, and find what went wrong' },
    criteria: ['review-quiz'],
  },
] as const satisfies readonly Skill[];

export type SkillId = (typeof SKILLS)[number]['id'];

const BY_CRITERION = new Map<string, SkillId>(SKILLS.flatMap((s) => s.criteria.map((c) => [c, s.id] as [string, SkillId])));

/** The skill a criterion measures (undefined: a criterion no skill lists, which the tests refuse). */
export function skillOf(criterion: string): SkillId | undefined {
  return BY_CRITERION.get(criterion);
}

export function skillById(id: string): Skill | undefined {
  return SKILLS.find((s) => s.id === id);
}

/** The incidents error-correction judges. */
export const ERROR_KINDS = ['wrong_link', 'wrong_price', 'coupon_misconfig', 'supplier_price_change', 'mic_failure', 'platform_warning'] as const;

/** The criterion that judges each incident kind: a drill (meta.mode: drill) trains these. */
export const DRILL_FOCUS: Record<IncidentKind, string> = {
  ...(Object.fromEntries(ERROR_KINDS.map((k) => [k, 'error-correction'])) as Record<(typeof ERROR_KINDS)[number], string>),
  stock_mismatch: 'stock-control',
  stream_drop: 'stream-recovery',
  troll_wave: 'negative-comments',
  quality_complaint: 'negative-comments',
};

/** The skills a drill room trains: those of the criteria judging its incidents (none for other rooms). */
export function drillSkills(room: { mode: string; incidents: readonly IncidentKind[] }): SkillId[] {
  if (room.mode !== 'drill') return [];
  const out: SkillId[] = [];
  for (const k of room.incidents) {
    const s = skillOf(DRILL_FOCUS[k]);
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}
