/**
 * Question sprint (答问冲刺): viewers fire questions about one product, each with a few seconds
 * to answer, and the student types the reply with the product's fact sheet open beside it.
 *
 * The questions are the scenario's own: a scripted question about the fact (script.comments with
 * a `fact`), else one of the ways viewers ask it (the fact's `ask`), else one built from the
 * fact's label. An answer is judged as the engine judges a reply to a viewer's question
 * (speech/room.ts `judgeAnswer` with `reply: true`): it gives the fact when it says one of the
 * fact's accepted words or a range its value states, in canonical form (500克 = 500g = 一斤,
 * 15–20分钟 = 十五到二十分钟, 23厘米 = 230mm), and not negated (不含酒精 is not 含酒精).
 * One thing the engine does not need and a typed drill does: a reply that pastes half the fact
 * sheet (the accepted words of two or more other facts) does not answer the question asked.
 *
 * Each item carries its answer key (`key`: the product's names and facts, and the fact asked), as
 * the other drills do (src/drills/answer-key.ts): the UI ignores it, and a variant stored as JSON
 * scores the same.
 */
import { judgeAnswer, roomWords, canonical, viewerName, type Product, type Scenario } from '../engine';
import { answersByItem, isRecord, keyOf, percentOf } from './answer-key';
import { metaOf } from './catalog';
import { seeded } from './rand';
import type { Bilingual, DrillAnswer, DrillItem, DrillKind, DrillResult, DrillSources, DrillVariant, ItemResult } from './types';

type Fact = Product['facts'][number];

const META = metaOf('question-sprint');

/** What the sprint needs of the product to judge the replies: its names and its facts. */
export interface SprintProduct {
  id: string;
  name: Bilingual;
  aliases: string[];
  facts: Fact[];
}

/** What scoring an item needs and the student is not shown. */
export interface SprintKey {
  product: SprintProduct;
  /** The key of the fact that answers the question. */
  fact: string;
}

export type SprintItem = DrillItem & { key: SprintKey };

const isSprintKey = (k: unknown): k is SprintKey => {
  if (!isRecord(k)) return false;
  const { product, fact } = k as Partial<SprintKey>;
  return typeof fact === 'string' && typeof product === 'object' && product !== null && Array.isArray(product.facts) && product.facts.some((f) => f.key === fact);
};

/** The answer key of a question sprint item; a clear Error when it has none. */
export function sprintKey(item: DrillItem): SprintKey {
  return keyOf('question-sprint', item, isSprintKey);
}

/** Seconds to answer one question. */
export const SPRINT_LIMIT_SEC: Record<'zh' | 'en', number> = { zh: 20, en: 25 };
/** A product needs this many facts to make a sprint. */
export const SPRINT_MIN_FACTS = 3;
/** Credit for a right answer given after the item's limit. */
export const LATE_CREDIT = 0.5;
/** A reply that also gives this many other facts of the product is a pasted fact sheet, not an answer. */
const SHOTGUN_FACTS = 2;

interface Phrasing {
  fact: number;
  text: string;
  /** Built from the label: asked when the scenario has no (further) question of its own for the fact. */
  built: boolean;
}

/** Every way the scenario asks about each fact: scripted questions first, then the fact's `ask`, then two built ones. */
function phrasings(scn: Scenario, p: Product): Phrasing[][] {
  const lang = scn.meta.language;
  return p.facts.map((f, i) => {
    const texts: string[] = [];
    for (const c of scn.script.comments) if (c.product === p.id && c.fact === f.key && !texts.includes(c.text)) texts.push(c.text);
    for (const a of f.ask) if (!texts.includes(a)) texts.push(a);
    const built =
      lang === 'en'
        ? [`What about the ${f.label.en.toLowerCase()}?`, `Quick question: ${f.label.en.toLowerCase()}?`]
        : [`主播，${f.label.zh}是怎样的？`, `想问一下${f.label.zh}`];
    return [...texts.map((text) => ({ fact: i, text, built: false })), ...built.map((text) => ({ fact: i, text, built: true }))];
  });
}

/** The products a sprint can be drawn from: per scenario of the language, those with enough facts. */
function candidates(sources: DrillSources, lang: 'zh' | 'en'): { scenario: Scenario; products: Product[] }[] {
  const rooms = sources.scenarios.filter((s) => s.meta.language === lang);
  if (rooms.length === 0) throw new Error(`question-sprint: no scenario in language "${lang}" among the ${sources.scenarios.length} given`);
  const out = rooms.map((scenario) => ({ scenario, products: scenario.products.filter((p) => p.facts.length >= SPRINT_MIN_FACTS) })).filter((c) => c.products.length > 0);
  if (out.length === 0) {
    throw new Error(
      `question-sprint: no product with at least ${SPRINT_MIN_FACTS} facts in the "${lang}" scenarios (${rooms.map((s) => s.meta.id).join(', ')}); a sprint asks about a product's facts (products[].facts)`,
    );
  }
  return out;
}

function generate(seed: number, sources: DrillSources): DrillVariant {
  const lang = sources.language ?? 'zh';
  const rand = seeded(seed);
  const { scenario, products } = rand.pick(candidates(sources, lang));
  const product = rand.pick(products);
  const asks = phrasings(scenario, product);

  // First every fact once (in a random order), then a second question about some of them in other words.
  const want = rand.int(5, 8);
  const order = rand.shuffle(asks.map((_, i) => i));
  const chosen: Phrasing[] = [];
  for (const i of order) {
    if (chosen.length >= want) break;
    const own = asks[i].filter((a) => !a.built);
    chosen.push(rand.pick(own.length > 0 ? own : asks[i]));
  }
  for (const i of order) {
    if (chosen.length >= want) break;
    const left = asks[i].filter((a) => !chosen.includes(a));
    const own = left.filter((a) => !a.built);
    chosen.push(rand.pick(own.length > 0 ? own : left));
  }
  const sprint = spreadApart(rand.shuffle(chosen));

  const limitSec = SPRINT_LIMIT_SEC[lang];
  const sheet: DrillItem['context'] = [
    { label: { zh: '商品', en: 'Product' }, text: product.name },
    ...product.facts.map((f) => ({ label: f.label, text: { zh: f.value, en: f.value } })),
  ];
  const keyProduct: SprintProduct = { id: product.id, name: product.name, aliases: product.aliases, facts: product.facts };
  const items: SprintItem[] = sprint.map((q, n) => {
    const who = viewerName(rand.int(1, 1_000_000), lang);
    return {
      id: `q${n + 1}`,
      prompt: { zh: `观众「${who}」问：${q.text}`, en: `Viewer ${who} asks: ${q.text}` },
      context: sheet,
      input: {
        type: 'text',
        placeholder: lang === 'en' ? { zh: '用英文回复这位观众', en: 'Reply to the viewer' } : { zh: '像回复观众一样打字回答', en: 'Type your reply to the viewer (in Chinese)' },
      },
      limitSec,
      key: { product: keyProduct, fact: product.facts[q.fact].key },
    };
  });

  return {
    kind: 'question-sprint',
    seed,
    language: lang,
    source: scenario.meta.id,
    title: { zh: `${META.title.zh}：${product.name.zh}`, en: `${META.title.en}: ${product.name.en}` },
    intro: {
      zh: `${items.length}位观众接连提问，每题限时${limitSec}秒。对照商品信息，用一句话答准观众问的那一点；超时答对只得一半分。`,
      en: `${items.length} viewers ask one after another, ${limitSec} seconds each. Look the answer up in the product's facts and reply in one sentence to exactly what was asked; a right answer after the time limit earns half.`,
    },
    items,
    timeLimitSec: items.length * limitSec + 60,
  };
}

/** The same fact twice in a row reads like a repeat: move the second one further on when another fact can go between. */
function spreadApart(xs: Phrasing[]): Phrasing[] {
  const out = [...xs];
  for (let i = 1; i < out.length; i++) {
    if (out[i].fact !== out[i - 1].fact) continue;
    const j = out.findIndex((x, k) => k > i && x.fact !== out[i].fact && (k + 1 >= out.length || out[k + 1].fact !== out[i].fact));
    if (j > 0) [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ------------------------------------------------------------------------------- judging a reply

const rooms = new WeakMap<SprintProduct, ReturnType<typeof roomWords>>();

/**
 * The engine's words for the product alone. roomWords reads only the products of a scenario
 * (names, aliases, selling points and facts), and a reply is judged on its fact's accepted words,
 * so a one-product room judges a reply as the full room does (the tests check it on every shipped
 * product).
 */
function roomOf(p: SprintProduct): ReturnType<typeof roomWords> {
  let room = rooms.get(p);
  if (!room) {
    room = roomWords({ products: [{ ...p, sellingPoints: [] }] } as unknown as Scenario);
    rooms.set(p, room);
  }
  return room;
}

export interface ReplyVerdict {
  /** It gives the fact asked about, and not a pasted fact sheet. */
  right: boolean;
  /** The fact's accepted words it says. */
  hits: string[];
  /** The other facts of the product it gives (their keys). */
  others: string[];
}

/** Does a typed reply answer fact `factKey` of the product, as the engine judges a reply to a viewer's question? */
export function judgeReply(product: SprintProduct, factKey: string, reply: string): ReplyVerdict {
  const fact = product.facts.findIndex((f) => f.key === factKey);
  if (fact < 0) throw new Error(`question-sprint: product "${product.id}" has no fact "${factKey}"`);
  const room = roomOf(product);
  const said = canonical(reply);
  const verdict = judgeAnswer(room, said, 0, fact, { reply: true, named: true });
  const own = new Set(verdict.hits.map(canonical));
  const others = product.facts
    .map((f, j) => ({ f, v: j === fact ? null : judgeAnswer(room, said, 0, j, { reply: true, named: true }) }))
    .filter(({ v }) => v !== null && v.answers && v.hits.some((h) => !own.has(canonical(h))))
    .map(({ f }) => f.key);
  return { right: verdict.answers && others.length < SHOTGUN_FACTS, hits: verdict.hits, others };
}

const quote = (words: string[], lang: 'zh' | 'en') => (lang === 'zh' ? words.map((w) => `「${w}」`).join('、') : words.map((w) => `"${w}"`).join(', '));

function score(variant: DrillVariant, answers: readonly DrillAnswer[]): DrillResult {
  const given = answersByItem(answers); // the last answer to an item counts
  const results: ItemResult[] = variant.items.map((item) => {
    const { product, fact } = sprintKey(item);
    const f = product.facts.find((x) => x.key === fact)!;
    const expected: Bilingual = { zh: `${f.label.zh}：${f.value}`, en: `${f.label.en}: ${f.value}` };
    const examples = f.accept.slice(0, 3);
    const hint: Bilingual = { zh: `答到这些之一就算对：${quote(examples, 'zh')}`, en: `Any of these makes it right: ${quote(examples, 'en')}` };
    const a = given.get(item.id);
    const text = a?.value.trim() ?? '';
    if (!a || text === '') return { item: item.id, credit: 0, expected, feedback: { zh: `没有回答。${hint.zh}`, en: `No answer. ${hint.en}` } };
    const v = judgeReply(product, f.key, text);
    if (!v.right) {
      const labels = (keys: string[], lang: 'zh' | 'en') => quote(keys.map((k) => product.facts.find((x) => x.key === k)!.label[lang]), lang);
      let feedback: Bilingual;
      if (v.hits.length > 0) {
        feedback = {
          zh: `一次贴了好几条信息（还有${labels(v.others, 'zh')}），没有针对观众问的「${f.label.zh}」回答。`,
          en: `That pastes several facts at once (also ${labels(v.others, 'en')}) instead of answering the ${f.label.en.toLowerCase()} the viewer asked about.`,
        };
      } else if (v.others.length > 0) {
        feedback = {
          zh: `这是${labels(v.others, 'zh')}的信息，观众问的是「${f.label.zh}」。${hint.zh}`,
          en: `That is about ${labels(v.others, 'en')}; the viewer asked about the ${f.label.en.toLowerCase()}. ${hint.en}`,
        };
      } else {
        feedback = { zh: `没有答到点上。${hint.zh}`, en: `That does not answer it. ${hint.en}` };
      }
      return { item: item.id, credit: 0, expected, feedback };
    }
    const limit = item.limitSec ?? SPRINT_LIMIT_SEC[variant.language];
    const sec = (a.ms / 1000).toFixed(1);
    if (a.ms > limit * 1000) {
      return {
        item: item.id,
        credit: LATE_CREDIT,
        expected,
        feedback: {
          zh: `答对了（${quote(v.hits, 'zh')}），但用了${sec}秒，超过${limit}秒，得一半分。`,
          en: `Right (${quote(v.hits, 'en')}), but it took ${sec} s, over the ${limit} s limit: half credit.`,
        },
      };
    }
    return { item: item.id, credit: 1, expected, feedback: { zh: `答对了：${quote(v.hits, 'zh')}（${sec}秒）。`, en: `Right: ${quote(v.hits, 'en')} (${sec} s).` } };
  });
  return { kind: 'question-sprint', percent: percentOf(results.map((r) => r.credit)), items: results };
}

export const questionSprint: DrillKind = {
  ...META,
  // imkt-l5 2-2-3 引导用户下单 (answers drive the order, as its rubric says); 1+X 初级 2.4.3 is the
  // clause itself: 根据直播商品信息，及时解答直播间粉丝对商品的疑问.
  clauses: ['imkt-l5:2-2-3', '1x-primary:2.4.3'],
  generate,
  score,
};
