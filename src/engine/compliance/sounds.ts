/**
 * Matching terms by sound: the homophone, pinyin and initials evasions of a banned word.
 *
 * A host who may not say 最低价 says 醉低价 (a homophone), types "zui di jia" (pinyin), "zdj"
 * (initials) or mixes them (最d价, zui低价). For the lexicon's `"sounds": true` entries, each
 * term of three or more characters is compiled into every spelling where each character is
 * written as itself or a homophone, as its pinyin, or as its initial; the text is read with
 * each common character replaced by its syllable. One Aho–Corasick pass then finds them all;
 * acceptSoundMatch then keeps tones past the first character (买 mǎi is not 卖 mài).
 *
 * The syllables come from sounds.json (generated with pinyin-pro by sounds.gen.ts), so the
 * engine carries a few kilobytes of table, not a pinyin dictionary. Pure and deterministic.
 */
import table from './sounds.json' with { type: 'json' };

/** A syllable is written in the sound text as one private-use character. */
const TOKEN_BASE = 0xe000;

// One token per syllable without its tone (zui); the tone of each character is kept apart.
const TABLE = table.syllables as Record<string, string>;
const SYLLABLES: readonly string[] = [...new Set(Object.keys(TABLE).map((s) => s.replace(/[0-9]$/, '')))];
const TOKEN_OF = new Map<number, number>();
const TONE_OF = new Map<number, number>();
for (const [toned, chars] of Object.entries(TABLE)) {
  const token = TOKEN_BASE + SYLLABLES.indexOf(toned.replace(/[0-9]$/, ''));
  const tone = /[0-9]$/.test(toned) ? Number(toned[toned.length - 1]) : 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    if (!TOKEN_OF.has(c)) {
      TOKEN_OF.set(c, token);
      TONE_OF.set(c, tone);
    }
  }
}

/** The lexicon version the table was generated from (sounds.test.ts checks it is current). */
export const SOUND_TABLE_LEXICON: string = table.lexicon;

function isAsciiLetter(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/**
 * The normalised text with every character of the table replaced by its syllable's token, one
 * for one (so offsets stay those of the normalised text); null when nothing could match by sound
 * (no character of the table and no Latin letter).
 */
export function soundText(norm: string): string | null {
  let out: number[] | null = null;
  let letters = false;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    const t = TOKEN_OF.get(c);
    if (t !== undefined) {
      out ??= Array.from(norm, (ch) => ch.charCodeAt(0));
      out[i] = t;
    } else if (!letters && isAsciiLetter(c)) letters = true;
  }
  if (out === null) return letters ? norm : null;
  const CHUNK = 8192;
  if (out.length <= CHUNK) return String.fromCharCode.apply(null, out);
  const parts: string[] = [];
  for (let i = 0; i < out.length; i += CHUNK) parts.push(String.fromCharCode.apply(null, out.slice(i, i + CHUNK)));
  return parts.join('');
}

/**
 * Every spelling of a term to look for: each character as itself or a homophone, or as its
 * pinyin — or, in a second family, as itself or its initial (最d价, zdj). Pinyin and initials
 * mixed in one word (zui d jia) are rare and would triple the automaton, so they are left out.
 */
export function termSpellings(term: string): string[] {
  const parts: Array<[token: string, pinyin: string, initial: string]> = [];
  for (let i = 0; i < term.length; i++) {
    const t = TOKEN_OF.get(term.charCodeAt(i));
    if (t === undefined) return [];
    const syl = SYLLABLES[t - TOKEN_BASE]!;
    parts.push([String.fromCharCode(t), syl, syl[0]!]);
  }
  const out = new Set<string>();
  // Long terms keep the uniform spellings only (2^n grows fast).
  const mixed = parts.length <= 6;
  for (const k of [1, 2] as const) {
    let acc = [''];
    for (const p of parts) acc = mixed ? acc.flatMap((prefix) => [prefix + p[0], prefix + p[k]]) : acc.map((prefix) => prefix + p[k]);
    for (const a of acc) out.add(a);
  }
  if (!mixed) out.add(parts.map((p) => p[0]).join(''));
  return [...out];
}

/**
 * Whether a sound match at norm[s, e) of `term` is an evasion worth reporting:
 * - written with Latin letters: the letters must not run on into a longer word on either side
 *   (zdj, not the middle of "ozdjk");
 * - written in characters only: at least half the characters must be the term's own and at
 *   least one a substitute (all own is the literal word, matched elsewhere; mostly substitutes
 *   is too often an innocent phrase: 年轻时随 is not 年轻十岁).
 */
export function acceptSoundMatch(norm: string, map: readonly number[], s: number, e: number, term: string): boolean {
  let letters = false;
  for (let i = s; i < e; i++) if (isAsciiLetter(norm.charCodeAt(i))) { letters = true; break; }
  if (letters) {
    // Adjacent in the original (no space between) and both letters: one word.
    if (s > 0 && isAsciiLetter(norm.charCodeAt(s - 1)) && isAsciiLetter(norm.charCodeAt(s)) && map[s - 1] === map[s]! - 1) return false;
    if (e < norm.length && isAsciiLetter(norm.charCodeAt(e)) && isAsciiLetter(norm.charCodeAt(e - 1)) && map[e] === map[e - 1]! + 1) return false;
    return true;
  }
  if (e - s !== term.length) return false;
  let own = 0;
  for (let i = 0; i < term.length; i++) {
    const a = norm.charCodeAt(s + i);
    const b = term.charCodeAt(i);
    if (a === b) own++;
    // Past the first character a homophone must keep the tone: 最好买 (mǎi) is "best buy", not
    // 最好卖 (mài); 成本加上 is not 成本价. The first may be near (嘴低价, 过家级): a word's opening
    // is what a writer disguises, and a near sound there rarely makes a real phrase with the rest.
    else if (i > 0 && TONE_OF.get(a) !== TONE_OF.get(b)) return false;
  }
  return own < term.length && own * 2 >= term.length;
}
