/**
 * The scenario format, version 1 (`format: livesim/scenario@1`).
 *
 * A scenario is written by a teacher in YAML; this zod schema is the single
 * definition of what is allowed. `docs/scenario-format.md` explains every field,
 * and `npm run livesim -- schema` prints this schema as JSON Schema for editors.
 *
 * Conventions:
 * - Objects are strict: an unknown (e.g. misspelt) key is an error, never ignored.
 * - Times and durations are seconds, or text such as "90s", "5m", "1m30s", "1:30".
 * - Money is in the scenario's currency units (yuan), with at most two decimals.
 * - Every id is unique within its list; cross references are checked.
 */
import { z } from 'zod';
import { bilingualSchema, cut, durationSchema, idSchema, limitedList, LIMITS, listIds, money, text, words } from './fields';
import { PERSONA_TYPES } from './persona-types';

export { bilingualSchema, durationSchema } from './fields';

export const SCENARIO_FORMAT = 'livesim/scenario@1';

export const LEVELS = [
  '1x-primary',
  '1x-intermediate',
  '1x-advanced',
  'imkt-l5',
  'imkt-l4',
  'imkt-l3',
  'platform-l5',
  'platform-l4',
  'practice',
] as const;

export const COMPLIANCE_CLASSES = [
  'ordinary',
  'food',
  'cosmetics',
  'health',
  'children',
  'appliance',
  'clothing',
  'cultural',
  'agricultural',
] as const;

export { PERSONA_TYPES } from './persona-types';

export const COMMENT_KINDS = ['question', 'chat', 'praise', 'complaint', 'troll', 'price', 'keyword'] as const;

export const INCIDENT_KINDS = [
  'stream_drop',
  'wrong_link',
  'wrong_price',
  'coupon_misconfig',
  'stock_mismatch',
  'troll_wave',
  'quality_complaint',
  'platform_warning',
  'supplier_price_change',
  'mic_failure',
] as const;

/** Actions a scripted host may cue the controller to perform (controller seat). */
export const CUE_ACTIONS = [
  'list_product',
  'delist_product',
  'start_explaining',
  'show_card',
  'hide_card',
  'issue_coupon',
  'start_flash_sale',
  'launch_lucky_bag',
  'send_red_packet',
  'set_price',
  'set_stock',
  'post_announcement',
  'pin_comment',
] as const;

const sellingPointSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(['feature', 'advantage', 'benefit']).default('feature'),
  text: text,
  /** Words that show the host covered this point when they appear in speech. */
  keywords: words.min(1, { error: 'list at least one keyword the host would say for this point' }),
});

const factSchema = z.strictObject({
  key: idSchema,
  label: bilingualSchema,
  value: text,
  /** Words that make an answer correct. Default: the numbers and short phrases in `value`. */
  accept: words.optional(),
  /** Words that show a reply is about this fact (e.g. 面料, 材质). Default: the label. */
  topic: words.optional(),
  /** How viewers ask about it; the audience picks from these. No entry: viewers do not ask about this fact. */
  ask: words.default([]),
});

const productSchema = z
  .strictObject({
    id: idSchema,
    /** The link number shown in the shopping bag (1号链接). Default: position in the list. */
    no: z.number().int().positive().optional(),
    name: bilingualSchema,
    aliases: words.default([]),
    category: text,
    class: z.enum(COMPLIANCE_CLASSES, { error: `must be one of ${COMPLIANCE_CLASSES.join(', ')}` }),
    listPrice: money,
    livePrice: money,
    /** What viewers believe the going price elsewhere is. Default: listPrice. */
    referencePrice: money.optional(),
    cost: money,
    stock: z.number().int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' }),
    /** In the shopping bag when the stream starts. */
    listed: z.boolean().default(false),
    sellingPoints: limitedList(sellingPointSchema, LIMITS.sellingPoints, 'selling points').min(1, { error: 'a product needs at least one selling point' }),
    facts: limitedList(factSchema, LIMITS.facts, 'facts').default([]),
  })
  .check((ctx) => {
    const p = ctx.value;
    if (p.livePrice > p.listPrice) {
      ctx.issues.push({
        code: 'custom',
        input: p.livePrice,
        path: ['livePrice'],
        message: `live price ${p.livePrice} is above the list price ${p.listPrice}`,
        continue: true,
      });
    }
    if (p.livePrice === 0) {
      ctx.issues.push({ code: 'custom', input: 0, path: ['livePrice'], message: 'live price must be above 0', continue: true });
    }
  });

const personaSchema = z.strictObject({
  type: z.enum(PERSONA_TYPES, { error: `must be one of ${PERSONA_TYPES.join(', ')}` }),
  /** Relative weight among the personas (any positive numbers; they are normalised). */
  share: z.number().positive({ error: 'must be above 0' }),
  /** Optional overrides of the persona's defaults (see docs/scenario-format.md). */
  dwell: durationSchema.optional(),
  bounce: z.number().min(0).max(1).optional(),
  commentRate: z.number().min(0).max(30).optional(),
  likeRate: z.number().min(0).max(60).optional(),
  followRate: z.number().min(0).max(1).optional(),
  buyPropensity: z.number().min(0).max(1).optional(),
  priceSensitivity: z.number().min(0).max(1).optional(),
});

const trafficPointSchema = z.strictObject({
  at: durationSchema,
  /** Viewers arriving per minute at this moment, before the room's own pull is applied. */
  perMin: z
    .number()
    .nonnegative({ error: 'must not be negative' })
    .max(LIMITS.perMin, { error: (iss) => `${cut(iss.input)} viewers a minute is above the limit of ${LIMITS.perMin.toLocaleString('en')} (docs/scenario-format.md §Limits)` }),
});

const segmentSchema = z.strictObject({
  id: idSchema,
  title: bilingualSchema,
  duration: durationSchema,
  product: idSchema.optional(),
  notes: bilingualSchema.optional(),
  /** A planned 秒杀 for this segment's product: its price is a correct price to state. */
  flashSale: z
    .strictObject({
      price: money,
      quantity: z.number().int().positive(),
      perBuyer: z.number().int().min(1).max(10).default(1),
    })
    .optional(),
});

const commentSchema = z.strictObject({
  at: durationSchema,
  user: text.optional(),
  persona: z.enum(PERSONA_TYPES).optional(),
  kind: z.enum(COMMENT_KINDS, { error: `must be one of ${COMMENT_KINDS.join(', ')}` }),
  text: text,
  product: idSchema.optional(),
  /** For questions: the fact (of `product`) that answers it. */
  fact: idSchema.optional(),
});

const cueSchema = z.strictObject({
  action: z.enum(CUE_ACTIONS, { error: `must be one of ${CUE_ACTIONS.join(', ')}` }),
  product: idSchema.optional(),
  coupon: idSchema.optional(),
  /** For `set_price`: the price the host asks for. The cue is done only when the price is set to it. */
  price: money.optional(),
  /** For `set_stock`: the stock the host asks for. The cue is done only when the stock is set to it. */
  stock: z.number().int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' }).optional(),
  within: durationSchema.default(15),
});

const hostLineSchema = z.strictObject({
  at: durationSchema,
  say: text,
  cue: cueSchema.optional(),
});

const vipSchema = z.strictObject({
  at: durationSchema,
  user: text,
  persona: z.enum(PERSONA_TYPES).default('loyal_fan'),
  fanLevel: z.number().int().min(1).max(30).default(10),
});

const couponFields = {
  id: idSchema,
  /** live: 直播间专享券 (no threshold); threshold: 满减 (spend `threshold`, save `discount`). */
  kind: z.enum(['live', 'threshold']),
  threshold: money.default(0),
  discount: money,
  quantity: z.number().int().positive(),
  /** Seconds it stays usable once issued: 60–86400, as the console's create_coupon action allows. */
  validity: durationSchema
    .pipe(z.number().min(60, { error: 'a coupon must stay valid for at least 60 seconds (1m)' }).max(86400, { error: 'a coupon can stay valid for at most 86400 seconds (24h)' }))
    .default(600),
  /** Product ids the coupon applies to; empty means all products. */
  products: limitedList(idSchema, LIMITS.words, 'products').default([]),
};

const couponSchema = z
  .strictObject({ ...couponFields, name: bilingualSchema.optional() })
  .check((ctx) => {
    const c = ctx.value;
    if (c.discount <= 0) ctx.issues.push({ code: 'custom', input: c.discount, path: ['discount'], message: 'discount must be above 0' });
    if (c.kind === 'threshold' && c.threshold <= c.discount) {
      ctx.issues.push({
        code: 'custom',
        input: c.threshold,
        path: ['threshold'],
        message: `a 满减 coupon's threshold (${c.threshold}) must be above its discount (${c.discount})`,
      });
    }
  });

const incidentBase = {
  id: idSchema,
  at: durationSchema,
  /** Seconds the student has to handle it for it to count as handled in time. */
  within: durationSchema.optional(),
  message: bilingualSchema.optional(),
};

const incidentSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      ...incidentBase,
      kind: z.literal('stream_drop'),
      /** Reconnecting by retrying fails for this long; switching to the backup network works at once. */
      retryFailsFor: durationSchema.default(20),
    }),
    z.strictObject({ ...incidentBase, kind: z.literal('wrong_link'), product: idSchema, target: idSchema }),
    z.strictObject({ ...incidentBase, kind: z.literal('wrong_price'), product: idSchema, price: money }),
    z.strictObject({
      ...incidentBase,
      kind: z.literal('coupon_misconfig'),
      // Deliberately wrong settings are the point here, so the coupon checks do not apply.
      coupon: z.strictObject(couponFields),
    }),
    z.strictObject({
      ...incidentBase,
      kind: z.literal('stock_mismatch'),
      product: idSchema,
      realStock: z.number().int().nonnegative(),
    }),
    z.strictObject({
      ...incidentBase,
      kind: z.literal('troll_wave'),
      trolls: z.number().int().min(1).max(50).default(4),
      duration: durationSchema.default(60),
    }),
    z.strictObject({ ...incidentBase, kind: z.literal('quality_complaint'), product: idSchema, text: text.optional() }),
    z.strictObject({ ...incidentBase, kind: z.literal('platform_warning'), reason: bilingualSchema }),
    z.strictObject({ ...incidentBase, kind: z.literal('supplier_price_change'), product: idSchema, price: money }),
    z.strictObject({ ...incidentBase, kind: z.literal('mic_failure') }),
  ],
  { error: `kind must be one of ${INCIDENT_KINDS.join(', ')}` },
);

const metaSchema = z.strictObject({
  id: idSchema,
  title: bilingualSchema,
  summary: bilingualSchema.optional(),
  level: z.enum(LEVELS, { error: `must be one of ${LEVELS.join(', ')}` }),
  seat: z.enum(['host', 'controller']).default('host'),
  mode: z.enum(['drill', 'exam', 'practice']),
  /**
   * The practical task it sets (seed 004 §3.1): 2-2 直播销售, a selling live (left out: selling),
   * or 2-1 直播预演, a rehearsal of the student's own script. Optional with no default, so the
   * scenario hash of a file without it does not change.
   */
  task: z.enum(['selling', 'rehearsal']).optional(),
  duration: durationSchema,
  platform: z.enum(['douyin', 'taobao', 'kuaishou', 'tiktok']).default('douyin'),
  language: z.enum(['zh', 'en']).default('zh'),
  currency: z.enum(['CNY', 'USD']).default('CNY'),
  rubric: idSchema,
  /** The scenario's category for the scenario list (童装, 农产品, 美妆…). Default: the first product's category up to its first "/". */
  category: bilingualSchema.optional(),
  tags: words.default([]),
});

export const scenarioSchema = z
  .strictObject({
    format: z.literal(SCENARIO_FORMAT, { error: `must be "${SCENARIO_FORMAT}"` }),
    meta: metaSchema,
    products: limitedList(productSchema, LIMITS.products, 'products').min(1, { error: 'a scenario needs at least one product' }),
    coupons: limitedList(couponSchema, LIMITS.coupons, 'coupons').default([]),
    audience: z.strictObject({
      traffic: limitedList(trafficPointSchema, LIMITS.trafficPoints, 'traffic points').min(1, { error: 'give at least one traffic point' }),
      /** How strongly room quality feeds back into arrivals (流量推荐): 0 = fixed curve, 1 = normal. */
      recommendation: z.number().min(0).max(3).default(1),
      personas: limitedList(personaSchema, LIMITS.personas, 'personas').min(1, { error: 'give at least one persona' }),
    }),
    runOfShow: limitedList(segmentSchema, LIMITS.segments, 'segments').min(1, { error: 'the run of show needs at least one segment' }),
    script: z
      .strictObject({
        comments: limitedList(commentSchema, LIMITS.comments, 'comments').default([]),
        host: limitedList(hostLineSchema, LIMITS.hostLines, 'host lines').default([]),
        vips: limitedList(vipSchema, LIMITS.vips, 'VIPs').default([]),
      })
      .default({ comments: [], host: [], vips: [] }),
    incidents: limitedList(incidentSchema, LIMITS.incidents, 'incidents').default([]),
    targets: z
      .strictObject({
        gmv: money.optional(),
        orders: z.number().int().nonnegative().optional(),
        conversion: z.number().min(0).max(1).optional(),
        uvValue: money.optional(),
      })
      .default({}),
  })
  .check((ctx) => crossCheck(ctx.value, ctx.issues));

type RawScenario = z.output<typeof scenarioSchema>;
type IssueSink = { push(issue: { code: 'custom'; input: unknown; path: (string | number)[]; message: string }): void };

/** Checks that need the whole scenario: unique ids, references, times inside the run. */
function crossCheck(s: RawScenario, issues: IssueSink): void {
  const add = (path: (string | number)[], message: string) => issues.push({ code: 'custom', input: undefined, path, message });
  const durationSec = s.meta.duration;
  if (durationSec < 60 || durationSec > 4 * 3600) add(['meta', 'duration'], 'duration must be between 1 minute and 4 hours');

  const unique = (list: { id: string }[], where: (string | number)[]) => {
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const prev = seen.get(item.id);
      if (prev !== undefined) add([...where, i, 'id'], `duplicate id "${cut(item.id, 40)}" (already used by ${where.join('.')}[${prev}])`);
      else seen.set(item.id, i);
    });
  };
  unique(s.products, ['products']);
  unique(s.coupons, ['coupons']);
  unique(s.runOfShow, ['runOfShow']);
  unique(s.incidents, ['incidents']);
  const planned = s.runOfShow.reduce((sum, seg) => sum + seg.duration, 0);
  if (planned > durationSec) add(['runOfShow'], `the run of show adds up to ${planned}s, longer than the run (${durationSec}s)`);

  const productIds = new Set(s.products.map((p) => p.id));
  const couponIds = new Set(s.coupons.map((c) => c.id));
  const productRef = (path: (string | number)[], id: string | undefined) => {
    // With no products at all, that one error says enough.
    if (id !== undefined && productIds.size > 0 && !productIds.has(id)) add(path, `unknown product "${cut(id, 40)}" (products are: ${listIds(productIds)})`);
  };
  const inRun = (path: (string | number)[], at: number) => {
    if (at > durationSec) add(path, `at ${at}s is after the end of the run (${durationSec}s)`);
  };

  const nos = new Map<number, string>();
  s.products.forEach((p, i) => {
    const no = p.no ?? i + 1;
    const prev = nos.get(no);
    if (prev) add(['products', i, 'no'], `link number ${no} is already used by product "${prev}"`);
    nos.set(no, p.id);
    unique(p.sellingPoints, ['products', i, 'sellingPoints']);
    const keys = new Set<string>();
    p.facts.forEach((f, j) => {
      if (keys.has(f.key)) add(['products', i, 'facts', j, 'key'], `duplicate fact key "${f.key}"`);
      keys.add(f.key);
    });
    if (p.cost > p.listPrice) add(['products', i, 'cost'], `cost ${p.cost} is above the list price ${p.listPrice}`);
  });
  s.coupons.forEach((c, i) => c.products.forEach((id, j) => productRef(['coupons', i, 'products', j], id)));

  let lastAt = -1;
  s.audience.traffic.forEach((pt, i) => {
    if (pt.at <= lastAt) add(['audience', 'traffic', i, 'at'], 'traffic points must be in increasing time order');
    lastAt = pt.at;
    inRun(['audience', 'traffic', i, 'at'], pt.at);
  });

  s.runOfShow.forEach((seg, i) => {
    productRef(['runOfShow', i, 'product'], seg.product);
    if (seg.flashSale) {
      const p = s.products.find((x) => x.id === seg.product);
      if (seg.product === undefined) add(['runOfShow', i, 'flashSale'], 'a planned flash sale needs the segment to name its product');
      else if (p && seg.flashSale.price >= p.livePrice) add(['runOfShow', i, 'flashSale', 'price'], `the flash price ${seg.flashSale.price} must be below the live price ${p.livePrice}`);
      else if (p && seg.flashSale.quantity > p.stock) add(['runOfShow', i, 'flashSale', 'quantity'], `quantity ${seg.flashSale.quantity} is more than the stock (${p.stock})`);
    }
  });

  s.script.comments.forEach((c, i) => {
    inRun(['script', 'comments', i, 'at'], c.at);
    productRef(['script', 'comments', i, 'product'], c.product);
    if (c.fact !== undefined) {
      if (c.product === undefined) {
        add(['script', 'comments', i, 'fact'], 'a question that names a fact must also name its product');
      } else {
        const p = s.products.find((x) => x.id === c.product);
        if (p && !p.facts.some((f) => f.key === c.fact)) {
          add(['script', 'comments', i, 'fact'], `product "${cut(c.product, 40)}" has no fact "${cut(c.fact, 40)}" (facts: ${listIds(p.facts.map((f) => f.key)) || 'none'})`);
        }
      }
    }
    if (c.kind === 'question' && c.fact === undefined) {
      add(['script', 'comments', i, 'fact'], 'a scripted question needs `product` and `fact` so its answer can be checked');
    }
  });
  s.script.host.forEach((h, i) => {
    inRun(['script', 'host', i, 'at'], h.at);
    if (h.cue) {
      productRef(['script', 'host', i, 'cue', 'product'], h.cue.product);
      if (h.cue.coupon !== undefined && !couponIds.has(h.cue.coupon)) {
        add(['script', 'host', i, 'cue', 'coupon'], `unknown coupon "${cut(h.cue.coupon, 40)}" (coupons are: ${listIds(couponIds) || 'none'})`);
      }
      const needsProduct = ['list_product', 'delist_product', 'start_explaining', 'show_card', 'start_flash_sale', 'set_price', 'set_stock'];
      if (needsProduct.includes(h.cue.action) && h.cue.product === undefined) {
        add(['script', 'host', i, 'cue', 'product'], `a "${h.cue.action}" cue must name a product`);
      }
      if (h.cue.price !== undefined && h.cue.action !== 'set_price') add(['script', 'host', i, 'cue', 'price'], 'only a "set_price" cue takes a price');
      if (h.cue.stock !== undefined && h.cue.action !== 'set_stock') add(['script', 'host', i, 'cue', 'stock'], 'only a "set_stock" cue takes a stock');
      const cp = s.products.find((x) => x.id === h.cue?.product);
      if (cp && h.cue.price !== undefined && (h.cue.price <= 0 || h.cue.price > cp.listPrice)) {
        add(['script', 'host', i, 'cue', 'price'], `price ${h.cue.price} must be above 0 and not above the list price ${cp.listPrice}`);
      }
    }
  });
  if (s.meta.seat === 'controller' && s.script.host.length === 0) {
    add(['script', 'host'], 'a controller-seat scenario needs scripted host lines (script.host)');
  }
  s.script.vips.forEach((v, i) => inRun(['script', 'vips', i, 'at'], v.at));

  s.incidents.forEach((inc, i) => {
    inRun(['incidents', i, 'at'], inc.at);
    if ('product' in inc) productRef(['incidents', i, 'product'], inc.product);
    if (inc.kind === 'wrong_link') {
      productRef(['incidents', i, 'target'], inc.target);
      if (inc.target === inc.product) add(['incidents', i, 'target'], 'a wrong link must point at a different product');
    }
    if (inc.kind === 'coupon_misconfig') {
      inc.coupon.products.forEach((id, j) => productRef(['incidents', i, 'coupon', 'products', j], id));
      if (couponIds.has(inc.coupon.id)) add(['incidents', i, 'coupon', 'id'], `coupon id "${cut(inc.coupon.id, 40)}" is already used in coupons`);
    }
    if (inc.kind === 'stock_mismatch') {
      const p = s.products.find((x) => x.id === inc.product);
      if (p && inc.realStock >= p.stock) add(['incidents', i, 'realStock'], `realStock (${inc.realStock}) must be below the product's stock (${p.stock}) for a mismatch`);
    }
    if (inc.kind === 'wrong_price') {
      const p = s.products.find((x) => x.id === inc.product);
      if (p && inc.price === p.livePrice) add(['incidents', i, 'price'], 'the wrong price equals the correct live price');
    }
  });
}

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioData = z.output<typeof scenarioSchema>;
