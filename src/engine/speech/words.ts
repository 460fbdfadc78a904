/**
 * Matching the scenario's words (selling-point keywords, a fact's accepted and topic words) in
 * what the host says: in canonical form (numbers, ranges and units written any way, see
 * numbers.ts), every occurrence rather than the first, and not when a negation governs it
 * (不是普通食品 does not say 普通食品). Also the two shapes that earn no credit: a bare keyword
 * list, and a line that repeats a recent one.
 */
import { canonical, findCanonical } from './numbers';

export interface WordForm {
  /** The word as the scenario wrote it (quoted in events). */
  raw: string;
  /** Its canonical form. */
  canon: string;
  /** The word itself starts with a negation (不含酒精, 没有绳子): no negation check before it. */
  negative: boolean;
}

const NEG_START = /^(不|没|无|非|未|别|免|勿)/;
export const wordForm = (raw: string): WordForm => {
  const canon = canonical(raw);
  return { raw, canon, negative: NEG_START.test(canon) };
};

/** A negation right before a word: 不是 / 不 / 没有 / 并非 / 不支持 / 不含 … (not 不管是, 不仅). */
const NEGATED_BEFORE = /(不是|不算|并非|并不是|不|没有|没|无|非|未|别|不会|不能|不支持|不含|不带|不属于|isn't|not|no|without|never)$/;

const UNIT_RANGE = /(\d+(?:\.\d+)?)~(\d+(?:\.\d+)?)(mm|g|ml|度|元|小时|分钟|[个颗枚片袋盒瓶支双条份套只罐箱天年岁码])/g;

/** Occurrences of `word` in canonical `hay` that no negation governs. */
export function positiveAt(hay: string, word: WordForm): number {
  for (let at = findCanonical(hay, word.canon); at >= 0; at = findCanonical(hay, word.canon, at + 1)) {
    if (word.negative || !NEGATED_BEFORE.test(hay.slice(Math.max(0, at - 4), at))) return at;
  }
  // A quantity with a unit is also said by a range that starts or ends with it: 25克 in 25–30克.
  if (/\d\D+$/.test(word.canon) && hay.includes('~')) {
    const both = hay.replace(UNIT_RANGE, '$1$3~$2$3');
    if (both !== hay) return positiveAt(both, word);
  }
  return -1;
}

/** Every word of the list the canonical text says (not negated), in list order. */
export function hitsOf(hay: string, words: readonly WordForm[]): WordForm[] {
  return words.filter((w) => w.canon.length > 0 && positiveAt(hay, w) >= 0);
}

/** The text with each name (squashed, longest first) replaced by a mark, then canonical. */
export function withoutNames(text: string, names: readonly string[]): string {
  let s = text.toLowerCase().replace(/[\s\u3000]+/g, '');
  for (const n of names) if (n.length >= 2) s = s.split(n).join('|');
  return canonical(s);
}

// ------------------------------------------------------------------------------- bare keyword lists

/** Characters that show sentence structure: particles, pronouns, copulas, common verbs and adverbs. */
const STRUCTURE_ZH = /[的了是很也都就还又更再先让能会可要有没不在给用把被比着过得到呢吧啊哦呀嘛吗你我他她它们这那穿洗吃喝放带做装泡拍买说讲看来去回送选配适合]|一下/;
const STRUCTURE_EN = /\b(is|are|was|it|its|this|that|these|with|and|so|you|your|we|our|of|to|for|in|on|can|will|has|have|the|a|an|makes?|keeps?|comes?|lets?)\b/;
/** What separates list items: punctuation, slashes, bullets; spaces too in Chinese text. */
const SEPARATORS_ZH = /[\s\u3000，,。.！!？?；;：:、/|｜·•+＋]+/;
const SEPARATORS_EN = /[，,。！!？?；;：:、/|｜·•+＋]+|\.\s/;

export interface ListVerdict {
  list: boolean;
  /** Distinct points and facts named, characters of keywords and of everything else. */
  distinct: number;
  keywordChars: number;
  otherChars: number;
}

/**
 * Is the utterance a bare keyword list rather than a sentence? `vocab` is every keyword and
 * accepted word of the room with the point or fact it belongs to. Two shapes count:
 * - three or more different points or facts named, and what is left once the keywords, names,
 *   numbers and marks are taken out has no sentence structure; or four or more, and what is left
 *   is under a fifth of the text;
 * - three or more short items between separators (spaces in Chinese), none of them with any
 *   sentence structure ("保温 316 吸水 纯棉 加绒").
 */
export function keywordList(text: string, names: readonly string[], vocab: readonly { form: WordForm; owner: string }[]): ListVerdict {
  const english = /[a-z]{3}/i.test(text) && !/[\u4e00-\u9fff]/.test(text);
  const s = withoutNames(english ? text.replace(/\s+/g, ' ') : text, names);
  const taken = new Uint8Array(s.length);
  const owners = new Set<string>();
  let keywordChars = 0;
  for (const { form, owner } of vocab) {
    const c = form.canon;
    if (c.length < 2) continue;
    for (let at = findCanonical(s, c); at >= 0; at = findCanonical(s, c, at + 1)) {
      let free = true;
      for (let k = at; k < at + c.length && free; k++) if (taken[k]) free = false;
      if (!free) continue;
      taken.fill(1, at, at + c.length);
      owners.add(owner);
      keywordChars += c.length;
    }
  }
  let residue = '';
  for (let k = 0; k < s.length; k++) if (!taken[k]) residue += s[k];
  const rest = residue.replace(/[\d.~%×|]|mm|ml|[^\p{L}]/gu, '');
  const otherChars = rest.length;
  const structured = english ? STRUCTURE_EN.test(text.toLowerCase()) : STRUCTURE_ZH.test(rest);
  const dense = keywordChars / Math.max(1, keywordChars + otherChars) >= 0.8;
  // A point and a fact often share words (白鸭绒 is a point's keyword and a fact's answer), so a
  // dense but real sentence can name three owners; a list names four or more.
  // A recap after a full sentence ("再回到…，快速回顾一下：A、B、C、D") is not dense, and is credited.
  let list = (owners.size >= 3 && !structured) || (owners.size >= 4 && dense);
  if (!list) {
    // The shape alone: short items between separators, none with structure.
    const items = text
      .toLowerCase()
      .split(english ? SEPARATORS_EN : SEPARATORS_ZH)
      .map((x) => x.trim())
      .filter((x) => x.length > 0);
    list =
      items.length >= 3 &&
      owners.size >= 1 &&
      items.every((x) => (english ? x.split(/\s+/).length <= 3 && !STRUCTURE_EN.test(x) : x.length <= 6 && !STRUCTURE_ZH.test(x)));
  }
  return { list, distinct: owners.size, keywordChars, otherChars };
}

// ------------------------------------------------------------------------------- near-duplicates

/** The form lines are compared in for repeats: canonical, letters and digits only. */
export function lineKey(text: string): string {
  return canonical(text).replace(/[^\p{L}\p{N}~%]/gu, '');
}

/**
 * Similarity of two line keys: the Dice coefficient of their character bigrams (1 = the same
 * line, ~0.8 = the same line with a word or two changed). Lines under three characters are
 * equal or not.
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 3 || b.length < 3) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      common++;
      grams.set(g, n - 1);
    }
  }
  return (2 * common) / (a.length - 1 + b.length - 1);
}

/** Sentences of an utterance: split at full stops, question and exclamation marks, semicolons, new lines. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/[。！？!?；;\n]+|\.(?=\s|$)/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}
