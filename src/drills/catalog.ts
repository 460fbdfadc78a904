/**
 * What each micro-drill is, without its code: the picker and the skills map list the drills from
 * here (small), and each drill's module takes its metadata from here (src/drills/index.ts checks
 * they agree). The code of a drill loads when it is started.
 */
import type { SkillId } from '../scoring/skills';
import type { Bilingual, DrillKindId } from './types';

export interface DrillMeta {
  id: DrillKindId;
  skill: SkillId;
  title: Bilingual;
  blurb: Bilingual;
  /** Typical length in minutes (1–3). */
  minutes: number;
  /** Languages it can be drawn in. */
  languages: readonly ('zh' | 'en')[];
}

export const DRILL_CATALOG: readonly DrillMeta[] = [
  {
    id: 'question-sprint',
    skill: 'answers',
    title: { zh: '答问冲刺', en: 'Question sprint' },
    blurb: { zh: '观众连续提问，对照商品资料又快又准地回答', en: "Viewers' questions one after another: answer each from the product's facts, quickly and exactly" },
    minutes: 2,
    languages: ['zh', 'en'],
  },
  {
    id: 'price-maths',
    skill: 'offers',
    title: { zh: '到手价计算', en: 'Price maths' },
    blurb: { zh: '叠加优惠券、满减和秒杀，算出观众的到手价', en: 'Stacked coupons, spend-and-save and flash prices: work out what the viewer pays' },
    minutes: 3,
    languages: ['zh', 'en'],
  },
  {
    id: 'compliance-rewrite',
    skill: 'compliance',
    title: { zh: '违规话术改写', en: 'Compliance rewrite' },
    blurb: { zh: '把有风险的话术改成合规的说法，商品信息一个不丢', en: 'Rewrite a risky line so it passes the check and keeps the product facts' },
    minutes: 3,
    languages: ['zh', 'en'],
  },
  {
    id: 'data-review',
    skill: 'review',
    title: { zh: '数据复盘', en: 'Data review' },
    blurb: { zh: '看一场直播的图表，算UV价值、转化率，找出流失点', en: 'From a live’s chart and table: UV value, conversion and where viewers dropped off' },
    minutes: 3,
    languages: ['zh'],
  },
  {
    id: 'controller-cues',
    skill: 'console',
    title: { zh: '中控口令反应', en: 'Controller cues' },
    blurb: { zh: '主播一句口令，中控及时做对操作：上链接、弹卡、发券、改价', en: "The host's cue comes: push the right link, card, coupon or price in time" },
    minutes: 2,
    languages: ['zh'],
  },
];

export function drillMeta(id: string): DrillMeta | undefined {
  return DRILL_CATALOG.find((d) => d.id === id);
}

/** A drill module's own metadata (it is one of DRILL_KIND_IDS, so it is listed above). */
export function metaOf(id: DrillKindId): DrillMeta {
  const m = drillMeta(id);
  if (!m) throw new Error(`${id}: missing from the drill catalogue (src/drills/catalog.ts)`);
  return m;
}
