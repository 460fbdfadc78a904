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
import { coverNegatedLists, spansBreak } from './breaks';
import { inferClass } from './product-class';
import { acceptSoundMatch, soundText, termSpellings } from './sounds';

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
/** Off-platform entries read the contact-folded text (薇信 → 微信), unless they ask for the plain one. */
const readsFolded = (c: CompiledEntry): boolean => c.entry.category === 'off_platform' && c.entry.view !== 'plain';
const BASE_VIEW = buildView(COMPILED.filter((c) => !readsFolded(c)), false);
const CONTACT_VIEW = buildView(COMPILED.filter(readsFolded), true);

/** Every spelling by sound of the `"sounds": true` entries' terms (sounds.ts). */
const SOUND_AUTOMATON = (() => {
  const ac = new AhoCorasick<{ ce: CompiledEntry; term: string }>();
  for (const ce of COMPILED) {
    if (!ce.entry.sounds || !ce.entry.match.terms) continue;
    for (const t of ce.entry.match.terms) {
      const term = normalizeText(t).norm;
      if (term.length < 3) continue;
      for (const spelling of termSpellings(term)) ac.add(spelling, { ce, term });
    }
  }
  ac.build();
  return ac;
})();

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
  const base = normalizeText(input);
  // With no class given (a script checked on its own), the product the line names decides:
  // 美白 in a face cream is a cosmetics claim, in a tea a food claim.
  const cls = typeof wanted === 'string' && KNOWN_CLASSES.has(wanted) ? wanted : inferClass(base.norm);

  const scan: Scan = { input, cls, hits: [], exemptions: [] };
  scanView(BASE_VIEW, base, undefined, scan);
  scanSounds(scan, base);
  const folded = foldForOffPlatform(base, input);
  scanView(CONTACT_VIEW, folded, folded.mapEnd, scan);
  const { hits, exemptions } = scan;
  const kept = coverNegatedLists(hits, exemptions, input);

  return { findings: mergeHits(kept, input), exemptions: uniqueExemptions(exemptions) };
}

/** Findings only (what scoring uses). Never throws. */
export function checkCompliance(text: string, ctx?: ComplianceContext): ComplianceFinding[] {
  return analyzeCompliance(text, ctx).findings;
}

/** Where a scan reports to: the line, its product class, and the lists it fills. */
interface Scan {
  input: string;
  cls: string | undefined;
  hits: Hit[];
  exemptions: Exempted[];
}

/** A match of entry `ce` at norm[s, e) of a view: a finding, an exemption, or nothing. */
function consider(scan: Scan, ce: CompiledEntry, nt: NormalizedText, mapEnd: number[] | undefined, s: number, e: number, literal: boolean): void {
  const { input, cls } = scan;
  if (cls !== undefined && ce.appliesTo !== null && !ce.appliesTo.has(cls)) return;
  const start = nt.map[s]!;
  const end = mapEnd ? mapEnd[e - 1]! : originalCharEnd(input, nt.map[e - 1]!);
  // A word does not run across the end of a sentence or clause: "500毫升，杯高" is not 升杯.
  // (Spaces and symbols between the characters — 丰 胸, 丰~胸 — are evasions and still match,
  // and so are commas and line breaks that cut a word into single characters: 最，低，价.)
  if (literal && spansBreak(input, start, end)) return;
  const x = exemptionFor(ce, nt.norm, s, e);
  if (x) {
    scan.exemptions.push({ ruleId: ce.entry.id, text: input.slice(start, end), start, end, exemptionOf: ce.entry.id, exemption: x.index, negation: x.negation });
  } else {
    scan.hits.push({ ce, start, end });
  }
}

/** Terms said by sound: homophones, pinyin, initials (sounds.ts). */
function scanSounds(scan: Scan, base: NormalizedText): void {
  const text = soundText(base.norm);
  if (text === null) return;
  SOUND_AUTOMATON.search(text, (v, s, e) => {
    if (acceptSoundMatch(base.norm, base.map, s, e, v.term)) consider(scan, v.ce, base, undefined, s, e, true);
  });
}

function scanView(view: View, nt: NormalizedText, mapEnd: number[] | undefined, scan: Scan): void {
  const norm = nt.norm;
  if (norm.length === 0) return;
  view.automaton.search(norm, (ce, s, e) => consider(scan, ce, nt, mapEnd, s, e, ce.isTerms));

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
      consider(scan, rm.entry, nt, mapEnd, s, e, false);
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

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
