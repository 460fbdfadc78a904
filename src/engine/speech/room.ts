/**
 * The room's words, read once per scenario: every product's names, every keyword and accepted
 * word with the point or fact it belongs to, and for each fact the forms an answer may take.
 * And the judgement of an answer on the whole sentence.
 */
import type { Product, Scenario } from '../scenario/load';
import { canonical, findCanonical, quantitiesIn } from './numbers';
import { hitsOf, wordForm, type WordForm } from './words';

export interface FactWords {
  /** The fact's accepted words, and the ranges its value states (65–75毫米 → 65~75mm). */
  accept: WordForm[];
  topic: WordForm[];
}

export interface RoomWords {
  /** Every product's names and aliases, squashed, longest first. */
  names: string[];
  /** Every selling-point keyword and accepted word, with its owner ("p:point" / "f:fact"), longest first. */
  vocab: { form: WordForm; owner: string }[];
  facts: FactWords[][];
  /** Canonical accepted words that say nothing about one fact: accepted for more than one fact of the room, or a bare number. */
  generic: Set<string>;
  /** Per product: canonical accepted words shared by more than one of its own facts. */
  sharedInProduct: Set<string>[];
}

const squash = (t: string) => t.toLowerCase().replace(/[\s\u3000]+/g, '');

function factWords(product: Product, names: Set<string>): FactWords[] {
  return product.facts.map((f) => {
    const accept = f.accept.map(wordForm);
    const have = new Set(accept.map((a) => a.canon));
    // The ranges of the fact's own value are answers too, however the host writes them.
    for (const q of quantitiesIn(f.value)) {
      if (q.includes('~') && !have.has(q) && !names.has(q)) {
        have.add(q);
        accept.push({ raw: q, canon: q, negative: false });
      }
    }
    return { accept, topic: f.topic.map(wordForm) };
  });
}

const cache = new WeakMap<Scenario, RoomWords>();

export function roomWords(scenario: Scenario): RoomWords {
  const hit = cache.get(scenario);
  if (hit) return hit;
  const names = [...new Set(scenario.products.flatMap((p) => [p.name.zh, p.name.en, ...p.aliases].map(squash)))].filter((n) => n.length >= 2).sort((a, b) => b.length - a.length);
  const canonNames = new Set(names.map(canonical));
  const facts = scenario.products.map((p) => factWords(p, canonNames));
  const vocab: RoomWords['vocab'] = [];
  scenario.products.forEach((p, i) => {
    for (const sp of p.sellingPoints) for (const k of sp.keywords) vocab.push({ form: wordForm(k), owner: `${p.id}:p:${sp.id}` });
    facts[i].forEach((f, j) => {
      for (const a of f.accept) vocab.push({ form: a, owner: `${p.id}:f:${p.facts[j].key}` });
    });
  });
  vocab.sort((a, b) => b.form.canon.length - a.form.canon.length);
  const seen = new Map<string, number>();
  const sharedInProduct = facts.map((pf) => {
    const inProduct = new Map<string, number>();
    for (const f of pf) {
      for (const c of new Set(f.accept.map((a) => a.canon))) {
        seen.set(c, (seen.get(c) ?? 0) + 1);
        inProduct.set(c, (inProduct.get(c) ?? 0) + 1);
      }
    }
    return new Set([...inProduct].filter(([, n]) => n > 1).map(([c]) => c));
  });
  const generic = new Set([...seen].filter(([c, n]) => n > 1 || /^\d+(\.\d+)?$/.test(c)).map(([c]) => c));
  const out: RoomWords = { names, vocab, facts, generic, sharedInProduct };
  cache.set(scenario, out);
  return out;
}

export interface AnswerVerdict {
  /** The accepted words said (not negated). */
  hits: string[];
  /** Does the sentence give this fact? */
  answers: boolean;
}

/**
 * Does an utterance give fact `fact` of product `product`? Judged on the whole sentence: every
 * accepted word it says (not only the first), not when negated (不是普通食品), and with what
 * makes a shared word specific. A reply to the question answers it with any accepted word; speech
 * to the room needs one of:
 * - an accepted word that belongs to this fact alone in the room (不是保健食品);
 * - one of the fact's topic words (普通食品 … 血糖);
 * - the product named (苦荞茶是普通食品) and an accepted word no other fact of that product shares.
 */
export function judgeAnswer(room: RoomWords, said: string, product: number, fact: number, opts: { reply: boolean; named: boolean }): AnswerVerdict {
  const f = room.facts[product][fact];
  const hits = hitsOf(said, f.accept);
  if (hits.length === 0) return { hits: [], answers: false };
  const answers =
    opts.reply ||
    hits.some((h) => !room.generic.has(h.canon)) ||
    f.topic.some((t) => t.canon.length > 0 && findCanonical(said, t.canon) >= 0) ||
    (opts.named && hits.some((h) => !room.sharedInProduct[product].has(h.canon)));
  return { hits: hits.map((h) => h.raw), answers };
}
