/**
 * Claims that are only wrong if they are untrue: "只剩10件", "最后3单", "原价399", "比原价便宜200",
 * "今天只要59", "打五折". The lexicon cannot judge them; the product's facts can.
 *
 * `findFactClaims(text)` reads such claims (with their spans on the original text);
 * `checkFactClaims(text, facts)` compares each with the products of a scenario:
 *   - contradicted → a finding (false scarcity / false price anchor / wrong price) whose reason
 *     quotes the stated and the actual values;
 *   - confirmed → not a finding, listed in `confirmed` with the value it matched;
 *   - no facts given (no scenario) → a severity-1 "needs facts" finding, so a script is never
 *     passed with an unchecked number in it.
 *
 * Pure and deterministic (no DOM, clocks or randomness), separate from analyzeCompliance so the
 * engine's speech checks — and the digests of existing runs — do not change.
 */
import type { Bilingual, ComplianceCategory } from './check';
import type { ExplainedFinding } from './explain';

export type FactClaimKind = 'stock' | 'list_price' | 'live_price' | 'saving' | 'discount';

export interface FactClaim {
  kind: FactClaimKind;
  /** The stated number (a price in yuan, a quantity, or a discount in 折: 5 = 50 %). */
  value: number;
  /** Quoted from the original text; UTF-16 offsets, end exclusive. */
  text: string;
  start: number;
  end: number;
}

/** What a product must look like to check claims against it (a scenario product fits). */
export interface FactProduct {
  id: string;
  no?: number;
  name: Bilingual;
  aliases?: readonly string[];
  listPrice: number;
  livePrice: number;
  referencePrice?: number;
  stock: number;
}

export interface FactSheet {
  products: readonly FactProduct[];
  /** Planned 秒杀: a correct price and quantity to state for that product. */
  flashSales?: ReadonlyArray<{ product: string; price: number; quantity: number }>;
  /** Coupons: 券后 prices and 立减 amounts are correct to state. Empty `products` = all. */
  coupons?: ReadonlyArray<{ kind: string; threshold: number; discount: number; products: readonly string[] }>;
}

export type FactStatus = 'contradicted' | 'unverified';

/** Fact findings carry their own explanation: it quotes the scenario's values. */
export interface FactFinding extends ExplainedFinding {
  /** How the claim relates to the facts: contradicted by them, or not checkable without them. */
  factStatus: FactStatus;
  claim: FactClaimKind;
  stated: number;
  /** The values that would have been true (contradicted only). */
  actual?: number[];
  /** The product the claim was checked against (when one was mentioned before it). */
  product?: string;
}

export interface FactConfirmation {
  claim: FactClaimKind;
  text: string;
  start: number;
  end: number;
  stated: number;
  product: string;
  reason: Bilingual;
}

export interface FactReport {
  findings: FactFinding[];
  confirmed: FactConfirmation[];
}

// ---------------------------------------------------------------------------------------
// Reading numbers

const NUM = '(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万]+(?:点[零〇一二三四五六七八九]+)?)';
const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

function chineseInteger(run: string): number {
  if (!/[十百千万]/.test(run)) return Number([...run].map((c) => String(CN_DIGIT[c] ?? 0)).join('') || '0');
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of run) {
    if (ch in CN_DIGIT) digit = CN_DIGIT[ch]!;
    else {
      const unit = CN_UNIT[ch]!;
      if (unit === 10000) {
        total += (section + (digit > 0 ? digit : 0)) * unit;
        section = 0;
      } else section += (digit >= 0 ? digit : 1) * unit;
      digit = -1;
    }
  }
  return total + section + (digit > 0 ? digit : 0);
}

/** 399, ３９９, 39.9, 三百九十九, 二十九点九 → a number (NaN when it is not one). */
export function readNumber(s: string): number {
  const ascii = s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace('．', '.');
  if (/^[0-9]+(\.[0-9]+)?$/.test(ascii)) return Number(ascii);
  const [int, frac] = ascii.split('点');
  if (!int || !/^[零〇一二两三四五六七八九十百千万]+$/.test(int)) return NaN;
  const whole = chineseInteger(int);
  if (frac === undefined) return whole;
  return Number(`${whole}.${[...frac].map((c) => String(CN_DIGIT[c] ?? 0)).join('')}`);
}

// ---------------------------------------------------------------------------------------
// Finding claims

const CURRENCY = '(?:块钱|块|元|rmb|¥|￥)';
/** "129块9" / "29块九": the digit after 块 is jiao. */
const JIAO = `(?:(?:块|元)(?<jiao>[0-9一二三四五六七八九])(?![0-9零〇一二两三四五六七八九十百千万]))`;
const STOCK_UNIT = '(?:件|单|份|套|箱|盒|双|条|瓶|袋|支|台|罐|组|张|本|个|只)';
/** Words after a count that make it something other than stock (最后一个问题, 只有3个颜色). */
const NOT_STOCK_AFTER = '(?!\\s*(?:颜色|色|尺码|码数|码|问题|款式|款|小时|分钟|秒|天|人|位|宝宝|链接|号|步|环节|细节|卖点|优点|特点|口味|味|规格|sku|型号|方面|原因|理由|地方|月|年|星期|周|礼拜|次|遍|岁))';
/** Words after a number that make it not a price (克, 毫升, 斤, 件 …). */
const NOT_PRICE_AFTER = '(?![0-9.]|\\s*(?:件|单|份|套|个|克|g|毫升|ml|斤|公斤|kg|厘米|cm|米|码|号|岁|天|分钟|秒|小时|次|步|%|折|倍|人|位|年|月|斤装|只|支|瓶|袋|盒|箱|双|条|粒|片|颗|抽|层))';

interface Pattern {
  kind: FactClaimKind;
  re: RegExp;
}

const num = (name: string) => `(?<${name}>${NUM})`;

const PATTERNS: Pattern[] = [
  // 只剩10件 · 最后3单 · 库存只有50 · 仅剩五件 · 这轮只上100单 · 限量200份
  {
    kind: 'stock',
    re: new RegExp(
      `(?:只剩下?|还剩下?|仅剩下?|就剩下?|剩下|最后(?:这)?|库存(?:只有|还有|就剩|仅剩|只剩|就|仅|才)?|只有|仅有|就有|只备了?|只上了?|只放了?|只开了?|限量|这轮(?:只)?(?:上|放|开)了?)[ \\t\\u00a0\\u3000]*(?:了)?[ \\t\\u00a0\\u3000]*${num('n')}[ \\t\\u00a0\\u3000]*${STOCK_UNIT}${NOT_STOCK_AFTER}`,
      'g',
    ),
  },
  { kind: 'stock', re: new RegExp(`库存(?:只有|还有|就剩|仅剩|只剩|就|仅|才|是)?[ \\t\\u00a0\\u3000]*${num('n')}(?![0-9.]|[ \\t\\u00a0\\u3000]*(?:块|元|%|天))`, 'g') },
  { kind: 'stock', re: /\b(?:only|just|last)[ \t]+(?<n>[0-9]+)[ \t]+(?:left|units?|pieces?|items?|pcs)\b/gi },
  // 原价399 · 原价是三百九十九元 · 吊牌价 ¥399 · 平时卖129块9
  {
    kind: 'list_price',
    re: new RegExp(
      `(?:原价|划线价|吊牌价|专柜价|日常价|门店价|官方价|零售价|标价|平时(?:价|卖|都卖|都要|要)|平常(?:卖|都卖|要))[ \\t\\u00a0\\u3000]*(?:是|都是|要|卖|为|都要|也要|就要)?[ \\t\\u00a0\\u3000]*[¥￥]?[ \\t\\u00a0\\u3000]*${num('n')}(?:${JIAO}|[ \\t\\u00a0\\u3000]*${CURRENCY})?${NOT_PRICE_AFTER}`,
      'g',
    ),
  },
  { kind: 'list_price', re: /\b(?:originally|regular(?:ly)?(?: price)?|usually|list price(?: is)?|original price(?: is)?)[ \t]*(?:is[ \t]*)?[¥￥$][ \t]*(?<n>[0-9]+(?:\.[0-9]+)?)/gi },
  // 今天只要59 · 到手价29.9 · 直播间价89元 · 秒杀价 9.9
  {
    kind: 'live_price',
    re: new RegExp(
      `(?:(?:今天|今晚|现在|直播间|这场|本场)(?:的)?(?:价格)?(?:只要|仅需|就要|只需|只卖|就卖|才|卖|到手|价)|到手价?|券后价?|秒杀价|活动价|专享价|直播价|福利价|优惠价)[ \\t\\u00a0\\u3000]*(?:是|只要|仅需|就|才|都是|也就|只)?[ \\t\\u00a0\\u3000]*[¥￥]?[ \\t\\u00a0\\u3000]*${num('n')}(?:${JIAO}|[ \\t\\u00a0\\u3000]*${CURRENCY})?${NOT_PRICE_AFTER}`,
      'g',
    ),
  },
  // 只要59元 · 仅需 ¥59 (without a price word before it, a currency is required)
  {
    kind: 'live_price',
    re: new RegExp(`(?<![今晚在间场价手后杀动享播利惠])(?:只要|仅需|只需|只卖)[ \\t\\u00a0\\u3000]*[¥￥]?[ \\t\\u00a0\\u3000]*${num('n')}(?:${JIAO}|[ \\t\\u00a0\\u3000]*${CURRENCY})(?![0-9])`, 'g'),
  },
  // 比原价便宜200 · 省200元 · 立减30 · 直降100块
  {
    kind: 'saving',
    re: new RegExp(
      `(?:比(?:原价|平时|日常价?|专柜价?|吊牌价|划线价|门店价?)(?:还|都|要)?(?:便宜|低|少|省|优惠)了?|(?:立减|直降|直减|狂降|立省|足足省|整整省|能省|省了?|便宜了?|优惠了?|降了?)(?=[ \\t\\u00a0\\u3000]*[¥￥]?[ \\t\\u00a0\\u3000]*${NUM}[ \\t\\u00a0\\u3000]*(?:块|元|rmb)))[ \\t\\u00a0\\u3000]*[¥￥]?[ \\t\\u00a0\\u3000]*${num('n')}(?:${JIAO}|[ \\t\\u00a0\\u3000]*${CURRENCY})?${NOT_PRICE_AFTER}`,
      'g',
    ),
  },
  // 打五折 · 5折 · 八五折 · 3.8折
  { kind: 'discount', re: new RegExp(`(?:打|直接|全场|相当于|等于)?[ \\t\\u00a0\\u3000]*${num('n')}[ \\t\\u00a0\\u3000]*折(?!叠|痕|纸|扣券|腾|射|算|旧|合)`, 'g') },
];

/** Every fact claim in the text, in order of position. Never throws. */
export function findFactClaims(text: string): FactClaim[] {
  const input = typeof text === 'string' ? text : '';
  if (input.length === 0) return [];
  const out: FactClaim[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(input)) !== null) {
      if (m[0].length === 0) {
        p.re.lastIndex++;
        continue;
      }
      let value = readNumber(m.groups?.['n'] ?? '');
      const jiao = m.groups?.['jiao'];
      if (jiao !== undefined && Number.isInteger(value)) value = Number(`${value}.${/[0-9]/.test(jiao) ? jiao : CN_DIGIT[jiao]}`);
      if (!Number.isFinite(value)) continue;
      if (p.kind === 'discount') {
        // 八五折 reads as 85 → 8.5 折; 折 outside 0.1–9.9 is not a discount.
        if (value >= 10 && value < 100) value = value / 10;
        if (value <= 0 || value >= 10) continue;
      }
      if (p.kind === 'stock' && (value === 0 || !Number.isInteger(value))) continue;
      if (p.kind !== 'stock' && p.kind !== 'discount' && value <= 0) continue;
      const trimmed = m[0].replace(/\s+$/, '');
      out.push({ kind: p.kind, value, text: trimmed, start: m.index, end: m.index + trimmed.length });
    }
  }
  // One claim per span: keep the first pattern's reading of overlapping text of the same kind.
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: FactClaim[] = [];
  for (const c of out) {
    if (kept.some((k) => k.start < c.end && c.start < k.end && (k.kind === c.kind || (k.kind === 'stock') === (c.kind === 'stock')))) continue;
    kept.push(c);
  }
  return kept;
}

// ---------------------------------------------------------------------------------------
// Checking claims against facts

const SCARCITY_RULE = { rule: '反不正当竞争法 第八条', source: '《反不正当竞争法》第八条（虚假或引人误解的商业宣传）；《网络直播营销管理办法(试行)》第十八条' };
const PRICE_RULE = { rule: '价格法 第十四条第(四)项', source: '《价格法》第十四条第(四)项；《明码标价和禁止价格欺诈规定》(2022)' };

const CLAIM_LABEL: Record<FactClaimKind, Bilingual> = {
  stock: { zh: '库存', en: 'stock' },
  list_price: { zh: '原价', en: 'original (list) price' },
  live_price: { zh: '到手价', en: 'price today' },
  saving: { zh: '优惠金额', en: 'saving' },
  discount: { zh: '折扣', en: 'discount' },
};

const money = (n: number): string => String(Math.round(n * 100) / 100);
const fold = (n: number): string => String(Math.round(n * 10) / 10);
const same = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;

interface Truth {
  values: number[];
  /** For discounts: the tolerance in 折. */
  tolerance: number;
}

function couponsFor(sheet: FactSheet, p: FactProduct, price: number): number[] {
  return (sheet.coupons ?? [])
    .filter((c) => (c.products.length === 0 || c.products.includes(p.id)) && (c.kind !== 'threshold' || price >= c.threshold) && c.discount < price)
    .map((c) => c.discount);
}

/** The values that are true to state for this product. */
function truthFor(kind: FactClaimKind, p: FactProduct, sheet: FactSheet): Truth {
  const flash = (sheet.flashSales ?? []).filter((f) => f.product === p.id);
  const sellPrices = [p.livePrice, ...flash.map((f) => f.price)];
  const afterCoupon = sellPrices.flatMap((price) => couponsFor(sheet, p, price).map((d) => price - d));
  // The original price is the shop's own list price (not what viewers think it costs elsewhere).
  const anchors = [p.listPrice];
  const uniq = (xs: number[]) => [...new Set(xs.map((x) => Math.round(x * 100) / 100))].filter((x) => x > 0);
  switch (kind) {
    case 'stock':
      return { values: uniq([p.stock, ...flash.map((f) => f.quantity)]), tolerance: 0 };
    case 'list_price':
      return { values: uniq(anchors), tolerance: 0 };
    case 'live_price':
      return { values: uniq([...sellPrices, ...afterCoupon]), tolerance: 0 };
    case 'saving': {
      const finals = [...sellPrices, ...afterCoupon];
      const coupons = sellPrices.flatMap((price) => couponsFor(sheet, p, price));
      return { values: uniq([...anchors.flatMap((a) => finals.map((f) => a - f)), ...coupons]), tolerance: 0 };
    }
    case 'discount': {
      const finals = [...sellPrices, ...afterCoupon];
      // 折 are rounded when spoken (29.9 / 39.9 = 7.49 → "七五折" or "七折半"): half a 折 either way.
      return { values: uniq(finals.map((f) => (f / p.listPrice) * 10)), tolerance: 0.5 };
    }
  }
}

/** Mentions of products (name, alias, N号链接) with their positions, for attributing claims. */
function productMentions(text: string, products: readonly FactProduct[]): Array<{ at: number; product: FactProduct }> {
  const out: Array<{ at: number; product: FactProduct }> = [];
  const lower = text.toLowerCase();
  products.forEach((p, i) => {
    const names = [p.name.zh, p.name.en, ...(p.aliases ?? [])].map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 2);
    for (const n of names) {
      for (let at = lower.indexOf(n); at >= 0; at = lower.indexOf(n, at + n.length)) out.push({ at, product: p });
    }
    const no = p.no ?? i + 1;
    const link = new RegExp(`(?<![0-9])${no}\\s*号(?:链接|宝贝|商品)?|(?:链接|link)\\s*${no}(?![0-9])`, 'gi');
    for (const m of text.matchAll(link)) out.push({ at: m.index ?? 0, product: p });
  });
  return out.sort((a, b) => a.at - b.at);
}

function describe(kind: FactClaimKind, values: number[]): { zh: string; en: string } {
  const fmt = kind === 'discount' ? fold : kind === 'stock' ? String : money;
  const list = values.map(fmt);
  const unitZh = kind === 'discount' ? ' 折' : kind === 'stock' ? '' : ' 元';
  const unitEn = kind === 'discount' ? ' (in 折)' : kind === 'stock' ? '' : ' yuan';
  return { zh: `${list.join(' / ')}${unitZh}`, en: `${list.join(' / ')}${unitEn}` };
}

function contradiction(c: FactClaim, truth: Truth, product: FactProduct | undefined, all: readonly FactProduct[]): FactFinding {
  const label = CLAIM_LABEL[c.kind];
  const actual = describe(c.kind, truth.values);
  const stated = c.kind === 'discount' ? fold(c.value) : c.kind === 'stock' ? String(c.value) : money(c.value);
  const who = product ? { zh: `“${product.name.zh}”`, en: `"${product.name.en}"` } : { zh: '场景里任何一个商品', en: 'any product in the scenario' };
  const whose = product ? who : { zh: `场景商品（${all.map((p) => p.name.zh).join('、')}）`, en: `the scenario's products (${all.map((p) => p.name.en).join(', ')})` };
  let category: ComplianceCategory;
  let reason: Bilingual;
  let suggestion: Bilingual;
  let rule = PRICE_RULE;
  switch (c.kind) {
    case 'stock': {
      const understates = truth.values.every((v) => c.value < v);
      category = understates ? 'false_scarcity' : 'other';
      rule = SCARCITY_RULE;
      reason = understates
        ? { zh: `说库存只有 ${stated}，但${whose.zh}的实际库存是 ${actual.zh}：这是虚假的稀缺宣传。`, en: `Says only ${stated} left, but the real stock of ${whose.en} is ${actual.en}: false scarcity.` }
        : { zh: `说有 ${stated} 件，但${whose.zh}的实际库存只有 ${actual.zh}：会超卖，也是不实宣传。`, en: `Says ${stated} units, but ${whose.en} has only ${actual.en}: it would oversell and is untrue.` };
      suggestion = { zh: `报真实库存：“这轮上 ${actual.zh.split(' / ')[0]} 单”。`, en: `State the real stock: "${actual.en.split(' / ')[0]} units this round".` };
      break;
    }
    case 'list_price':
      category = 'false_price';
      reason = { zh: `说原价 ${stated} 元，但${whose.zh}的原价（划线价）是 ${actual.zh}：虚构原价属于价格欺诈。`, en: `Says the original price is ${stated} yuan, but the list price of ${whose.en} is ${actual.en}: an invented original price is price fraud.` };
      suggestion = { zh: `说真实原价 ${actual.zh.split(' / ')[0]}，或只说今天的到手价。`, en: `State the real list price (${actual.en.split(' / ')[0]}), or just today's price.` };
      break;
    case 'live_price':
      category = 'false_price';
      reason = { zh: `说今天 ${stated} 元，但${whose.zh}能成交的价格是 ${actual.zh}：报价与结算价不一致。`, en: `Says ${stated} yuan today, but ${whose.en} sells at ${actual.en}: the stated price is not what buyers pay.` };
      suggestion = { zh: `报真实到手价：${actual.zh.split(' / ')[0]}。`, en: `State the real price: ${actual.en.split(' / ')[0]}.` };
      break;
    case 'saving':
      category = 'false_price';
      reason = { zh: `说便宜 ${stated} 元，但按${whose.zh}的原价和到手价只差 ${actual.zh}：虚假的减价宣传。`, en: `Says ${stated} yuan off, but the list and final prices of ${whose.en} differ by ${actual.en}: a false reduction.` };
      suggestion = { zh: `按真实价格说：便宜 ${actual.zh.split(' / ')[0]}。`, en: `Use the real figure: ${actual.en.split(' / ')[0]} off.` };
      break;
    case 'discount':
      category = 'false_price';
      reason = { zh: `说打 ${stated} 折，但${whose.zh}的到手价约为原价的 ${actual.zh}：虚假的折扣宣传。`, en: `Says ${stated} 折, but the price of ${whose.en} is about ${actual.en} of the list price: a false discount.` };
      suggestion = { zh: `按真实折扣说（约 ${actual.zh.split(' / ')[0]}），或直接报到手价。`, en: `Use the real discount (about ${actual.en.split(' / ')[0]}), or state the price.` };
      break;
  }
  const f: FactFinding = {
    ruleId: `fact-${c.kind.replace('_', '-')}`,
    category,
    severity: 2,
    text: c.text,
    start: c.start,
    end: c.end,
    rule: rule.rule,
    source: rule.source,
    reason,
    suggestion,
    factStatus: 'contradicted',
    claim: c.kind,
    stated: c.value,
    actual: truth.values,
  };
  if (product) f.product = product.id;
  void label;
  return f;
}

function unverified(c: FactClaim): FactFinding {
  const label = CLAIM_LABEL[c.kind];
  const stock = c.kind === 'stock';
  return {
    ruleId: `fact-${c.kind.replace('_', '-')}`,
    category: stock ? 'false_scarcity' : 'false_price',
    severity: 1,
    text: c.text,
    start: c.start,
    end: c.end,
    rule: (stock ? SCARCITY_RULE : PRICE_RULE).rule,
    source: (stock ? SCARCITY_RULE : PRICE_RULE).source,
    reason: {
      zh: `“${c.text}”是关于${label.zh}的说法，须与商品的真实${label.zh}一致；选择场景即可自动核对。`,
      en: `"${c.text}" states the ${label.en}; it must match the product's real ${label.en}. Choose a scenario to check it.`,
    },
    suggestion: {
      zh: `开播前核对真实${label.zh}后再说。`,
      en: `Check the real ${label.en} before going live.`,
    },
    factStatus: 'unverified',
    claim: c.kind,
    stated: c.value,
  };
}

/**
 * Checks every fact claim in the text against the facts. Without facts (or with no
 * products), each claim is a severity-1 "needs facts" finding. Never throws.
 */
export function checkFactClaims(text: string, sheet?: FactSheet | null): FactReport {
  const claims = findFactClaims(text);
  const findings: FactFinding[] = [];
  const confirmed: FactConfirmation[] = [];
  const products = sheet?.products ?? [];
  if (!sheet || products.length === 0) return { findings: claims.map(unverified), confirmed };
  const mentions = productMentions(text, products);
  for (const c of claims) {
    let context: FactProduct | undefined = products.length === 1 ? products[0] : undefined;
    for (const m of mentions) {
      if (m.at > c.start) break;
      context = m.product;
    }
    const candidates = context ? [context] : products;
    let matched: FactProduct | undefined;
    let truthOfContext: Truth | undefined;
    const allValues: number[] = [];
    for (const p of candidates) {
      const truth = truthFor(c.kind, p, sheet);
      truthOfContext ??= truth;
      allValues.push(...truth.values);
      const tol = truth.tolerance;
      if (truth.values.some((v) => (tol > 0 ? Math.abs(v - c.value) <= tol + 1e-9 : same(v, c.value)))) {
        matched = p;
        break;
      }
    }
    if (matched) {
      const d = describe(c.kind, [c.value]);
      confirmed.push({
        claim: c.kind,
        text: c.text,
        start: c.start,
        end: c.end,
        stated: c.value,
        product: matched.id,
        reason: {
          zh: `与“${matched.name.zh}”的${CLAIM_LABEL[c.kind].zh}一致（${d.zh}）。`,
          en: `Matches the ${CLAIM_LABEL[c.kind].en} of "${matched.name.en}" (${d.en}).`,
        },
      });
      continue;
    }
    const truth: Truth = context ? truthOfContext! : { values: [...new Set(allValues)], tolerance: 0 };
    if (truth.values.length === 0) {
      findings.push(unverified(c));
      continue;
    }
    findings.push(contradiction(c, truth, context, products));
  }
  return { findings, confirmed };
}

/** The facts of a loaded scenario (structural: no import of the scenario loader). */
export function factSheetOf(scenario: {
  products: readonly FactProduct[];
  coupons?: ReadonlyArray<{ kind: string; threshold?: number; discount: number; products?: readonly string[] }>;
  runOfShow?: ReadonlyArray<{ product?: string; flashSale?: { price: number; quantity: number } }>;
}): FactSheet {
  return {
    products: scenario.products,
    coupons: (scenario.coupons ?? []).map((c) => ({ kind: c.kind, threshold: c.threshold ?? 0, discount: c.discount, products: c.products ?? [] })),
    flashSales: (scenario.runOfShow ?? []).flatMap((s) => (s.product !== undefined && s.flashSale ? [{ product: s.product, price: s.flashSale.price, quantity: s.flashSale.quantity }] : [])),
  };
}
