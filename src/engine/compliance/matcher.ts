/**
 * The lexicon's matching machinery: a regex prefilter (the characters at least one of which must
 * occur in any match, so most regexes are skipped for most lines) and an Aho–Corasick automaton
 * that finds every literal term in one pass. check.ts compiles the lexicon onto these.
 */

/** First characters of a sub-pattern; `any` means unbounded, `nullable` that it can match "". */
interface First {
  any: boolean;
  chars: Set<number>;
  nullable: boolean;
}
const MAX_CLASS_SIZE = 256;

/**
 * Returns characters of which at least one occurs in every match of `src`, or null when no
 * small such set exists. It only needs to be sound (never miss a possible match), so
 * anything unusual falls back to null ("always run"). Handles the subset the lexicon uses:
 * literals, classes, groups, lookarounds, ^ $ and quantifiers.
 */
export function requiredChars(src: string): Set<number> | null {
  let pos = 0;
  let failed = false;

  const parseAlt = (): Array<Array<{ first: First; min: number }>> => {
    const alts: Array<Array<{ first: First; min: number }>> = [parseSeq()];
    while (pos < src.length && src[pos] === '|') {
      pos++;
      alts.push(parseSeq());
    }
    return alts;
  };
  const parseSeq = (): Array<{ first: First; min: number }> => {
    const seq: Array<{ first: First; min: number }> = [];
    while (pos < src.length && src[pos] !== '|' && src[pos] !== ')') {
      const first = parseAtom();
      const min = parseQuantifier();
      seq.push({ first, min });
    }
    return seq;
  };
  const parseQuantifier = (): number => {
    let min = 1;
    const c = src[pos];
    if (c === '?' || c === '*') { min = 0; pos++; }
    else if (c === '+') pos++;
    else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(src.slice(pos));
      if (m) { min = Number(m[1]); pos += m[0].length; }
    }
    if (src[pos] === '?') pos++; // lazy
    return min;
  };
  const zeroWidth = (): First => ({ any: false, chars: new Set(), nullable: true });
  const anyChar = (): First => ({ any: true, chars: new Set(), nullable: false });
  const parseAtom = (): First => {
    const c = src[pos]!;
    if (c === '(') {
      pos++;
      let lookaround = false;
      if (src.startsWith('?:', pos)) pos += 2;
      else if (src.startsWith('?=', pos) || src.startsWith('?!', pos)) { pos += 2; lookaround = true; }
      else if (src.startsWith('?<=', pos) || src.startsWith('?<!', pos)) { pos += 3; lookaround = true; }
      else if (src.startsWith('?<', pos)) pos = src.indexOf('>', pos) + 1;
      const alts = parseAlt();
      if (src[pos] !== ')') failed = true;
      pos++;
      return lookaround ? zeroWidth() : firstOfAlt(alts);
    }
    if (c === '^' || c === '$') { pos++; return zeroWidth(); }
    if (c === '.') { pos++; return anyChar(); }
    if (c === '[') return parseClass();
    if (c === '\\') {
      const code = parseEscape();
      return code === null ? anyChar() : { any: false, chars: new Set([code]), nullable: false };
    }
    pos++;
    return { any: false, chars: new Set([c.charCodeAt(0)]), nullable: false };
  };
  const parseEscape = (): number | null => {
    pos++; // backslash
    const c = src[pos]!;
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(pos + 1, pos + 5))) {
      pos += 5;
      return parseInt(src.slice(pos - 4, pos), 16);
    }
    pos++;
    if (/[dDwWsSbBnrtfv0-9kpP]/.test(c)) return null; // classes, boundaries, refs: give up
    return c.charCodeAt(0);
  };
  const parseClass = (): First => {
    pos++;
    const negated = src[pos] === '^';
    if (negated) pos++;
    const chars = new Set<number>();
    let unbounded = negated;
    while (pos < src.length && src[pos] !== ']') {
      const lo = src[pos] === '\\' ? parseEscape() : src.charCodeAt(pos++);
      let hi = lo;
      if (src[pos] === '-' && src[pos + 1] !== ']') {
        pos++;
        hi = src[pos] === '\\' ? parseEscape() : src.charCodeAt(pos++);
      }
      if (lo === null || hi === null || hi - lo > MAX_CLASS_SIZE) { unbounded = true; continue; }
      for (let k = lo; k <= hi; k++) chars.add(k);
    }
    pos++;
    return unbounded ? anyChar() : { any: false, chars, nullable: false };
  };
  const firstOfSeq = (seq: Array<{ first: First; min: number }>): First => {
    const out: First = { any: false, chars: new Set(), nullable: true };
    for (const el of seq) {
      if (el.first.any) out.any = true;
      for (const ch of el.first.chars) out.chars.add(ch);
      if (el.min > 0 && !el.first.nullable) {
        out.nullable = false;
        break;
      }
    }
    return out;
  };
  const firstOfAlt = (alts: Array<Array<{ first: First; min: number }>>): First => {
    const out: First = { any: false, chars: new Set(), nullable: false };
    for (const seq of alts) {
      const f = firstOfSeq(seq);
      if (f.any) out.any = true;
      if (f.nullable) out.nullable = true;
      for (const ch of f.chars) out.chars.add(ch);
    }
    return out;
  };

  const alts = parseAlt();
  if (failed || pos !== src.length) return null;
  // Every top-level alternative must contain a mandatory element with a bounded first set.
  const required = new Set<number>();
  for (const seq of alts) {
    let best: Set<number> | null = null;
    for (const el of seq) {
      if (el.min === 0 || el.first.nullable || el.first.any) continue;
      if (best === null || el.first.chars.size < best.size) best = el.first.chars;
    }
    if (best === null) return null;
    for (const ch of best) required.add(ch);
  }
  return required;
}

// ---------------------------------------------------------------------------------------
// Aho–Corasick automaton over UTF-16 code units (all literal terms in one pass).

export class AhoCorasick<T> {
  private readonly next: Array<Map<number, number>> = [new Map()];
  private readonly fail: number[] = [0];
  /** Outputs per node, including those reachable through failure links (filled by build). */
  private out: Array<Array<{ value: T; length: number }>> = [[]];

  add(pattern: string, value: T): void {
    if (pattern.length === 0) return;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let nxt = this.next[node]!.get(c);
      if (nxt === undefined) {
        nxt = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        this.next[node]!.set(c, nxt);
      }
      node = nxt;
    }
    this.out[node]!.push({ value, length: pattern.length });
  }

  build(): void {
    const queue: number[] = [];
    for (const child of this.next[0]!.values()) {
      this.fail[child] = 0;
      queue.push(child);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi]!;
      for (const [c, child] of this.next[node]!) {
        let f = this.fail[node]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const target = this.next[f]!.get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        queue.push(child);
      }
      // Breadth-first order guarantees the failure node's outputs are already complete.
      const inherited = this.out[this.fail[node]!]!;
      if (inherited.length > 0) this.out[node] = this.out[node]!.concat(inherited);
    }
  }

  /** Calls `onMatch(value, start, end)` for every occurrence (overlaps included). */
  search(text: string, onMatch: (value: T, start: number, end: number) => void): void {
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let nxt = this.next[node]!.get(c);
      while (nxt === undefined && node !== 0) {
        node = this.fail[node]!;
        nxt = this.next[node]!.get(c);
      }
      node = nxt ?? 0;
      const outs = this.out[node]!;
      for (let k = 0; k < outs.length; k++) {
        const o = outs[k]!;
        onMatch(o.value, i + 1 - o.length, i + 1);
      }
    }
  }
}
