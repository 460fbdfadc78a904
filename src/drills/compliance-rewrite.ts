/**
 * Compliance rewrite (合规改写): a risky line in, the student's compliant rewrite out.
 *
 * Each line is a scenario product's name, one of its facts (a number, a material…) and/or its
 * live price, and a risky phrase (an absolute claim, a medical claim, steering off the platform,
 * a false price basis, inducement, a false endorsement). At generation the line must fail the
 * gate of the script checker (lintScript with the product's class and facts, plus the English
 * rules in English) and a compliant example rewrite must pass it, so every line is really risky
 * and really fixable.
 *
 * Scoring a rewrite: blank or still failing the gate → 0; passing with every fact kept → 1;
 * passing but a fact dropped → 0.4; shorter than 40 % of the original → at most 0.4. Facts are
 * read the engine's way: numbers in `canonical` form (23厘米 = 二十三厘米 = 23cm), key terms from
 * the fact's accepted words, the price with `statedPrices` (19块9 = 19.9元).
 */
import { metaOf } from './catalog';
import {
  canonical,
  checkEnglishRisks,
  DEFAULT_GATE,
  explainFinding,
  factSheetOf,
  lintScript,
  statedPrices,
  type ComplianceClass,
  type FactSheet,
  type Product,
  type Scenario,
} from '../engine';
import { answersByItem, isRecord, keyOf, percentOf, withKey } from './answer-key';
import { seeded, type Rand } from './rand';
import type { Bilingual, DrillAnswer, DrillItem, DrillKind, DrillResult, DrillSources, DrillVariant, ItemResult } from './types';

type Lang = 'zh' | 'en';
type Category = 'absolute' | 'medical_claim' | 'off_platform' | 'false_price' | 'inducement' | 'other';

/** Risky endings of a line, by the kind of rule they break (the checker says which rule it is). */
const RISKY: Record<Lang, Partial<Record<Category, readonly string[]>>> = {
  zh: {
    absolute: ['质量是最好的，闭眼入！', '全网最低价，没有之一！', '国家级品质，放心买。', '销量第一，顶级品质！', '行业领先，吊打大牌！'],
    medical_claim: ['用了还能增强免疫力。', '还能治疗失眠，比吃药还管用。', '天天用能防癌。', '纯天然无副作用，还能排毒。'],
    off_platform: ['想要便宜的加我微信私聊。', '私信我拿内部价。', '去拼多多搜更便宜。', '不走平台，直接转账给我就行。'],
    false_price: ['今天成本价给大家。', '今天跳楼价，亏本冲量！', '出厂价直接卖，一分钱没赚！'],
    inducement: ['不买就后悔！', '晒图好评返红包。', '谁不买谁亏，借钱也要买！', '不关注不发货哦。'],
    other: ['央视推荐品牌。', '专家都推荐。', '别家卖的都是假货。', '国家免检产品。'],
  },
  en: {
    absolute: ['Honestly the best quality in the world!', 'It is the lowest price anywhere, trust me!', "The world's best, you won't find better."],
    medical_claim: ['Use it every day and it even cures insomnia.', 'It prevents colds, my whole family uses it.', 'A miracle cure for a tired body!'],
    off_platform: ['DM me on WhatsApp for a private deal.', 'Pay me directly by bank transfer and I will knock a bit off.', 'Add me on WeChat for a better price.'],
  },
};

/** Compliant endings for the example rewrite shown after scoring. */
const SAFE: Record<Lang, Partial<Record<Category, string>>> = {
  zh: {
    absolute: '做工很扎实，细节大家可以看镜头。',
    medical_claim: '日常用起来很方便。',
    off_platform: '想要的直接在直播间下单。',
    false_price: '今天直播间有专享优惠。',
    inducement: '需要的朋友按需下单。',
    other: '详细信息都在商品详情页。',
  },
  en: {
    absolute: 'Look at the details on camera and judge the quality yourself.',
    medical_claim: 'A nice part of an everyday routine.',
    off_platform: 'Order it right here in the live room.',
  },
};

/** A fact of the line that the rewrite must keep. */
export interface KeptFact {
  label: Bilingual;
  /** As it appears in the line. */
  shown: string;
  /**
   * number: every one of `values` (canonical numbers) must be in the rewrite;
   * term: any one of `values` (words, compared canonical);
   * price: a price of `values[0]` yuan (or dollars) must be stated.
   */
  kind: 'number' | 'term' | 'price';
  values: string[];
}

/** What scoring needs (kept on the item: see answer-key.ts). */
export interface RewriteKey {
  line: string;
  language: Lang;
  scenario: string;
  complianceClass: ComplianceClass;
  /** The product's facts, for the checker's fact claims (a wrong price in the rewrite fails). */
  facts: FactSheet;
  keep: KeptFact[];
  /** A compliant rewrite that keeps the facts. */
  example: string;
}

const isRewriteKey = (k: unknown): k is RewriteKey =>
  isRecord(k) && typeof k['line'] === 'string' && (k['language'] === 'zh' || k['language'] === 'en') && Array.isArray(k['keep']) && isRecord(k['facts']) && typeof k['example'] === 'string';

/** A finding at or above the gate, with the words that explain it. */
interface Problem {
  ruleId: string;
  text: string;
  rule: string;
  reason: Bilingual;
  suggestion?: Bilingual;
}

/** What the script checker blocks in `text` (and, in English, the engine's English rules). */
function blocking(text: string, key: Pick<RewriteKey, 'language' | 'complianceClass' | 'facts' | 'scenario'>): Problem[] {
  const report = lintScript(text, { complianceClass: key.complianceClass, facts: key.facts, scenarioId: key.scenario });
  const out: Problem[] = report.findings
    .filter((f) => f.severity >= report.summary.gate)
    .map((f) => ({ ruleId: f.ruleId, text: f.text, rule: f.rule, reason: f.reason, ...(f.suggestion ? { suggestion: f.suggestion } : {}) }));
  if (key.language === 'en') {
    for (const f of checkEnglishRisks(text)) {
      if (f.severity < DEFAULT_GATE) continue;
      const x = explainFinding(f);
      out.push({ ruleId: f.ruleId, text: f.text, rule: x.rule, reason: x.reason, ...(x.suggestion ? { suggestion: x.suggestion } : {}) });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------- facts

/** Whole numbers (and decimals) of a text in canonical form (23厘米 → 230mm → "230"). */
function numbersOf(text: string): string[] {
  return canonical(text).match(/\d+(?:\.\d+)?/g) ?? [];
}

const UNIT = '(?:厘米|毫米|毫升|公斤|千克|克|斤|℃|°C|度|个小时|小时|分钟|个月|天|年|%|码|岁|分贝|米|cm|mm|ml|fl oz|inches|inch|hours|days|momme|g|W|V)?';
/** A quantity as written: 23厘米, -40℃到230℃, 15–20分钟, 150 ml, 95%. */
const QUANTITY = new RegExp(`-?\\d+(?:\\.\\d+)?\\s*${UNIT}(?:\\s*(?:–|-|~|〜|到|至|to)\\s*-?\\d+(?:\\.\\d+)?\\s*${UNIT})?`, 'g');

const firstClause = (value: string, lang: Lang): string =>
  (lang === 'zh' ? value.split(/[，。；;！？（(]/)[0]! : value.split(/;|,\s|\.\s|\(|\.$/)[0]!).trim();

/** The facts of a product that fit in a line: a short first clause with one or two numbers, or one key term. */
function factChoices(p: Product, lang: Lang): KeptFact[] {
  const name = lang === 'zh' ? p.name.zh : p.name.en;
  // Numbers of the name (as written and canonical) are kept by naming the product: not a fact to check.
  const inName = new Set([...numbersOf(name), ...(name.match(/\d+(?:\.\d+)?/g) ?? [])]);
  const nameForm = canonical(name);
  const out: KeptFact[] = [];
  for (const f of p.facts) {
    let clause = firstClause(f.value, lang);
    if (clause.length < 2 || clause.length > (lang === 'zh' ? 18 : 48)) continue;
    if (lang === 'en') clause = clause.charAt(0).toLowerCase() + clause.slice(1);
    const quantities = [...clause.matchAll(QUANTITY)].map((m) => m[0]).filter((q) => !(q.match(/\d+(?:\.\d+)?/g) ?? []).some((n) => inName.has(n)));
    const nums = [...new Set(quantities.flatMap(numbersOf))].filter((n) => !inName.has(n));
    if (nums.some((n) => n.replace('.', '').length > 5)) continue; // licence and filing numbers: not something to say
    if (nums.length > 2) continue;
    if (nums.length > 0) {
      out.push({ label: f.label, shown: clause, kind: 'number', values: nums });
      continue;
    }
    const form = canonical(clause);
    // Any one of the fact's accepted words that the clause says (and the name does not) keeps it.
    const terms = f.accept
      .filter((a) => !/[0-9]/.test(a) && canonical(a).length >= 2 && form.includes(canonical(a)) && !nameForm.includes(canonical(a)))
      .sort((a, b) => canonical(b).length - canonical(a).length || (a < b ? -1 : a > b ? 1 : 0));
    if (terms.length > 0) out.push({ label: f.label, shown: clause, kind: 'term', values: terms });
  }
  return out;
}

function priceFact(p: Product, s: Scenario, lang: Lang): KeptFact {
  const money = s.meta.currency === 'USD' ? `$${p.livePrice}` : `${p.livePrice}元`;
  return {
    label: { zh: '直播间价格', en: 'Live price' },
    shown: lang === 'zh' ? `直播间到手价${money}` : `only ${s.meta.currency === 'USD' ? money : `¥${p.livePrice}`} today`,
    kind: 'price',
    values: [String(p.livePrice)],
  };
}

function kept(text: string, fact: KeptFact): boolean {
  switch (fact.kind) {
    case 'number': {
      const have = new Set(numbersOf(text));
      return fact.values.every((n) => have.has(n));
    }
    case 'term': {
      const form = canonical(text);
      return fact.values.some((t) => form.includes(canonical(t)));
    }
    case 'price': {
      const want = Number(fact.values[0]);
      return statedPrices(text).some((s) => !s.saving && Math.abs(s.value - want) < 0.005);
    }
  }
}

/** Characters that count for length: everything but white space. */
const lengthOf = (text: string): number => [...text.replace(/\s+/g, '')].length;

// ------------------------------------------------------------------------------- lines

function compose(lang: Lang, name: string, facts: readonly KeptFact[], ending: string): string {
  const shown = facts.map((f) => f.shown);
  return lang === 'zh' ? `${[name, ...shown].join('，')}，${ending}` : `${name}: ${shown.join(', ')}. ${ending}`;
}

/** The product's facts only: the checker attributes every price claim to it. */
function factsOf(s: Scenario, p: Product): FactSheet {
  const sheet = factSheetOf(s);
  return {
    products: [{ id: p.id, no: p.no, name: { zh: p.name.zh, en: p.name.en }, aliases: [...p.aliases], listPrice: p.listPrice, livePrice: p.livePrice, referencePrice: p.referencePrice, stock: p.stock }],
    coupons: (sheet.coupons ?? []).filter((c) => c.products.length === 0 || c.products.includes(p.id)).map((c) => ({ ...c, products: [...c.products] })),
    flashSales: (sheet.flashSales ?? []).filter((f) => f.product === p.id).map((f) => ({ ...f })),
  };
}

type RewriteItem = DrillItem & { key: RewriteKey };

/** One item for product `p`, or null when no risky ending both fails the gate and has a passing fix. */
function makeItem(s: Scenario, p: Product, lang: Lang, category: Category, rand: Rand, id: string, used: ReadonlySet<string>, usedFacts: ReadonlySet<string>): RewriteItem | null {
  const choices = factChoices(p, lang);
  // A fact not used by an earlier line while there is one.
  const fresh = choices.filter((f) => !usedFacts.has(`${p.id}:${f.shown}`));
  const facts: KeptFact[] = [];
  if (choices.length > 0) facts.push(rand.pick(fresh.length > 0 ? fresh : choices));
  // The live price as a second fact now and then (not next to a fact that is itself a price: 秒杀价9.9元).
  const pricedFact = facts.some((f) => statedPrices(f.shown).length > 0);
  if (facts.length === 0 || (rand.int(0, 2) === 0 && !pricedFact)) facts.push(priceFact(p, s, lang));
  const name = lang === 'zh' ? p.name.zh : p.name.en;
  const base = { language: lang, scenario: s.meta.id, complianceClass: p.class, facts: factsOf(s, p) };
  const safe = SAFE[lang][category];
  if (safe === undefined) return null;
  const example = compose(lang, name, facts, safe);
  if (blocking(example, base).length > 0 || !facts.every((f) => kept(example, f))) return null;
  for (const ending of rand.shuffle(RISKY[lang][category] ?? [])) {
    const line = compose(lang, name, facts, ending);
    if (used.has(line) || blocking(line, base).length === 0 || !facts.every((f) => kept(line, f))) continue;
    const key: RewriteKey = { line, ...base, keep: facts, example };
    const item: DrillItem = {
      id,
      prompt: { zh: '改写这句话：去掉违规的说法，保留句中的商品事实。', en: 'Rewrite this line: remove what breaks the rules and keep the product facts.' },
      context: [
        { label: { zh: '原句', en: 'The line' }, text: { zh: line, en: line } },
        { label: { zh: '商品', en: 'Product' }, text: { zh: `${p.no}号 ${p.name.zh}`, en: `Link ${p.no}: ${p.name.en}` } },
        {
          label: { zh: '必须保留的事实', en: 'Facts to keep' },
          text: { zh: facts.map((f) => `${f.label.zh}：${f.shown}`).join('；'), en: facts.map((f) => `${f.label.en}: ${f.shown}`).join('; ') },
        },
      ],
      input: { type: 'text', multiline: true, placeholder: { zh: '写出合规的说法…', en: 'Write a compliant version…' } },
    };
    return withKey(item, key);
  }
  return null;
}

const CATEGORIES: readonly Category[] = ['absolute', 'medical_claim', 'off_platform', 'false_price', 'inducement', 'other'];

function itemsFor(s: Scenario, lang: Lang, rand: Rand): RewriteItem[] {
  const want = rand.int(3, 4);
  const categories = rand.shuffle(CATEGORIES.filter((c) => (RISKY[lang][c]?.length ?? 0) > 0));
  const products = rand.shuffle(s.products);
  const items: RewriteItem[] = [];
  const used = new Set<string>();
  const usedFacts = new Set<string>();
  // Categories in turn (a different rule for each line while there are enough), products in turn.
  for (let attempt = 0; items.length < want && attempt < categories.length * products.length * 2; attempt++) {
    const category = categories[(items.length + Math.floor(attempt / products.length)) % categories.length]!;
    const p = products[attempt % products.length]!;
    const item = makeItem(s, p, lang, category, rand, `line-${items.length + 1}`, used, usedFacts);
    if (item) {
      items.push(item);
      used.add(item.key.line);
      for (const f of item.key.keep) usedFacts.add(`${p.id}:${f.shown}`);
    }
  }
  return items;
}

// ------------------------------------------------------------------------------- the kind

const TITLE: Bilingual = metaOf('compliance-rewrite').title;

function generate(seed: number, sources: DrillSources): DrillVariant {
  const lang: Lang = sources.language ?? 'zh';
  const rand = seeded(seed);
  const inLanguage = sources.scenarios.filter((s) => s.meta.language === lang);
  if (inLanguage.length === 0) {
    const have = sources.scenarios.map((s) => `${s.meta.id} (${s.meta.language})`).join(', ') || 'none';
    throw new Error(`compliance-rewrite: no scenario in ${lang === 'zh' ? 'Chinese' : 'English'} to draw lines from (scenarios given: ${have})`);
  }
  const tried: string[] = [];
  for (const s of rand.shuffle(inLanguage)) {
    const items = itemsFor(s, lang, rand);
    if (items.length >= 3) {
      return {
        kind: 'compliance-rewrite',
        seed,
        language: lang,
        source: s.meta.id,
        title: TITLE,
        intro: {
          zh: '每句话里都有违规的说法。请逐句改写：去掉违规内容，保留句中的商品事实（数字、材质、价格）。改写要能通过话术检查。',
          en: 'Each line breaks a rule. Rewrite each one: remove what breaks the rule and keep the product facts (numbers, materials, the price). Your rewrite must pass the script check.',
        },
        items,
        timeLimitSec: 180,
      };
    }
    tried.push(`${s.meta.id} (${items.length} usable lines)`);
  }
  throw new Error(`compliance-rewrite: no scenario gives three risky lines that the checker flags and that have a compliant fix: ${tried.join(', ')}`);
}

const quote = (lang: Lang, t: string) => (lang === 'zh' ? `“${t}”` : `"${t}"`);

/** The rules a line broke, for feedback: “最好”：广告法 第九条第三项。reason 建议：suggestion */
function describe(problems: readonly Problem[], lang: Lang): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const p of problems) {
    if (seen.has(p.ruleId)) continue;
    seen.add(p.ruleId);
    parts.push(
      lang === 'zh'
        ? `${quote(lang, p.text)}（${p.rule}）：${p.reason.zh}${p.suggestion ? `建议：${p.suggestion.zh}` : ''}`
        : `${quote(lang, p.text)} (${p.rule}): ${p.reason.en}${p.suggestion ? ` Suggestion: ${p.suggestion.en}` : ''}`,
    );
  }
  return parts.join(' ');
}

function scoreItem(item: DrillItem, answer: DrillAnswer | undefined): ItemResult {
  const key = keyOf('compliance-rewrite', item, isRewriteKey);
  const text = (answer?.value ?? '').trim();
  const original = blocking(key.line, key);
  const broke = { zh: describe(original, 'zh'), en: describe(original, 'en') };
  const keepList = { zh: key.keep.map((f) => `${f.label.zh}（${f.shown}）`).join('、'), en: key.keep.map((f) => `${f.label.en} (${f.shown})`).join(', ') };
  const expected = { zh: `参考改写：${key.example}（须保留：${keepList.zh}）`, en: `For example: ${key.example} (keep: ${keepList.en})` };
  const result = (credit: number, zh: string, en: string): ItemResult => ({ item: item.id, credit, expected, feedback: { zh: `${zh}原句的问题：${broke.zh}`, en: `${en} What was wrong with the line: ${broke.en}` } });

  if (text === '') return result(0, '没有作答。', 'No answer.');
  const still = blocking(text, key);
  if (still.length > 0) {
    const before = new Set(original.map((p) => p.ruleId));
    const fresh = still.filter((p) => !before.has(p.ruleId));
    if (fresh.length === 0) return result(0, '改写后仍有原句的违规说法，不能通过检查。', 'The rewrite still has the problem of the line and fails the check.');
    return result(0, `改写后仍不能通过检查：${describe(fresh, 'zh')} `, `The rewrite still fails the check: ${describe(fresh, 'en')}`);
  }
  const missing = key.keep.filter((f) => !kept(text, f));
  let credit = missing.length === 0 ? 1 : 0.4;
  const zh: string[] = [];
  const en: string[] = [];
  if (missing.length === 0) {
    zh.push('改写合规，商品事实都保留了。');
    en.push('Compliant, and every product fact is kept.');
  } else {
    zh.push(`改写合规，但漏掉了商品事实：${missing.map((f) => `${f.label.zh}（${f.shown}）`).join('、')}。`);
    en.push(`Compliant, but a product fact is missing: ${missing.map((f) => `${f.label.en} (${f.shown})`).join(', ')}.`);
  }
  const len = lengthOf(text);
  const origLen = lengthOf(key.line);
  if (len < 0.4 * origLen) {
    credit = Math.min(credit, 0.4);
    zh.push(`改写太短（${len} 字，原句 ${origLen} 字）：至少要保留原句四成的内容，把商品说清楚。`);
    en.push(`The rewrite is too short (${len} characters against ${origLen}): keep at least 40 % of the line and still present the product.`);
  }
  return result(credit, zh.join(''), en.join(' '));
}

function score(variant: DrillVariant, answers: readonly DrillAnswer[]): DrillResult {
  const byItem = answersByItem(answers);
  const items = variant.items.map((item) => scoreItem(item, byItem.get(item.id)));
  return { kind: 'compliance-rewrite', percent: percentOf(items.map((r) => r.credit)), items };
}

export const complianceRewrite: DrillKind = {
  ...metaOf('compliance-rewrite'),
  clauses: ['1x-intermediate:1.4.3', '1x-primary:1.2.5', 'imkt-l5:1-3-2', 'platform-l5:1-3-2'],
  generate,
  score,
};
