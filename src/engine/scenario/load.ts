/**
 * Loading a scenario: YAML text → validated, normalised `Scenario`, or a list of
 * problems that each name the file, line, column and field.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { $ZodIssue } from 'zod/v4/core';
import { canonicalJson, sha256Hex } from '../sha256';
import { scenarioSchema, type ScenarioData } from './schema';

export interface ScenarioIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted path of the field, e.g. `products.0.livePrice`; empty for syntax errors. */
  path: string;
  message: string;
}

type RawFact = ScenarioData['products'][number]['facts'][number];
export type Fact = Omit<RawFact, 'accept' | 'topic'> & { accept: string[]; topic: string[] };
export type Product = Omit<ScenarioData['products'][number], 'no' | 'referencePrice' | 'facts'> & {
  no: number;
  referencePrice: number;
  facts: Fact[];
};
export type Scenario = Omit<ScenarioData, 'meta' | 'products'> & {
  meta: ScenarioData['meta'] & { durationSec: number };
  products: Product[];
};

export type LoadResult = { ok: true; scenario: Scenario; hash: string } | { ok: false; errors: ScenarioIssue[] };

export interface LoadOptions {
  /**
   * The rubric ids that exist. When given, a `meta.rubric` that is not among them is an error
   * (the engine cannot import the scoring module, so the caller passes the list: the CLI and
   * the tests pass `rubricIds()` from src/scoring).
   */
  rubrics?: readonly string[];
}

/** Parse, validate and normalise one scenario file's text. Never throws. */
export function loadScenarioText(text: string, file: string, opts: LoadOptions = {}): LoadResult {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: `cannot read YAML: ${String(e)}` }] };
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((err) => {
        const pos = lineCounter.linePos(err.pos[0]);
        const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        return { file, line: pos.line, col: pos.col, path: '', message: `YAML syntax: ${message}` };
      }),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [{ file, line: 1, col: 1, path: '', message: 'a scenario file must be a YAML mapping (key: value lines)' }] };
  }
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => issueAt(issue, doc, lineCounter, file));
    errors.sort((a, b) => a.line - b.line || a.col - b.col);
    return { ok: false, errors };
  }
  if (opts.rubrics && !opts.rubrics.includes(parsed.data.meta.rubric)) {
    const node = doc.getIn(['meta', 'rubric'], true);
    const pos = lineCounter.linePos(isNode(node) && node.range ? node.range[0] : 0);
    const message = `meta.rubric: unknown rubric "${parsed.data.meta.rubric}" (rubrics are: ${[...opts.rubrics].sort().join(', ')})`;
    return { ok: false, errors: [{ file, line: pos.line, col: pos.col, path: 'meta.rubric', message }] };
  }
  const scenario = normalise(parsed.data);
  return { ok: true, scenario, hash: scenarioHash(scenario) };
}

/** The hash a run file carries: it changes when anything that affects a run changes, not with comments or layout. */
export function scenarioHash(scenario: Scenario): string {
  return sha256Hex(canonicalJson(scenario));
}

function issueAt(issue: $ZodIssue, doc: Document.Parsed, lc: LineCounter, file: string): ScenarioIssue {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let message = issue.message;
  // Point at the deepest node that exists: a missing key is reported at its parent.
  let node: unknown = undefined;
  let depth = path.length;
  for (; depth >= 0; depth--) {
    node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) break;
  }
  if (issue.code === 'unrecognized_keys') {
    // Point at the first unknown key itself.
    const key = issue.keys[0];
    const parent = doc.getIn(path, true);
    if (isMap(parent)) {
      const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === key);
      if (pair && isNode(pair.key)) node = pair.key;
    }
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling in docs/scenario-format.md)`;
  } else if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && depth < path.length) {
    message = `missing required field "${String(path[path.length - 1])}"`;
  }
  const offset = isNode(node) && node.range ? node.range[0] : 0;
  const pos = lc.linePos(offset);
  const dotted = path.join('.');
  return { file, line: pos.line, col: pos.col, path: dotted, message: dotted ? `${dotted}: ${message}` : message };
}

/** Fill in defaults that depend on other fields, so the engine never has to. */
function normalise(s: ScenarioData): Scenario {
  return {
    ...s,
    meta: { ...s.meta, durationSec: s.meta.duration },
    products: s.products.map((p, i) => ({
      ...p,
      no: p.no ?? i + 1,
      referencePrice: p.referencePrice ?? p.listPrice,
      facts: p.facts.map((f) => ({
        ...f,
        accept: f.accept && f.accept.length > 0 ? f.accept : defaultAccept(f.value),
        topic: f.topic && f.topic.length > 0 ? f.topic : [f.label.zh, ...(f.label.en !== f.label.zh ? [f.label.en.toLowerCase()] : [])],
      })),
    })),
  };
}

/** Words that make an answer correct when the author gave none: numbers with units, and short phrases of the value. */
export function defaultAccept(value: string): string[] {
  const out = new Set<string>();
  for (const m of value.matchAll(/\d+(?:\.\d+)?\s*(?:%|[a-zA-Z\u4e00-\u9fff]{0,2})/g)) out.add(m[0].replace(/\s+/g, ''));
  for (const part of value.split(/[，,、；;。/|（）()\s]+|和|或/)) {
    const p = part.trim();
    if (p.length >= 2 && p.length <= 8) out.add(p);
  }
  if (out.size === 0) out.add(value.trim());
  return [...out];
}
