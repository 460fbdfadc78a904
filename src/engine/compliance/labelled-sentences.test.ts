import { describe, expect, it } from 'vitest';
import sentences from '../../../tests/fixtures/compliance/labelled-sentences.json' with { type: 'json' };
import { analyzeCompliance, type ComplianceCategory, type ComplianceClass } from './index';
import { COMPLIANCE_CATEGORIES, COMPLIANCE_CLASSES } from './lexicon.schema';

interface Labelled {
  text: string;
  complianceClass?: ComplianceClass;
  expect: ComplianceCategory[];
  evasion?: boolean;
  /** The evasion or false-alarm family the sentence belongs to (issue #13), when it has one. */
  family?: string;
  note?: string;
}

/** Families of evasions that must be caught, and of lawful lines that must be left alone. */
const EVASION_FAMILIES = ['separators', 'homophones', 'pinyin', 'mixed-script', 'full-width', 'contact-slang', 'everyday-steering', 'outcome-efficacy', 'superlative-title'];
const LAWFUL_FAMILIES = ['true-statement', 'price-comparison', 'negation', 'product-class'];

const rows = sentences as Labelled[];
const MIN_SCORE = 0.95;

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

function score(subset: readonly Labelled[] = rows): { perCategory: Map<ComplianceCategory, Tally>; mistakes: string[] } {
  const perCategory = new Map<ComplianceCategory, Tally>(
    COMPLIANCE_CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]),
  );
  const mistakes: string[] = [];
  for (const row of subset) {
    const ctx = row.complianceClass ? { complianceClass: row.complianceClass } : undefined;
    const report = analyzeCompliance(row.text, ctx);
    const found = new Set(report.findings.map((f) => f.category));
    const expected = new Set(row.expect);
    for (const c of COMPLIANCE_CATEGORIES) {
      const t = perCategory.get(c)!;
      if (expected.has(c) && found.has(c)) t.tp++;
      else if (found.has(c)) {
        t.fp++;
        const f = report.findings.find((x) => x.category === c)!;
        mistakes.push(`false alarm ${c}: "${row.text}" (${f.ruleId} on "${f.text}")`);
      } else if (expected.has(c)) {
        t.fn++;
        mistakes.push(`missed ${c}: "${row.text}"`);
      }
    }
  }
  return { perCategory, mistakes };
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

function table(perCategory: Map<ComplianceCategory, Tally>): string {
  const lines = ['category         precision  recall   tp  fp  fn'];
  let all: Tally = { tp: 0, fp: 0, fn: 0 };
  for (const [c, t] of perCategory) {
    all = { tp: all.tp + t.tp, fp: all.fp + t.fp, fn: all.fn + t.fn };
    lines.push(
      `${c.padEnd(16)} ${ratio(t.tp, t.tp + t.fp).toFixed(3).padStart(9)} ${ratio(t.tp, t.tp + t.fn).toFixed(3).padStart(7)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(3)} ${String(t.fn).padStart(3)}`,
    );
  }
  lines.push(
    `${'overall'.padEnd(16)} ${ratio(all.tp, all.tp + all.fp).toFixed(3).padStart(9)} ${ratio(all.tp, all.tp + all.fn).toFixed(3).padStart(7)} ${String(all.tp).padStart(4)} ${String(all.fp).padStart(3)} ${String(all.fn).padStart(3)}`,
  );
  return lines.join('\n');
}

describe('the labelled practice sentences', () => {
  it('are a large, realistic set: at least 320 sentences, 40% innocent, 60 evasions, 15 per category', () => {
    expect(rows.length).toBeGreaterThanOrEqual(320);
    const innocent = rows.filter((r) => r.expect.length === 0).length;
    expect(innocent / rows.length).toBeGreaterThanOrEqual(0.4);
    expect(rows.filter((r) => r.evasion).length).toBeGreaterThanOrEqual(60);
    for (const c of COMPLIANCE_CATEGORIES) {
      expect(rows.filter((r) => r.expect.includes(c)).length, c).toBeGreaterThanOrEqual(15);
    }
  });

  it('use only known categories and product classes, and no sentence twice', () => {
    const seen = new Set<string>();
    for (const r of rows) {
      expect(seen.has(r.text), r.text).toBe(false);
      seen.add(r.text);
      for (const c of r.expect) expect(COMPLIANCE_CATEGORIES).toContain(c);
      if (r.complianceClass) expect(COMPLIANCE_CLASSES).toContain(r.complianceClass);
    }
  });

  it('are judged with at least 95% precision and recall in every category and overall', () => {
    const { perCategory, mistakes } = score();
    const report = `${table(perCategory)}\n${mistakes.slice(0, 40).join('\n')}`;
    let all: Tally = { tp: 0, fp: 0, fn: 0 };
    for (const t of perCategory.values()) {
      all = { tp: all.tp + t.tp, fp: all.fp + t.fp, fn: all.fn + t.fn };
      expect(ratio(t.tp, t.tp + t.fp), report).toBeGreaterThanOrEqual(MIN_SCORE);
      expect(ratio(t.tp, t.tp + t.fn), report).toBeGreaterThanOrEqual(MIN_SCORE);
    }
    expect(ratio(all.tp, all.tp + all.fp), report).toBeGreaterThanOrEqual(MIN_SCORE);
    expect(ratio(all.tp, all.tp + all.fn), report).toBeGreaterThanOrEqual(MIN_SCORE);
  });

  it('cover every evasion family with caught and innocent examples, and every lawful family', () => {
    for (const f of EVASION_FAMILIES) {
      const family = rows.filter((r) => r.family === f);
      expect(family.filter((r) => r.expect.length > 0).length, f).toBeGreaterThanOrEqual(10);
      expect(family.filter((r) => r.expect.length === 0).length, f).toBeGreaterThanOrEqual(5);
    }
    for (const f of LAWFUL_FAMILIES) expect(rows.filter((r) => r.family === f).length, f).toBeGreaterThanOrEqual(7);
    for (const r of rows) if (r.family !== undefined) expect([...EVASION_FAMILIES, ...LAWFUL_FAMILIES], r.text).toContain(r.family);
  });

  it('are judged with at least 95% precision and recall in every family', () => {
    const lines = ['family              precision  recall   tp  fp  fn'];
    const failures: string[] = [];
    for (const f of [...EVASION_FAMILIES, ...LAWFUL_FAMILIES]) {
      const { perCategory, mistakes } = score(rows.filter((r) => r.family === f));
      const all: Tally = { tp: 0, fp: 0, fn: 0 };
      for (const t of perCategory.values()) {
        all.tp += t.tp;
        all.fp += t.fp;
        all.fn += t.fn;
      }
      const p = ratio(all.tp, all.tp + all.fp);
      const r = ratio(all.tp, all.tp + all.fn);
      lines.push(`${f.padEnd(19)} ${p.toFixed(3).padStart(9)} ${r.toFixed(3).padStart(7)} ${String(all.tp).padStart(4)} ${String(all.fp).padStart(3)} ${String(all.fn).padStart(3)}`);
      if (p < MIN_SCORE || r < MIN_SCORE) failures.push(...mistakes);
    }
    console.log(lines.join('\n'));
    expect(failures, `${lines.join('\n')}\n${failures.join('\n')}`).toEqual([]);
  });
});
