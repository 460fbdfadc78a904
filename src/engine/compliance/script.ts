/**
 * Checking a whole script (a live script, a product title, an announcement) before going live:
 * the lexicon on every line, the fact claims against a scenario's products, exemptions, a
 * summary and the gate. Shared by `npm run livesim -- lint` and the app's script-check page.
 *
 * Pure and deterministic. Lines are checked one by one (a finding spans two lines only when a
 * line of one or two characters starts a word the next line ends: 最 / 低价);
 * fact claims are attributed to the product last mentioned before them in the whole text.
 * Findings come with their explanation (explain.ts): this module is for screens that show it.
 */
import { analyzeCompliance, LEXICON_VERSION, type Bilingual, type ComplianceCategory, type ComplianceClass } from './check';
import { explainExemption, withExplanation, type ExplainedFinding } from './explain';
import { checkFactClaims, type FactClaimKind, type FactSheet, type FactStatus } from './facts';
import { COMPLIANCE_CATEGORIES } from './lexicon.schema';
import { normalizeText } from './normalize';
import { inferClass } from './product-class';

export type Severity = 1 | 2 | 3;
export const SEVERITY_NAMES: Record<Severity, string> = { 1: 'minor', 2: 'major', 3: 'severe' };
/** Default gate of the linter: severity 2 (major) and up fail the script; severity 1 are advisories. */
export const DEFAULT_GATE: Severity = 2;

export interface ScriptFinding {
  /** 1-based line number */
  line: number;
  /** 0-based UTF-16 offsets within the line, end exclusive */
  start: number;
  end: number;
  /** 0-based UTF-16 offsets within the whole text */
  offset: number;
  endOffset: number;
  text: string;
  category: ComplianceCategory;
  severity: Severity;
  ruleId: string;
  rule: string;
  source: string;
  reason: Bilingual;
  suggestion?: Bilingual;
  /** Fact claims: contradicted by the scenario, or unverified (no scenario given). */
  factStatus?: FactStatus;
  claim?: FactClaimKind;
  product?: string;
  /**
   * A one-click fix: the text to put in place of `text` ("" = delete the words). Absent when the
   * suggestion is advice that needs the writer's own words.
   */
  replacement?: string;
}

export interface ScriptNote {
  kind: 'exemption' | 'fact_ok';
  line: number;
  start: number;
  end: number;
  offset: number;
  endOffset: number;
  text: string;
  ruleId: string;
  reason: Bilingual;
}

export interface ScriptSummary {
  lines: number;
  findings: number;
  byCategory: Record<ComplianceCategory, number>;
  bySeverity: Record<'1' | '2' | '3', number>;
  needsFacts: number;
  contradictedFacts: number;
  confirmedFacts: number;
  exemptions: number;
  gate: Severity;
  /** Findings at or above the gate. */
  blocking: number;
  passed: boolean;
  lexicon: string;
  scenario: string | null;
}

export interface ScriptReport {
  findings: ScriptFinding[];
  notes: ScriptNote[];
  summary: ScriptSummary;
}

export interface ScriptOptions {
  gate?: Severity;
  complianceClass?: ComplianceClass;
  facts?: FactSheet | null;
  scenarioId?: string | null;
}

/** Start offsets of every line ("\n", "\r\n" and "\r" end lines). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function lineEnd(text: string, starts: number[], i: number): number {
  let end = i + 1 < starts.length ? starts[i + 1]! : text.length;
  if (end > starts[i]! && text.charCodeAt(end - 1) === 10) end--;
  if (end > starts[i]! && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Checks a whole script. Never throws. */
export function lintScript(text: string, opts: ScriptOptions = {}): ScriptReport {
  const input = typeof text === 'string' ? text : '';
  const gate = opts.gate ?? DEFAULT_GATE;
  const starts = lineStarts(input);
  // A final line break ends the last line; it does not start an empty one.
  if (starts.length > 1 && starts[starts.length - 1] === input.length) starts.pop();
  const findings: ScriptFinding[] = [];
  const notes: ScriptNote[] = [];
  // No class given: the product the script names decides for all its lines (a script selling
  // one face cream), else each line's own words do (check.ts).
  const cls = opts.complianceClass ?? inferClass(normalizeText(input).norm);
  const ctx = cls ? { complianceClass: cls } : undefined;

  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    const e = lineEnd(input, starts, i);
    if (e <= s) continue;
    const report = analyzeCompliance(input.slice(s, e), ctx);
    for (const f of report.findings) findings.push(fromFinding(withExplanation(f), i + 1, s));
    for (const x of report.exemptions) {
      notes.push({ kind: 'exemption', line: i + 1, start: x.start, end: x.end, offset: s + x.start, endOffset: s + x.end, text: x.text, ruleId: x.ruleId, reason: explainExemption(x) });
    }
    // A word cut over two lines (最 / 低价): a line of one or two characters is also read with the
    // next one; what crosses the line break is reported on the first line.
    if (i + 1 < starts.length && normalizeText(input.slice(s, e)).norm.length <= 2) {
      const e2 = lineEnd(input, starts, i + 1);
      const joined = analyzeCompliance(input.slice(s, e2), ctx);
      for (const f of joined.findings) {
        if (f.start < e - s && s + f.end > starts[i + 1]!) findings.push(fromFinding(withExplanation(f), i + 1, s));
      }
    }
  }

  const facts = checkFactClaims(input, opts.facts ?? null);
  for (const f of facts.findings) {
    const li = lineOf(starts, f.start);
    const s = starts[li]!;
    const sf = fromFinding(f, li + 1, s, f.start, f.end);
    sf.factStatus = f.factStatus;
    sf.claim = f.claim;
    if (f.product !== undefined) sf.product = f.product;
    delete sf.replacement;
    if (f.factStatus === 'contradicted' && f.actual && f.actual.length > 0) {
      const fixed = restate(f.text, f.actual[0]!, f.claim);
      if (fixed !== null) sf.replacement = fixed;
    }
    findings.push(sf);
  }
  for (const c of facts.confirmed) {
    const li = lineOf(starts, c.start);
    const s = starts[li]!;
    notes.push({ kind: 'fact_ok', line: li + 1, start: c.start - s, end: c.end - s, offset: c.start, endOffset: c.end, text: c.text, ruleId: `fact-${c.claim.replace('_', '-')}`, reason: c.reason });
  }

  findings.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  notes.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
  return { findings, notes, summary: summarise(findings, notes, starts.length, gate, opts.scenarioId ?? null) };
}

function fromFinding(f: ExplainedFinding, line: number, lineStart: number, absStart?: number, absEnd?: number): ScriptFinding {
  const offset = absStart ?? lineStart + f.start;
  const endOffset = absEnd ?? lineStart + f.end;
  const out: ScriptFinding = {
    line,
    start: offset - lineStart,
    end: endOffset - lineStart,
    offset,
    endOffset,
    text: f.text,
    category: f.category,
    severity: f.severity,
    ruleId: f.ruleId,
    rule: f.rule,
    source: f.source,
    reason: f.reason,
  };
  if (f.suggestion) out.suggestion = f.suggestion;
  const r = replacementFor(out);
  if (r !== null) out.replacement = r;
  return out;
}

/** The claim with its number replaced by the true value: 只剩10件 → 只剩400件, 原价399 → 原价39.9. */
function restate(text: string, value: number, kind: FactClaimKind): string | null {
  const re = /[0-9０-９]+(?:[.．][0-9０-９]+)?(?:块[0-9])?|[零〇一二两三四五六七八九十百千万]+(?:点[零〇一二三四五六七八九]+)?(?:块[一二三四五六七八九])?/;
  const m = re.exec(text.replace(/^(打|直接|全场|相当于|等于)/, (x) => ' '.repeat(x.length)));
  if (!m) return null;
  const shown = kind === 'discount' ? String(Math.round(value * 10) / 10) : String(Math.round(value * 100) / 100);
  return text.slice(0, m.index) + shown + text.slice(m.index + m[0].length);
}

/** Categories where deleting the words is itself the compliant fix (steering, inducement, insults). */
const DELETE_FIX: ReadonlySet<ComplianceCategory> = new Set(['off_platform', 'inducement', 'insult']);

export function summarise(findings: readonly ScriptFinding[], notes: readonly ScriptNote[], lines: number, gate: Severity, scenario: string | null): ScriptSummary {
  const byCategory = Object.fromEntries(COMPLIANCE_CATEGORIES.map((c) => [c, 0])) as Record<ComplianceCategory, number>;
  const bySeverity = { '1': 0, '2': 0, '3': 0 };
  let blocking = 0;
  for (const f of findings) {
    byCategory[f.category]++;
    bySeverity[String(f.severity) as '1' | '2' | '3']++;
    if (f.severity >= gate) blocking++;
  }
  return {
    lines,
    findings: findings.length,
    byCategory,
    bySeverity,
    needsFacts: findings.filter((f) => f.factStatus === 'unverified').length,
    contradictedFacts: findings.filter((f) => f.factStatus === 'contradicted').length,
    confirmedFacts: notes.filter((n) => n.kind === 'fact_ok').length,
    exemptions: notes.filter((n) => n.kind === 'exemption').length,
    gate,
    blocking,
    passed: blocking === 0,
    lexicon: LEXICON_VERSION,
    scenario,
  };
}

/**
 * A compliant rewrite to put in place of the finding's text, when its suggestion offers one
 * in quotes (e.g. 说“直播间专享价” → 直播间专享价). Null when the suggestion is advice only.
 */
export function replacementFor(f: Pick<ScriptFinding, 'suggestion' | 'text' | 'category'>): string | null {
  const zh = f.suggestion?.zh ?? '';
  // "改为“直播间专享价”" / "说“直播间专享价”": a drop-in rewrite. "…，如“…”" is an example, not one.
  const m = /^(?:改为|改成|说|直接说)“([^”]{1,24})”/.exec(zh);
  if (m) {
    // "直播间专享价 XX 元": keep the words before the placeholder.
    const r = m[1]!.split(/\s*(?:xx|XX|…|\.\.\.)/)[0]!.trim();
    if (r.length >= 2) return r;
  }
  if (DELETE_FIX.has(f.category)) return '';
  return null;
}

/** The text with the given findings replaced by their rewrites (right to left, so offsets hold). */
export function applyReplacements(text: string, edits: ReadonlyArray<{ offset: number; endOffset: number; replacement: string }>): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.endOffset > limit || e.offset < 0 || e.endOffset > out.length) continue; // overlapping: skip
    out = out.slice(0, e.offset) + e.replacement + out.slice(e.endOffset);
    limit = e.offset;
  }
  return out;
}
