/**
 * `npm run livesim -- lint [--scenario FILE] [--gate SEVERITY] [--format json|text] [--class CLASS] [FILE|-]`
 *
 * Checks a script (a text file, or standard input with "-" or no file) for compliance problems:
 * one JSON object per line for each finding, exemption and confirmed fact claim, then a summary
 * line. Exit 0 when nothing is at or above the gate severity (default 2, "major"), 1 when
 * something is, 2 on bad input. See docs/compliance.md.
 */
import { readFileSync, readSync, writeSync } from 'node:fs';
import { COMPLIANCE_CLASSES, type ComplianceClass } from '../engine';
import { factSheetOf, type FactSheet } from '../engine';
import { DEFAULT_GATE, lintScript, SEVERITY_NAMES, type ScriptReport, type Severity } from '../engine';
import { loadScenarioText } from '../engine';
import { unknownOption } from './options';

export const LINT_USAGE = `usage: npm run livesim -- lint [--scenario FILE] [--gate 1|2|3] [--format json|text] [--class CLASS] [FILE|-]

Checks a live script for compliance problems (absolute terms, off-platform steering, medical
claims, false scarcity, false price anchors, inducement, insults, other). Reads FILE, or standard
input when FILE is "-" or left out.

  --scenario FILE   check stock and price claims (只剩10件, 原价399, 今天只要59) against the
                    scenario's products; without it they are reported as "needs facts" (minor)
  --gate N          fail (exit 1) when any finding has severity ≥ N: 1 minor, 2 major (default),
                    3 severe (also: minor, major, severe)
  --format F        json (default): one JSON object per line, then {"summary":…};
                    text: one readable line per finding, then a summary
  --class CLASS     the product class (${COMPLIANCE_CLASSES.join(', ')}): class-specific rules
                    then apply only where they should; default: from the scenario when all its
                    products share one class, else none (every rule warns)

exit codes: 0 passed the gate · 1 a finding at or above the gate · 2 bad input
`;

export interface LintIo {
  readFile(file: string): string;
  readStdin(): string;
  stdinIsTty: boolean;
  out(s: string): void;
  err(s: string): void;
}

/**
 * All of standard input, synchronously. readFileSync(0) fails with EAGAIN when a pipe is not ready
 * yet (`cat big.txt | … lint -`), so read in chunks and wait briefly when it says so.
 */
function readStdinSync(): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(nap, 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Synchronous, blocking writes to standard output: a 10 MB line can give a million findings, and
 * process.stdout.write on a pipe would queue them all in memory. EAGAIN (pipe full) waits;
 * EPIPE (`… lint | head`) ends quietly.
 */
function writeAllSync(fd: number, text: string): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  let data = Buffer.from(text, 'utf8');
  while (data.length > 0) {
    try {
      const n = writeSync(fd, data);
      data = data.subarray(n);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(nap, 0, 0, 5);
      else if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      else throw e;
    }
  }
}

function nodeIo(): LintIo & { flush(): void } {
  let pending = '';
  const flush = () => {
    if (pending.length > 0) writeAllSync(1, pending);
    pending = '';
  };
  return {
    readFile: (f) => readFileSync(f, 'utf8'),
    readStdin: readStdinSync,
    stdinIsTty: Boolean(process.stdin.isTTY),
    out: (s) => {
      pending += s;
      if (pending.length > 1 << 16) flush();
    },
    err: (s) => {
      flush();
      writeAllSync(2, s);
    },
    flush,
  };
}

class LintInputError extends Error {}

const GATE_NAMES: Record<string, Severity> = { '1': 1, '2': 2, '3': 3, minor: 1, major: 2, severe: 3 };
const VALUE_FLAGS = new Set(['scenario', 'gate', 'format', 'class']);

interface LintArgs {
  file: string | null;
  scenario: string | null;
  gate: Severity;
  format: 'json' | 'text';
  cls: ComplianceClass | null;
  help: boolean;
}

function parseLintArgs(argv: string[]): LintArgs {
  const args: LintArgs = { file: null, scenario: null, gate: DEFAULT_GATE, format: 'json', cls: null, help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      args.help = true;
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (!VALUE_FLAGS.has(key)) throw new LintInputError(unknownOption(`--${key}`, [...VALUE_FLAGS, 'help'], 'lint'));
      let value: string | undefined = eq >= 0 ? a.slice(eq + 1) : argv[i + 1];
      if (eq < 0) i++;
      if (value === undefined || value === '') throw new LintInputError(`--${key} needs a value`);
      value = value.trim();
      if (key === 'scenario') args.scenario = value;
      else if (key === 'gate') {
        const g = GATE_NAMES[value.toLowerCase()];
        if (g === undefined) throw new LintInputError(`--gate must be 1, 2 or 3 (or minor, major, severe), got "${value}"`);
        args.gate = g;
      } else if (key === 'format') {
        if (value !== 'json' && value !== 'text') throw new LintInputError(`--format must be json or text, got "${value}"`);
        args.format = value;
      } else if (key === 'class') {
        if (!(COMPLIANCE_CLASSES as readonly string[]).includes(value)) throw new LintInputError(`--class must be one of ${COMPLIANCE_CLASSES.join(', ')}, got "${value}"`);
        args.cls = value as ComplianceClass;
      }
    } else if (a.startsWith('-') && a !== '-') throw new LintInputError(unknownOption(a, [...VALUE_FLAGS, 'help'], 'lint'));
    else positional.push(a);
  }
  if (positional.length > 1) throw new LintInputError(`give one file (or "-" for standard input), got ${positional.length}: ${positional.join(' ')}`);
  args.file = positional[0] ?? null;
  return args;
}

function readInput(file: string, io: LintIo, what: string): string {
  try {
    return io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : (code ?? String(e));
    throw new LintInputError(`${file}: cannot read ${what} (${why})`);
  }
}

function loadFacts(file: string, io: LintIo): { sheet: FactSheet; id: string; cls: ComplianceClass | null } {
  const r = loadScenarioText(readInput(file, io, 'scenario'), file);
  if (!r.ok) {
    for (const e of r.errors.slice(0, 20)) io.err(`${e.file}:${e.line}:${e.col} ${e.message}\n`);
    throw new LintInputError(`${file}: invalid scenario (${r.errors.length} problem${r.errors.length > 1 ? 's' : ''}); fix it or leave out --scenario`);
  }
  const classes = new Set(r.scenario.products.map((p) => p.class));
  return { sheet: factSheetOf(r.scenario), id: r.scenario.meta.id, cls: classes.size === 1 ? ([...classes][0] as ComplianceClass) : null };
}

/** Runs the lint command; returns the exit code. `io` is injectable for tests. */
export function runLint(argv: string[], io?: LintIo): number {
  if (io) return lint(argv, io);
  const node = nodeIo();
  try {
    return lint(argv, node);
  } finally {
    node.flush();
  }
}

function lint(argv: string[], io: LintIo): number {
  try {
    const args = parseLintArgs(argv);
    if (args.help) {
      io.out(LINT_USAGE);
      return 0;
    }
    const facts = args.scenario !== null ? loadFacts(args.scenario, io) : null;
    let text: string;
    let name: string;
    if (args.file === null || args.file === '-') {
      if (args.file === null && io.stdinIsTty) throw new LintInputError('name a script file, or pipe text in (e.g. cat script.txt | npm run livesim -- lint -)');
      name = '<stdin>';
      try {
        text = io.readStdin();
      } catch (e) {
        throw new LintInputError(`cannot read standard input (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
    } else {
      name = args.file;
      text = readInput(args.file, io, 'script');
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
    const cls = args.cls ?? facts?.cls ?? undefined;
    const report = lintScript(text, { gate: args.gate, facts: facts?.sheet ?? null, scenarioId: facts?.id ?? null, ...(cls ? { complianceClass: cls } : {}) });
    // Line by line: a 10 MB line can have a million findings, more than one string can hold.
    const write = (line: string) => io.out(line + '\n');
    if (args.format === 'text') writeText(report, name, write);
    else writeJsonLines(report, write);
    return report.summary.passed ? 0 : 1;
  } catch (e) {
    if (e instanceof LintInputError) {
      io.err(`livesim lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

export function writeJsonLines(report: ScriptReport, write: (line: string) => void): void {
  const lines = { push: write };
  for (const f of report.findings) {
    const { offset, endOffset, ...rest } = f;
    void offset;
    void endOffset;
    lines.push(JSON.stringify({ type: 'finding', ...rest, severityName: SEVERITY_NAMES[f.severity] }));
  }
  for (const n of report.notes) {
    const { offset, endOffset, kind, ...rest } = n;
    void offset;
    void endOffset;
    lines.push(JSON.stringify({ type: kind === 'exemption' ? 'exemption' : 'fact_ok', ...rest }));
  }
  lines.push(JSON.stringify({ summary: report.summary }));
}

export function writeText(report: ScriptReport, name: string, write: (line: string) => void): void {
  const out = { push: (...xs: string[]) => xs.forEach(write) };
  for (const f of report.findings) {
    const fix = f.replacement === undefined ? '' : f.replacement === '' ? '  → 删除 / delete' : `  → “${f.replacement}”`;
    out.push(`${name}:${f.line}:${f.start + 1}  ${SEVERITY_NAMES[f.severity]} ${f.category}${f.factStatus === 'unverified' ? ' (needs facts)' : ''}  “${f.text}”  ${f.reason.zh} / ${f.reason.en}  [${f.rule}]${fix}`);
    if (f.suggestion) out.push(`    建议 suggestion: ${f.suggestion.zh} / ${f.suggestion.en}`);
  }
  for (const n of report.notes) {
    out.push(`${name}:${n.line}:${n.start + 1}  ok ${n.kind === 'exemption' ? 'exempt' : 'fact'}  “${n.text}”  ${n.reason.zh} / ${n.reason.en}`);
  }
  const s = report.summary;
  const cats = Object.entries(s.byCategory).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ') || 'none';
  out.push(
    `${s.findings} finding${s.findings === 1 ? '' : 's'} in ${s.lines} line${s.lines === 1 ? '' : 's'} (severe ${s.bySeverity['3']}, major ${s.bySeverity['2']}, minor ${s.bySeverity['1']}; ${cats}); ` +
      `${s.needsFacts} need facts, ${s.contradictedFacts} contradicted by the scenario, ${s.confirmedFacts} confirmed, ${s.exemptions} exempt`,
  );
  out.push(`gate ${s.gate} (${SEVERITY_NAMES[s.gate]}): ${s.passed ? 'passed' : `FAILED (${s.blocking} at or above)`}`);
}
