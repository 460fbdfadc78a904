import { describe, expect, it } from 'vitest';
import paraphrases from '../../../tests/fixtures/compliance/heldout-paraphrases.json' with { type: 'json' };
import evasions from '../../../tests/fixtures/compliance/heldout-evasions.json' with { type: 'json' };
import { analyzeCompliance, type ComplianceCategory, type ComplianceClass } from './index';
import { COMPLIANCE_CATEGORIES } from './lexicon.schema';

interface Row {
  text: string;
  complianceClass?: ComplianceClass;
  expect: ComplianceCategory[];
}

/** Per-category table and overall precision of a held-out batch. */
function report(name: string, rows: readonly Row[]): { lines: string; precision: number } {
  const tally = new Map<ComplianceCategory, { tp: number; fp: number; fn: number }>(COMPLIANCE_CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  for (const row of rows) {
    const found = new Set(analyzeCompliance(row.text, row.complianceClass ? { complianceClass: row.complianceClass } : undefined).findings.map((f) => f.category));
    for (const c of COMPLIANCE_CATEGORIES) {
      const t = tally.get(c)!;
      if (row.expect.includes(c) && found.has(c)) t.tp++;
      else if (found.has(c)) t.fp++;
      else if (row.expect.includes(c)) t.fn++;
    }
  }
  const all = { tp: 0, fp: 0, fn: 0 };
  const lines = [`${name} (${rows.length} sentences)`, 'category         precision  recall   tp  fp  fn'];
  const r = (a: number, b: number) => (b === 0 ? 1 : a / b).toFixed(3);
  for (const [c, t] of tally) {
    all.tp += t.tp;
    all.fp += t.fp;
    all.fn += t.fn;
    lines.push(`${c.padEnd(16)} ${r(t.tp, t.tp + t.fp).padStart(9)} ${r(t.tp, t.tp + t.fn).padStart(7)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(3)} ${String(t.fn).padStart(3)}`);
  }
  lines.push(`${'overall'.padEnd(16)} ${r(all.tp, all.tp + all.fp).padStart(9)} ${r(all.tp, all.tp + all.fn).padStart(7)} ${String(all.tp).padStart(4)} ${String(all.fp).padStart(3)} ${String(all.fn).padStart(3)}`);
  return { lines: lines.join('\n'), precision: all.tp / (all.tp + all.fp) };
}

/**
 * Sentences written blind (without looking at the lexicon's patterns) and never used to tune it:
 * how the checker does on wording it has not seen. Reported, not tuned against — see
 * docs/compliance.md. When a new batch is written, the old one may join labelled-sentences.json.
 */
describe('held-out sentences', () => {
  it('batch D (paraphrases) is reported per category; precision stays at or above 0.8', () => {
    const { lines, precision } = report('held-out paraphrases, batch D', paraphrases as Row[]);
    console.log(lines);
    expect(precision, lines).toBeGreaterThanOrEqual(0.8);
  });

  it('batch E (evasion families, written after the December 2026 round) is reported; precision stays at or above 0.8', () => {
    const { lines, precision } = report('held-out evasions, batch E', evasions as Row[]);
    console.log(lines);
    expect(precision, lines).toBeGreaterThanOrEqual(0.8);
  });
});
