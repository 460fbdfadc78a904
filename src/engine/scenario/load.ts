/**
 * Loading a scenario: YAML text → validated, normalised `Scenario`, or a list of
 * problems that each name the file, line, column and field.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { $ZodIssue } from 'zod/v4/core';
import { audienceLimits, authoringWarnings, type Finding } from './authoring';
import { decodeScenarioBytes } from './encoding';
import { scenarioHash } from './hash';
import { cut, LIMITS } from './fields';
import { capped, fail, firstAliasOffset, internalError, MAX_ALIAS_COUNT, MAX_MESSAGE, nestingProblem, syntaxErrors, textProblem, tooBig, utf8Length, type ScenarioIssue } from './problems';
import { scenarioSchema, type ScenarioData } from './schema';

export type { ScenarioIssue } from './problems';
export { scenarioHash } from './hash';

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

/**
 * A loaded scenario with its hash and the authoring warnings (advice from docs/authoring.md that
 * `validate` shows but that never blocks a load), or the problems that stop it from loading.
 */
export type LoadResult = { ok: true; scenario: Scenario; hash: string; warnings: ScenarioIssue[] } | { ok: false; errors: ScenarioIssue[] };

export interface LoadOptions {
  /**
   * The rubric ids that exist. When given, a `meta.rubric` that is not among them is an error
   * (the engine cannot import the scoring module, so the caller passes the list: the CLI and
   * the tests pass `rubricIds()` from src/scoring).
   */
  rubrics?: readonly string[];
  /**
   * false: skip the audience-size limits. Only for rooms the program builds itself to measure the
   * engine at scale (`npm run bench`'s 10,000-viewer hour); every file a person loads keeps them.
   */
  audienceLimits?: boolean;
}

/**
 * Parse, validate and normalise one scenario file's bytes, as read from disk or an upload: the
 * encoding is checked first (UTF-8, with or without a byte-order mark; UTF-16 and GBK are named
 * with the advice to save the file as UTF-8). Never throws.
 */
export function loadScenarioBytes(bytes: Uint8Array, file: string, opts: LoadOptions = {}): LoadResult {
  try {
    if (bytes.length > LIMITS.fileBytes) return fail(file, 1, 1, tooBig(bytes.length));
    const decoded = decodeScenarioBytes(bytes);
    if (!decoded.ok) return fail(file, decoded.line, decoded.col, decoded.message);
    return loadScenarioText(decoded.text, file, opts);
  } catch (e) {
    return internalError(file, e);
  }
}

/** Parse, validate and normalise one scenario file's text. Never throws. */
export function loadScenarioText(text: string, file: string, opts: LoadOptions = {}): LoadResult {
  try {
    return load(text, file, opts);
  } catch (e) {
    return internalError(file, e);
  }
}

function load(input: string, file: string, opts: LoadOptions): LoadResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input; // a UTF-8 byte-order mark
  const size = utf8Length(text);
  if (size > LIMITS.fileBytes) return fail(file, 1, 1, tooBig(size));
  const unreadable = textProblem(text);
  if (unreadable) return { ok: false, errors: [{ file, path: '', ...unreadable }] };
  const tooDeep = nestingProblem(text);
  if (tooDeep) return { ok: false, errors: [{ file, path: '', ...tooDeep }] };

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return { ok: false, errors: syntaxErrors(doc.errors, text, lineCounter, file) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml library refuses an alias bomb ("billion laughs") with a ReferenceError.
    const pos = lineCounter.linePos(firstAliasOffset(text) ?? 0);
    return fail(file, pos.line, pos.col, `YAML aliases (*name) expand to too much data (${cut(e instanceof Error ? e.message : String(e))}); write the values out instead of using & and *`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail(file, 1, 1, 'a scenario file must be a YAML mapping (key: value lines)');
  }
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => issueAt(issue, doc, lineCounter, file));
    errors.sort((a, b) => a.line - b.line || a.col - b.col);
    return { ok: false, errors: capped(errors) };
  }
  const at = (f: Finding): ScenarioIssue => {
    const pos = positionOf(f.path, doc, lineCounter);
    const dotted = f.path.join('.');
    return { file, line: pos.line, col: pos.col, path: dotted, message: cut(`${dotted}: ${f.message}`, MAX_MESSAGE) };
  };
  const limits = opts.audienceLimits === false ? [] : audienceLimits(parsed.data);
  if (limits.length > 0) return { ok: false, errors: limits.map(at) };
  if (opts.rubrics && !opts.rubrics.includes(parsed.data.meta.rubric)) {
    const node = doc.getIn(['meta', 'rubric'], true);
    const pos = lineCounter.linePos(isNode(node) && node.range ? node.range[0] : 0);
    const message = `meta.rubric: unknown rubric "${cut(parsed.data.meta.rubric, 64)}" (rubrics are: ${[...opts.rubrics].sort().join(', ')})`;
    return { ok: false, errors: [{ file, line: pos.line, col: pos.col, path: 'meta.rubric', message }] };
  }
  const warnings = authoringWarnings(parsed.data, file).map(at);
  const scenario = normalise(parsed.data);
  return { ok: true, scenario, hash: scenarioHash(scenario), warnings };
}

/** Where a field is in the file: the deepest node of `path` that exists (a missing key is reported at its parent). */
function nodeAt(path: (string | number)[], doc: Document.Parsed): { node: unknown; depth: number } {
  let node: unknown = undefined;
  let depth = path.length;
  for (; depth >= 0; depth--) {
    node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) break;
  }
  return { node, depth };
}

function positionOf(path: (string | number)[], doc: Document.Parsed, lc: LineCounter): { line: number; col: number } {
  const { node } = nodeAt(path, doc);
  return lc.linePos(isNode(node) && node.range ? node.range[0] : 0);
}

function issueAt(issue: $ZodIssue, doc: Document.Parsed, lc: LineCounter, file: string): ScenarioIssue {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let message = issue.message;
  let { node } = nodeAt(path, doc);
  const { depth } = nodeAt(path, doc);
  if (issue.code === 'unrecognized_keys') {
    // Point at the first unknown key itself.
    const key = issue.keys[0];
    const parent = doc.getIn(path, true);
    if (isMap(parent)) {
      const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === key);
      if (pair && isNode(pair.key)) node = pair.key;
    }
    const shown = issue.keys.slice(0, 3).map((k) => `"${cut(k, 40)}"`).join(', ') + (issue.keys.length > 3 ? ` and ${issue.keys.length - 3} more` : '');
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${shown} (check the spelling in docs/scenario-format.md)`;
  } else if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && depth < path.length) {
    message = `missing required field "${String(path[path.length - 1])}"`;
  }
  const offset = isNode(node) && node.range ? node.range[0] : 0;
  const pos = lc.linePos(offset);
  const dotted = path.join('.');
  return { file, line: pos.line, col: pos.col, path: dotted, message: cut(dotted ? `${dotted}: ${message}` : message, MAX_MESSAGE) };
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
