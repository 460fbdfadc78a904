/**
 * The scenario index: what a scenario list (the picker, a teacher choosing an exam) needs to
 * know about each scenario, derived from the scenario itself so it can never drift from the
 * file: level, seat, mode, category, duration, the incident kinds it contains, its rubric,
 * language and currency, and the free tags. The `livesim-shipped-scenarios` vite plugin builds
 * the picker's list with it; `tests/unit/scenario-library.test.ts` checks the library's
 * coverage with it.
 */
import type { Scenario } from './load';
import { INCIDENT_KINDS } from './schema';

export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** Duration classes the picker filters by: the lengths of the standards' exam slots and drills. */
export const DURATION_CLASSES = ['5', '10', '15', '20', '30-60', 'other'] as const;
export type DurationClass = (typeof DURATION_CLASSES)[number];

export interface ScenarioIndexEntry {
  id: string;
  title: { zh: string; en: string };
  summary?: { zh: string; en: string };
  level: Scenario['meta']['level'];
  seat: Scenario['meta']['seat'];
  mode: Scenario['meta']['mode'];
  durationSec: number;
  duration: DurationClass;
  platform: Scenario['meta']['platform'];
  language: Scenario['meta']['language'];
  currency: Scenario['meta']['currency'];
  rubric: string;
  /** `meta.category`, else the first product's category up to its first "/". */
  category: { zh: string; en: string };
  /** The incident kinds the scenario contains, each once, in the order of the stream. */
  incidents: IncidentKind[];
  tags: string[];
  products: number;
}

/** The duration class of a run: 5, 10, 15 and 20 minutes (±1 minute), 30–60 minutes, or other. */
export function durationClass(sec: number): DurationClass {
  const min = sec / 60;
  for (const c of [5, 10, 15, 20]) if (Math.abs(min - c) <= 1) return String(c) as DurationClass;
  if (min >= 30 && min <= 60) return '30-60';
  return 'other';
}

/** English names of the product categories the standards use, for files without `meta.category`. */
const CATEGORY_EN: Record<string, string> = {
  童装: "Children's wear",
  服饰: 'Clothing',
  生鲜水果: 'Fresh fruit',
  农产品: 'Farm produce',
  助农: 'Rural produce',
  美妆: 'Beauty',
  个护: 'Personal care',
  食品: 'Food',
  零食: 'Snacks',
  茶叶: 'Tea',
  家电: 'Home appliances',
  小家电: 'Small appliances',
  家居日用: 'Home & kitchen',
  家居: 'Home',
  非遗文创: 'Heritage crafts',
  文创: 'Cultural products',
  美容护肤: 'Skincare',
  美妆护肤: 'Skincare',
  护肤: 'Skincare',
  彩妆: 'Make-up',
  服饰配件: 'Accessories',
  母婴: 'Mother & baby',
  数码: 'Electronics',
  生鲜: 'Fresh food',
  粮油: 'Grain & oil',
  坚果: 'Nuts',
  工艺品: 'Crafts',
};

/** The index entry of one valid scenario. */
export function scenarioIndexEntry(s: Scenario): ScenarioIndexEntry {
  const m = s.meta;
  const first = s.products[0]?.category.split('/')[0].trim() ?? '';
  const category = m.category ?? { zh: first, en: CATEGORY_EN[first] ?? first };
  const incidents = [...s.incidents].sort((a, b) => a.at - b.at).map((i) => i.kind).filter((k, i, all) => all.indexOf(k) === i);
  return {
    id: m.id,
    title: m.title,
    ...(m.summary ? { summary: m.summary } : {}),
    level: m.level,
    seat: m.seat,
    mode: m.mode,
    durationSec: m.durationSec,
    duration: durationClass(m.durationSec),
    platform: m.platform,
    language: m.language,
    currency: m.currency,
    rubric: m.rubric,
    category,
    incidents,
    tags: m.tags,
    products: s.products.length,
  };
}
