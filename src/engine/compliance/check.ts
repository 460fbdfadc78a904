/**
 * Compliance checker for a host's speech (and script lines): finds absolute claims,
 * off-platform steering, medical claims, false price anchors, inducement, insults and
 * other risky phrases, with spans on the original text and the lexicon entry behind each
 * finding. It matches only: the rule, source, reason and suggestion of an entry are
 * presentation, in lexicon-text.json, added by explain.ts where they are shown (the live room
 * loads them lazily, so they are not part of its JavaScript).
 *
 * Pure and deterministic (runs inside the simulation engine in Node and in the browser).
 * Everything is compiled once at module load. A check normalises the text (normalize.ts),
 * finds all literal terms in one Aho–Corasick pass, and runs only those regex entries whose
 * required characters occur in the text (most lines are innocent and skip nearly all).
 * Off-platform entries look at a second, contact-folded view (薇信/VX → 微信, 幺三八… → 138…).
 *
 * Product-class scoping: entries with `appliesTo` only apply to those classes. When no
 * class is given (e.g. the standalone script linter) or the class is unknown, scoped
 * entries apply too: the linter cannot know the product is exempt, so it warns.
 */
import lexiconData from './lexicon.json' with { type: 'json' };
import {
  COMPLIANCE_CATEGORIES,
  COMPLIANCE_CLASSES,
  DEFAULT_EXEMPTION_WINDOW,
  parseLexicon,
  type LexiconEntry,
} from './lexicon.schema';
import {
  foldForOffPlatform,
  normalizeText,
  originalCharEnd,
  type NormalizedText,
} from './normalize';
import { AhoCorasick, requiredChars } from './matcher';

export { requiredChars } from './matcher';

export type ComplianceCategory =
  | 'absolute'
  | 'off_platform'
  | 'medical_claim'
  | 'false_scarcity'
  | 'false_price'
  | 'inducement'
  | 'insult'
  | 'other';
export type ComplianceClass =
  | 'ordinary'
  | 'food'
  | 'cosmetics'
  | 'health'
  | 'children'
  | 'appliance'
  | 'clothing'
  | 'cultural'
  | 'agricultural';
export interface Bilingual {
  zh: string;
  en: string;
}
export interface ComplianceFinding {
  /** lexicon entry id (explain.ts gives its rule, source, reason and suggestion) */
  ruleId: string;
  category: ComplianceCategory;
  severity: 1 | 2 | 3;
  /** the matched text, quoted from the ORIGINAL input (including any inserted spaces/symbols) */
  text: string;
  /** UTF-16 offsets into the original text, end exclusive */
  start: number;
  end: number;
}
export interface ComplianceExemption {
  /** the entry whose words were found (and are lawful here) */
  ruleId: string;
  text: string;
  start: number;
  end: number;
  /**
   * The exemption that applies: index `exemption` of entry `exemptionOf`'s exemptions. That is
   * `ruleId` itself, except for a claim covered by the negation of an earlier item of the same
   * list (不宣称美白、祛斑: 祛斑 is covered by the negation that exempts 美白).
   */
  exemptionOf: string;
  exemption: number;
}
export interface ComplianceReport {
  findings: ComplianceFinding[];
  exemptions: ComplianceExemption[];
}
export interface ComplianceContext {
  complianceClass?: ComplianceClass;
}
export type { LexiconEntry };

// The schema and these unions must agree; this line fails to compile if they drift apart.
const _categoriesAgree: readonly ComplianceCategory[] = COMPLIANCE_CATEGORIES;
const _classesAgree: readonly ComplianceClass[] = COMPLIANCE_CLASSES;
void _categoriesAgree;
void _classesAgree;
const KNOWN_CLASSES: ReadonlySet<string> = new Set(COMPLIANCE_CLASSES);

// ---------------------------------------------------------------------------------------
// Regex prefilter: a character set at least one of which must occur in any match.

let RUN_STAMP = new Uint32Array(256);
let GENERATION = 0;

function nextGeneration(size: number): number {
  if (RUN_STAMP.length < size) RUN_STAMP = new Uint32Array(size * 2);
  GENERATION = (GENERATION + 1) >>> 0;
  if (GENERATION === 0) {
    RUN_STAMP.fill(0);
    GENERATION = 1;
  }
  return GENERATION;
}

// ---------------------------------------------------------------------------------------
// Compilation (module load)

const lexicon = parseLexicon(lexiconData);

export const LEXICON_VERSION: string = lexicon.version;

/** The validated lexicon entries (for docs and coverage reports). */
export function lexiconEntries(): readonly LexiconEntry[] {
  return ENTRIES;
}
const ENTRIES: readonly LexiconEntry[] = Object.freeze(lexicon.entries.map((e) => Object.freeze(e)));

interface CompiledExemption {
  re: RegExp;
  unless: RegExp | null;
  window: number;
  anywhere: boolean;
  negation: boolean;
  index: number;
}
interface CompiledEntry {
  entry: LexiconEntry;
  /** Literal words (not a regex): a match never spans a sentence break. */
  isTerms: boolean;
  appliesTo: ReadonlySet<string> | null;
  exemptions: CompiledExemption[];
}
interface RegexMatcher {
  re: RegExp;
  hasHitGroup: boolean;
  entry: CompiledEntry;
}
/** One way of looking at the text: the plain normalised form, or the contact-folded form. */
interface View {
  automaton: AhoCorasick<CompiledEntry>;
  regexes: RegexMatcher[];
  /** For each character, the regexes that can only match if it occurs in the text. */
  triggers: Map<number, number[]>;
  /** Regexes without a usable required-character set: always run. */
  alwaysRun: number[];
}

const HIT_GROUP = '(?<hit>';

function compileEntry(entry: LexiconEntry): CompiledEntry {
  return {
    entry,
    isTerms: entry.match.terms !== undefined,
    appliesTo: entry.appliesTo ? new Set(entry.appliesTo) : null,
    exemptions: (entry.exemptions ?? []).map((x, index) => ({
      re: new RegExp(x.regex, 'g'),
      unless: x.unless ? new RegExp(x.unless) : null,
      window: x.window ?? DEFAULT_EXEMPTION_WINDOW,
      anywhere: x.scope === 'window',
      negation: x.negation === true,
      index,
    })),
  };
}

function buildView(entries: CompiledEntry[], fold: boolean): View {
  const automaton = new AhoCorasick<CompiledEntry>();
  const regexes: RegexMatcher[] = [];
  const triggers = new Map<number, number[]>();
  const alwaysRun: number[] = [];
  for (const ce of entries) {
    const m = ce.entry.match;
    if (m.terms) {
      for (const t of m.terms) {
        const base = normalizeText(t);
        const norm = fold ? foldForOffPlatform(base, t).norm : base.norm;
        automaton.add(norm, ce);
      }
    } else if (m.regex) {
      const hasHitGroup = m.regex.includes(HIT_GROUP);
      const index = regexes.length;
      regexes.push({ re: new RegExp(m.regex, hasHitGroup ? 'gd' : 'g'), hasHitGroup, entry: ce });
      const required = requiredChars(m.regex);
      if (required === null) alwaysRun.push(index);
      else {
        for (const c of required) {
          const list = triggers.get(c);
          if (list) list.push(index);
          else triggers.set(c, [index]);
        }
      }
    }
  }
  automaton.build();
  return { automaton, regexes, triggers, alwaysRun };
}

const COMPILED = lexicon.entries.map(compileEntry);
const BASE_VIEW = buildView(COMPILED.filter((c) => c.entry.category !== 'off_platform'), false);
const CONTACT_VIEW = buildView(COMPILED.filter((c) => c.entry.category === 'off_platform'), true);

// ---------------------------------------------------------------------------------------
// Checking

interface Hit {
  ce: CompiledEntry;
  start: number;
  end: number;
}
/** A hit an exemption made lawful (before duplicates are removed). */
interface Exempted extends ComplianceExemption {
  negation: boolean;
}

/** Full report: findings plus the hits that an exemption made legal. Never throws. */
export function analyzeCompliance(text: string, ctx?: ComplianceContext): ComplianceReport {
  const input = typeof text === 'string' ? text : '';
  if (input.length === 0) return { findings: [], exemptions: [] };
  const wanted = ctx?.complianceClass;
  const cls = typeof wanted === 'string' && KNOWN_CLASSES.has(wanted) ? wanted : undefined;

  const hits: Hit[] = [];
  const exemptions: Exempted[] = [];
  const base = normalizeText(input);
  scanView(BASE_VIEW, base, undefined, input, cls, hits, exemptions);
  const folded = foldForOffPlatform(base, input);
  scanView(CONTACT_VIEW, folded, folded.mapEnd, input, cls, hits, exemptions);
  const kept = coverNegatedLists(hits, exemptions, input);

  return { findings: mergeHits(kept, input), exemptions: uniqueExemptions(exemptions) };
}

/** Findings only (what scoring uses). Never throws. */
export function checkCompliance(text: string, ctx?: ComplianceContext): ComplianceFinding[] {
  return analyzeCompliance(text, ctx).findings;
}

function scanView(
  view: View,
  nt: NormalizedText,
  mapEnd: number[] | undefined,
  input: string,
  cls: string | undefined,
  hits: Hit[],
  exemptions: Exempted[],
): void {
  const norm = nt.norm;
  if (norm.length === 0) return;
  const consider = (ce: CompiledEntry, s: number, e: number): void => {
    if (cls !== undefined && ce.appliesTo !== null && !ce.appliesTo.has(cls)) return;
    const start = nt.map[s]!;
    const end = mapEnd ? mapEnd[e - 1]! : originalCharEnd(input, nt.map[e - 1]!);
    // A word does not run across the end of a sentence or clause: "500毫升，杯高" is not 升杯.
    // (Spaces and symbols between the characters — 丰 胸, 丰~胸 — are evasions and still match.)
    if (ce.isTerms && spansBreak(input, start, end)) return;
    const x = exemptionFor(ce, norm, s, e);
    if (x) {
      exemptions.push({ ruleId: ce.entry.id, text: input.slice(start, end), start, end, exemptionOf: ce.entry.id, exemption: x.index, negation: x.negation });
    } else {
      hits.push({ ce, start, end });
    }
  };

  view.automaton.search(norm, (ce, s, e) => consider(ce, s, e));

  // Only run the regexes whose required characters occur in this text (most lines are innocent).
  const gen = nextGeneration(view.regexes.length);
  for (const i of view.alwaysRun) RUN_STAMP[i] = gen;
  for (let k = 0; k < norm.length; k++) {
    const list = view.triggers.get(norm.charCodeAt(k));
    if (list !== undefined) for (let j = 0; j < list.length; j++) RUN_STAMP[list[j]!] = gen;
  }
  for (let i = 0; i < view.regexes.length; i++) {
    if (RUN_STAMP[i] !== gen) continue;
    const rm = view.regexes[i]!;
    const re = rm.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(norm)) !== null) {
      const len = m[0].length;
      if (len === 0) {
        re.lastIndex++;
        continue;
      }
      let s = m.index;
      let e = s + len;
      if (rm.hasHitGroup) {
        const span = m.indices?.groups?.['hit'];
        if (span && span[1] > span[0]) [s, e] = span;
      }
      consider(rm.entry, s, e);
    }
  }
}

/** Returns the first exemption whose context regex overlaps the hit. */
function exemptionFor(ce: CompiledEntry, norm: string, s: number, e: number): CompiledExemption | null {
  for (const x of ce.exemptions) {
    const ws = Math.max(0, s - x.window);
    const window = norm.slice(ws, Math.min(norm.length, e + x.window));
    const hs = s - ws;
    const he = e - ws;
    const re = x.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let overlaps = false;
    while ((m = re.exec(window)) !== null) {
      const len = m[0].length;
      if (len === 0) {
        re.lastIndex++;
        continue;
      }
      if (x.anywhere || (m.index < he && m.index + len > hs)) {
        overlaps = true;
        break;
      }
    }
    if (overlaps && !(x.unless && x.unless.test(window))) return x;
  }
  return null;
}

/**
 * Overlapping hits of one category become one finding: the span is their union, the rule is
 * the most severe (then longest, then first, then smallest id) hit. Different categories on
 * the same words are all reported: "全网最低价" is both an absolute claim and a price anchor.
 */
function mergeHits(hits: Hit[], input: string): ComplianceFinding[] {
  hits.sort(
    (a, b) =>
      cmp(a.ce.entry.category, b.ce.entry.category) ||
      a.start - b.start ||
      b.end - a.end ||
      cmp(a.ce.entry.id, b.ce.entry.id),
  );
  const out: ComplianceFinding[] = [];
  let i = 0;
  while (i < hits.length) {
    const first = hits[i]!;
    let best = first;
    let start = first.start;
    let end = first.end;
    let j = i + 1;
    while (j < hits.length) {
      const h = hits[j]!;
      if (h.ce.entry.category !== first.ce.entry.category || h.start >= end) break;
      end = Math.max(end, h.end);
      start = Math.min(start, h.start);
      if (better(h, best)) best = h;
      j++;
    }
    const en = best.ce.entry;
    out.push({ ruleId: en.id, category: en.category, severity: en.severity, text: input.slice(start, end), start, end });
    i = j;
  }
  out.sort((a, b) => a.start - b.start || cmp(a.ruleId, b.ruleId));
  return out;
}

function better(a: Hit, b: Hit): boolean {
  const sa = a.ce.entry.severity;
  const sb = b.ce.entry.severity;
  if (sa !== sb) return sa > sb;
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  if (a.start !== b.start) return a.start < b.start;
  return a.ce.entry.id < b.ce.entry.id;
}

function uniqueExemptions(list: Exempted[]): ComplianceExemption[] {
  list.sort((a, b) => a.start - b.start || cmp(a.ruleId, b.ruleId) || a.end - b.end);
  const out: ComplianceExemption[] = [];
  for (const x of list) {
    const prev = out[out.length - 1];
    if (prev && prev.ruleId === x.ruleId && prev.start === x.start && prev.end === x.end) continue;
    out.push({ ruleId: x.ruleId, text: x.text, start: x.start, end: x.end, exemptionOf: x.exemptionOf, exemption: x.exemption });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Sentence breaks and negated lists

/** Punctuation that ends a sentence or a clause, or separates list items. */
const BREAKS: ReadonlySet<number> = new Set(Array.from('，。！？；、｡､\n\r!?;', (ch) => ch.charCodeAt(0)));
const COMMA = 0x2c;

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** True when the original text between start and end holds a sentence or clause break. */
function spansBreak(input: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = input.charCodeAt(i);
    if (BREAKS.has(c)) return true;
    // "1,000": a thousands separator is not a break.
    if (c === COMMA && !(isAsciiDigit(input.charCodeAt(i - 1)) && isAsciiDigit(input.charCodeAt(i + 1)))) return true;
  }
  return false;
}

/** What may stand between two items of one list: 、 / and 和 及 与 或 跟 (and spaces). */
const LIST_GAP = /^(?:[\s、､/／]|以及|或者|和|及|与|或|跟)*$/;

/**
 * A negation covers the whole list after it: in 不宣称美白、祛斑、祛痘 or 没有美白祛斑功效 the
 * negation exempts 美白 (its entry's own negation exemption), and 祛斑 and 祛痘, which follow it
 * joined only by list separators, are covered too. Returns the hits that stay findings and
 * adds the covered ones to `exemptions` (with the negation's exemption as their reason).
 */
function coverNegatedLists(hits: Hit[], exemptions: Exempted[], input: string): Hit[] {
  const negated = exemptions.filter((x) => x.negation);
  if (negated.length === 0 || hits.length === 0) return hits;
  hits.sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Hit[] = [];
  for (const h of hits) {
    let cover: Exempted | undefined;
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
    const covered: Exempted = { ruleId: h.ce.entry.id, text: input.slice(h.start, h.end), start: h.start, end: h.end, exemptionOf: cover.exemptionOf, exemption: cover.exemption, negation: true };
    exemptions.push(covered);
    negated.push(covered);
  }
  return kept;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
