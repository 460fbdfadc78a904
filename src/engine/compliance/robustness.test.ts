import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeCompliance, type ComplianceClass, type ComplianceReport } from './index';
import { COMPLIANCE_CLASSES } from './lexicon.schema';

/** Everything a report must satisfy for any input. */
function assertWellFormed(text: string, report: ComplianceReport): void {
  let prev: { start: number; ruleId: string } | null = null;
  for (const f of report.findings) {
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeGreaterThan(f.start);
    expect(f.end).toBeLessThanOrEqual(text.length);
    expect(f.text).toBe(text.slice(f.start, f.end));
    if (prev) expect(prev.start < f.start || (prev.start === f.start && prev.ruleId <= f.ruleId)).toBe(true);
    prev = f;
  }
  for (const x of report.exemptions) {
    expect(x.start).toBeGreaterThanOrEqual(0);
    expect(x.end).toBeLessThanOrEqual(text.length);
    expect(x.text).toBe(text.slice(x.start, x.end));
  }
}

// Characters that exercise the lexicon: banned words, evasions, numerals, emoji, joiners.
const PIECES = [
  '最', '好', '佳', '全网', '最低价', '第一', '次', '加', '微', '信', '薇', 'v', 'V', 'x', '扣扣', 'qq',
  '138', '1', '3', '8', '一', '三', '八', '幺', '〇', 'o', '+', '＋', ' ', '，', '！', '😀', '❤️', '\u200b',
  '\u200d', '\ufe0f', '國', '級', '降血压', '滚', '开', '你', '傻', 'sb', '私聊', '下单', '治疗', '不能',
  '二维码', '防伪', '美白', '特证', '\ud800', '\udc00', '𠀀', 'Ｖ', 'ＸＬ',
];
const lexiconish = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join(''));
const anyClass = fc.option(fc.constantFrom<ComplianceClass>(...COMPLIANCE_CLASSES), { nil: undefined });

describe('the checker never breaks on strange input', () => {
  it('never throws and keeps every quoted span inside the text, for any unicode string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), anyClass, (text, cls) => {
        assertWellFormed(text, analyzeCompliance(text, cls ? { complianceClass: cls } : undefined));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws and keeps spans in bounds for text made of banned words, evasions and emoji', () => {
    fc.assert(
      fc.property(lexiconish, anyClass, (text, cls) => {
        assertWellFormed(text, analyzeCompliance(text, cls ? { complianceClass: cls } : undefined));
      }),
      { numRuns: 600 },
    );
  });

  it('gives the same report twice for the same text', () => {
    fc.assert(
      fc.property(lexiconish, (text) => {
        expect(analyzeCompliance(text)).toEqual(analyzeCompliance(text));
      }),
      { numRuns: 200 },
    );
  });

  it('copes with empty text, lone surrogates, control characters and wrong argument types', () => {
    for (const text of ['', '\ud800', '\udfff\ud800', '\u0000\u0001\u001f', '\ufeff', '😀'.repeat(1000)]) {
      assertWellFormed(text, analyzeCompliance(text));
    }
    expect(analyzeCompliance(undefined as unknown as string)).toEqual({ findings: [], exemptions: [] });
    expect(analyzeCompliance(42 as unknown as string)).toEqual({ findings: [], exemptions: [] });
    // An unknown class behaves like no class: class-scoped rules still warn.
    expect(analyzeCompliance('这个蜂蜜能杀菌', { complianceClass: 'nonsense' as ComplianceClass }).findings).toHaveLength(1);
    expect(analyzeCompliance('加我微信', null as unknown as undefined).findings).toHaveLength(1);
  });

  it('checks repetitive text crafted to make patterns backtrack, and still finds what is in it', () => {
    // Catastrophic backtracking is prevented by the schema (no unbounded repeated groups,
    // lexicon.test.ts); how fast checking is, is measured by `npm run bench`, not asserted here.
    const probes = ['加' + '我的'.repeat(40) + 'x', '主页' + '写着'.repeat(40), '我们家' + '的今年'.repeat(40) + '最好'];
    for (const text of probes) expect(analyzeCompliance(text), text).toEqual({ findings: [], exemptions: [] });
    const steering = analyzeCompliance('加' + '我的'.repeat(40) + '微信');
    expect(steering.findings.map((f) => [f.category, f.text])).toEqual([['off_platform', '我的微信']]);
  });

  it('handles a 10 MB line without throwing', () => {
    const unit = '这款面霜主打保湿，干皮姐妹很适合😀 全网最低价 加 V 信 ';
    const big = unit.repeat(Math.ceil(10_000_000 / unit.length)).slice(0, 10_000_000);
    const report = analyzeCompliance(big);
    expect(report.findings.length).toBeGreaterThan(0);
    const last = report.findings[report.findings.length - 1]!;
    expect(last.end).toBeLessThanOrEqual(big.length);
    expect(big.slice(last.start, last.end)).toBe(last.text);
  }, 60_000);
});
