/**
 * Where a literal word may and may not run: sentence and clause breaks, the separators an
 * evasion puts between the characters of a word, and negated lists. Used by check.ts.
 */

/** Punctuation that ends a sentence or a clause, or separates list items. */
const BREAKS: ReadonlySet<number> = new Set(Array.from('，。！？；、｡､\n\r!?;', (ch) => ch.charCodeAt(0)));
const COMMA = 0x2c;

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isBreakAt(input: string, i: number): boolean {
  const c = input.charCodeAt(i);
  if (BREAKS.has(c)) return true;
  // "1,000": a thousands separator is not a break.
  return c === COMMA && !(isAsciiDigit(input.charCodeAt(i - 1)) && isAsciiDigit(input.charCodeAt(i + 1)));
}

/** Letters, digits and CJK characters: what is left of a fragment after normalisation. */
function isWordChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xff10 && c <= 0xff5a) ||
    (c >= 0xd800 && c <= 0xdbff) // an astral character (counted once, by its high surrogate)
  );
}

function wordChars(input: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (isWordChar(input.charCodeAt(i))) n++;
  return n;
}

/**
 * True when the words at input[start, end) cross a real sentence or clause break, so they are
 * not one word: 容量500毫升，杯高 is not 升杯. A break is only a separator slipped into a word
 * when a clause on either side of it is a single character (最，低，价; 最⏎低价): nobody
 * speaks in one-character clauses, and ordinary sentences (第一，品牌好) keep their breaks.
 */
export function spansBreak(input: string, start: number, end: number): boolean {
  let any = false;
  for (let i = start; i < end; i++) if (isBreakAt(input, i)) { any = true; break; }
  if (!any) return false;
  // The clauses the words touch, whole (from the break before them to the break after them).
  let from = start;
  while (from > 0 && !isBreakAt(input, from - 1)) from--;
  let to = end;
  while (to < input.length && !isBreakAt(input, to)) to++;
  // Fragments between runs of breaks, with their sizes.
  const frags: Array<{ from: number; to: number; size: number }> = [];
  let i = from;
  while (i < to) {
    let j = i;
    while (j < to && !isBreakAt(input, j)) j++;
    const size = wordChars(input, i, j);
    if (size > 0) frags.push({ from: i, to: j, size });
    while (j < to && (isBreakAt(input, j) || !isWordChar(input.charCodeAt(j)))) j++;
    i = j;
  }
  for (let k = 0; k + 1 < frags.length; k++) {
    const a = frags[k]!;
    const b = frags[k + 1]!;
    // Only the breaks inside the words matter.
    if (!(a.to < end && b.from > start)) continue;
    // A bare line break (no punctuation) in mid-sentence also splits two-character pieces off
    // a word (这就是最⏎低价); punctuation only single characters.
    if (Math.min(a.size, b.size) > (onlyLineBreaks(input, a.to, b.from) ? 2 : 1)) return true;
  }
  return false;
}

function onlyLineBreaks(input: string, from: number, to: number): boolean {
  let sawLine = false;
  for (let i = from; i < to; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) sawLine = true;
    else if (isBreakAt(input, i)) return false;
  }
  return sawLine;
}

/** What may stand between two items of one list: 、 / and 和 及 与 或 跟 (and spaces). */
const LIST_GAP = /^(?:[\s、､/／]|以及|或者|和|及|与|或|跟)*$/;

interface Span {
  start: number;
  end: number;
}
interface HitLike extends Span {
  ce: { entry: { id: string } };
}
interface ExemptedLike extends Span {
  ruleId: string;
  text: string;
  exemptionOf: string;
  exemption: number;
  negation: boolean;
}

/**
 * A negation covers the whole list after it: in 不宣称美白、祛斑、祛痘 or 没有美白祛斑功效 the
 * negation exempts 美白 (its entry's own negation exemption), and 祛斑 and 祛痘, which follow it
 * joined only by list separators, are covered too. Returns the hits that stay findings and
 * adds the covered ones to `exemptions` (with the negation's exemption as their reason).
 */
export function coverNegatedLists<H extends HitLike, X extends ExemptedLike>(hits: H[], exemptions: X[], input: string): H[] {
  const negated: ExemptedLike[] = exemptions.filter((x) => x.negation);
  if (negated.length === 0 || hits.length === 0) return hits;
  hits.sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: H[] = [];
  for (const h of hits) {
    let cover: ExemptedLike | undefined;
    for (const x of negated) {
      if (x.start > h.start) continue;
      if (x.end > h.start || LIST_GAP.test(input.slice(x.end, h.start))) {
        cover = x;
        break;
      }
    }
    if (!cover) {
      kept.push(h);
      continue;
    }
    const covered = { ruleId: h.ce.entry.id, text: input.slice(h.start, h.end), start: h.start, end: h.end, exemptionOf: cover.exemptionOf, exemption: cover.exemption, negation: true };
    exemptions.push(covered as X);
    negated.push(covered);
  }
  return kept;
}
