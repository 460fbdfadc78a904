/**
 * What the loader says when a file cannot be read: too big, not UTF-8 text, nested too deep,
 * an alias bomb, or a YAML syntax mistake (with a plain hint for the common ones). The checks
 * before parsing use the yaml library's own lexer, which is iterative: a hostile file cannot
 * exhaust the stack or the memory before it is refused.
 */
import { Lexer, type LineCounter, type YAMLError } from 'yaml';
import { cut, LIMITS } from './fields';

export interface ScenarioIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted path of the field, e.g. `products.0.livePrice`; empty for syntax errors. */
  path: string;
  message: string;
}

/** Aliases (*name) a file may expand; the yaml library refuses more (a "billion laughs" file). */
export const MAX_ALIAS_COUNT = 100;
/** No message is longer than this (values inside are cut to 80 characters already). */
export const MAX_MESSAGE = 400;
/** Problems reported for one file; the rest are counted. */
const MAX_REPORTED = 50;

export const fail = (file: string, line: number, col: number, message: string): { ok: false; errors: ScenarioIssue[] } => ({
  ok: false,
  errors: [{ file, line, col, path: '', message }],
});

export function internalError(file: string, e: unknown): { ok: false; errors: ScenarioIssue[] } {
  const why = cut(e instanceof Error ? e.message : String(e));
  return fail(file, 1, 1, `livesim could not check this file (${why}); check it is a scenario file, and please report this with the file`);
}

export const tooBig = (bytes: number): string =>
  `the file is ${(bytes / 1024).toFixed(0)} KB; a scenario file may be at most ${LIMITS.fileBytes / 1024} KB (docs/scenario-format.md §Limits): split it into several scenarios`;

/** UTF-8 length of a text, without allocating it. */
export function utf8Length(text: string): number {
  if (text.length > LIMITS.fileBytes) return text.length; // at least one byte a character: already too big
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : 3; // a surrogate pair counts 2 + 2
  }
  return n;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** Text that was decoded from something other than UTF-8 (by a caller that read it as UTF-8). */
export function textProblem(text: string): { line: number; col: number; message: string } | null {
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const nuls = text.split('\0').length - 1;
    const what = nuls > text.length / 4 ? 'this file looks like UTF-16 (a "Unicode" file)' : 'this file contains a NUL character, so it is not a text file';
    return { ...lineCol(text, nul), message: `${what}; save it as UTF-8` };
  }
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    return {
      ...lineCol(text, bad),
      message: 'this file has characters that could not be read as UTF-8 (shown as �); it was probably saved as GBK/GB18030 (a Chinese Windows encoding): save it as UTF-8',
    };
  }
  return null;
}

const ZERO_WIDTH = new Set(['\x02', '\x18', '\x1f']); // the lexer's markers: document start, flow end, scalar

/**
 * Lists and mappings nested deeper than LIMITS.nesting, found by the yaml library's lexer before
 * parsing (its parser recurses, and 100,000 levels overflow the stack or the memory). Block
 * nesting is counted from the indentation and the `- `, `? ` and `: ` indicators of each line,
 * flow nesting from the brackets: an upper bound of the real depth.
 */
export function nestingProblem(text: string): { line: number; col: number; message: string } | null {
  const indents: number[] = [];
  let flow = 0;
  let offset = 0;
  let lineStart = true;
  let indent = 0;
  let extra = 0;
  for (const tok of new Lexer().lex(text)) {
    const len = ZERO_WIDTH.has(tok) ? 0 : tok.length;
    const c = tok[0];
    if (tok === '\n' || tok === '\r\n') {
      lineStart = true;
      indent = 0;
      extra = 0;
    } else if (lineStart && /^[ \t]+$/.test(tok)) {
      indent = tok.replace(/\t/g, ' ').length;
    } else if (len > 0 && c !== '#' && !/^[ \t]+$/.test(tok)) {
      if (lineStart && flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
        if (indents.length === 0 || indent > indents[indents.length - 1]) indents.push(indent);
      }
      lineStart = false;
      if (c === '[' || c === '{') flow++;
      else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
      else if (flow === 0 && (tok === '-' || tok === '?' || tok === ':')) extra++;
      const depth = indents.length + extra + flow;
      if (depth > LIMITS.nesting) {
        return {
          ...lineCol(text, offset),
          message: `YAML syntax: lists and mappings are nested more than ${LIMITS.nesting} levels deep here (a scenario needs about 8): check the indentation and that every [ and { is closed`,
        };
      }
    }
    offset += len;
  }
  return null;
}

/** Offset of the first alias (*name) in the text, to point at when aliases expand too far. */
export function firstAliasOffset(text: string): number | null {
  let offset = 0;
  for (const tok of new Lexer().lex(text)) {
    if (tok[0] === '*' && tok.length > 1) return offset;
    offset += ZERO_WIDTH.has(tok) ? 0 : tok.length;
  }
  return null;
}

/** A value with ": " inside it, on the line of a syntax error: the text that needs quotes. */
function colonInValue(line: string): { key: string; value: string } | null {
  const m = /(?:^|[\s{,[-])([^\s:{},[\]#"']+):[ \t]+([^{},[\]#"'\n]*?:[ \t][^{},[\]#\n]*?)\s*(?:[,}\]]|#|$)/.exec(line);
  if (m) return { key: m[1], value: m[2].trim() };
  // A block mapping's plain value may hold commas: `en: Tea is 98.9, short of 99: add the oats`.
  const b = line.includes('{') ? null : /^\s*(?:-\s+)?([^\s:#"']+):[ \t]+([^"'#\n]*?:[ \t].*?)\s*$/.exec(line);
  return b ? { key: b[1], value: b[2].trim() } : null;
}

/**
 * The yaml library's syntax errors, in plain words: a tab gives one message (not the cascade that
 * follows it), and a colon inside a value says to put the text in quotes.
 */
export function syntaxErrors(errors: readonly YAMLError[], text: string, lc: LineCounter, file: string): ScenarioIssue[] {
  const lines = text.split('\n');
  const out: ScenarioIssue[] = [];
  const tabs = errors.filter((e) => e.code === 'TAB_AS_INDENT');
  if (tabs.length > 0) {
    const seen = new Set<number>();
    for (const e of tabs) {
      const pos = lc.linePos(e.pos[0]);
      if (seen.has(pos.line)) continue;
      seen.add(pos.line);
      out.push({ file, line: pos.line, col: pos.col, path: '', message: 'YAML syntax: Tabs are not allowed as indentation: this line is indented with a tab; indent with spaces (two per level)' });
    }
    return capped(out);
  }
  const hinted = new Set<number>();
  for (const e of errors) {
    const pos = lc.linePos(e.pos[0]);
    if (hinted.has(pos.line)) continue; // the same mistake, reported again
    const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    let hint = '';
    if (['BLOCK_IN_FLOW', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN'].includes(e.code)) {
      const found = colonInValue(lines[pos.line - 1] ?? '');
      if (found) {
        hinted.add(pos.line);
        out.push({
          file, line: pos.line, col: pos.col, path: '',
          message: `YAML syntax: a colon inside a value: put the text in quotes, e.g. ${cut(found.key, 40)}: "${cut(found.value, 60)}" (${first})`,
        });
        continue;
      }
    }
    if (e.code === 'MISSING_CHAR' && /quote/.test(first)) hint = ': a quote (" or \') is opened and never closed; close it on the line where it opens';
    else if (e.code === 'DUPLICATE_KEY') hint = ': the same name appears twice in one mapping; keep one';
    out.push({ file, line: pos.line, col: pos.col, path: '', message: cut(`YAML syntax: ${first}${hint}`, MAX_MESSAGE) });
  }
  return capped(out);
}

/** At most MAX_REPORTED problems, then one line that counts the rest. */
export function capped(errors: ScenarioIssue[]): ScenarioIssue[] {
  if (errors.length <= MAX_REPORTED) return errors;
  const last = errors[MAX_REPORTED - 1];
  return [
    ...errors.slice(0, MAX_REPORTED),
    { file: last.file, line: last.line, col: last.col, path: '', message: `… and ${errors.length - MAX_REPORTED} more problems: fix these first, then check the file again` },
  ];
}
