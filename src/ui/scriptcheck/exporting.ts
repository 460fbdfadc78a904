/** Exports of the page: the cleaned script (.txt) and the findings (CSV or JSON). */
import type { ScriptFinding, ScriptReport } from '../../engine';

const CSV_COLUMNS = ['line', 'start', 'end', 'text', 'category', 'severity', 'rule', 'source', 'reason_zh', 'reason_en', 'suggestion_zh', 'suggestion_en', 'replacement', 'fact_status', 'rule_id'] as const;

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  // Quote everything that needs it; a leading =,+,-,@ would be run as a formula by spreadsheets.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV with a header row; columns 1-based for people (line, start) like the CLI's text format. */
export function findingsCsv(findings: readonly ScriptFinding[]): string {
  const rows = findings.map((f) =>
    [f.line, f.start + 1, f.end, f.text, f.category, f.severity, f.rule, f.source, f.reason.zh, f.reason.en, f.suggestion?.zh, f.suggestion?.en, f.replacement, f.factStatus, f.ruleId].map(csvCell).join(','),
  );
  // A byte-order mark so spreadsheet programs read the Chinese correctly.
  return '\ufeff' + [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** The same objects as `npm run livesim -- lint`, as one JSON document. */
export function findingsJson(report: ScriptReport): string {
  const strip = <T extends { offset: number; endOffset: number }>({ offset, endOffset, ...rest }: T) => {
    void offset;
    void endOffset;
    return rest;
  };
  return JSON.stringify({ findings: report.findings.map(strip), notes: report.notes.map(strip), summary: report.summary }, null, 1) + '\n';
}
