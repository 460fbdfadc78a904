import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkFactClaims, findFactClaims, readNumber, type FactSheet } from './facts';
import { lintScript } from './script';

/** Two products, a coupon and a flash sale, like a shipped scenario. */
const SHEET: FactSheet = {
  products: [
    { id: 'oranges', no: 1, name: { zh: '高山冰糖橙', en: 'Oranges' }, aliases: ['冰糖橙', '橙子'], listPrice: 39.9, livePrice: 29.9, stock: 400 },
    { id: 'cream', no: 2, name: { zh: '保湿面霜', en: 'Moisturiser' }, aliases: ['面霜'], listPrice: 399, livePrice: 199, stock: 50 },
  ],
  coupons: [{ kind: 'live', threshold: 0, discount: 3, products: ['oranges'] }],
  flashSales: [{ product: 'cream', price: 99, quantity: 20 }],
};

/** Labelled claims: [text, expected outcome with SHEET]. "ok" = confirmed, a kind = contradicted, "" = no claim. */
const LABELLED: Array<[string, '' | 'ok' | 'stock' | 'list_price' | 'live_price' | 'saving' | 'discount']> = [
  ['冰糖橙只剩10件了', 'stock'],
  ['冰糖橙库存400件，放心拍', 'ok'],
  ['面霜最后3单', 'stock'],
  ['面霜这轮秒杀只上20单', 'ok'],
  ['面霜库存只有50', 'ok'],
  ['面霜仅剩五件', 'stock'],
  ['面霜只剩100件', 'stock'],
  ['冰糖橙原价399', 'list_price'],
  ['冰糖橙原价39.9', 'ok'],
  ['冰糖橙原价三十九块九', 'ok'],
  ['面霜原价399，今天只要199', 'ok'],
  ['面霜吊牌价 ¥599', 'list_price'],
  ['面霜今天只要59', 'live_price'],
  ['面霜秒杀价99元', 'ok'],
  ['冰糖橙领券到手26.9元', 'ok'],
  ['冰糖橙到手价19.9', 'live_price'],
  ['面霜比原价便宜200', 'ok'],
  ['面霜比原价便宜350', 'saving'],
  ['面霜比原价便宜300', 'ok'], // 399 − the flash price 99
  ['冰糖橙立减3元', 'ok'],
  ['冰糖橙直降20元', 'saving'],
  ['面霜打五折', 'ok'],
  ['冰糖橙打五折', 'discount'],
  ['冰糖橙七五折', 'ok'],
  ['1号链接只剩10件', 'stock'],
  ['2号链接原价399', 'ok'],
  ['最后一个问题，面霜能不能孕妇用', ''],
  ['面霜只有3个颜色', ''],
  ['冰糖橙5斤装，果径75毫米', ''],
  ['只要3步就能涂匀', ''],
  ['我减了5斤', ''],
  ['三折叠伞也有库存', ''],
  ['满200减20', ''],
  ['第二件半价', ''],
  ['今天3点开播', ''],
  ['原价好几百', ''],
  ['only 3 left for the moisturiser', 'stock'],
];

describe('fact claims', () => {
  it('reads Chinese, full-width and decimal numbers', () => {
    expect(readNumber('399')).toBe(399);
    expect(readNumber('３９９')).toBe(399);
    expect(readNumber('三百九十九')).toBe(399);
    expect(readNumber('二十九点九')).toBe(29.9);
    expect(readNumber('一百二十')).toBe(120);
    expect(readNumber('abc')).toBeNaN();
  });

  it('finds the claims of the brief with their spans', () => {
    const text = '只剩10件，最后3单，原价399，比原价便宜200，库存只有80，今天只要59';
    const claims = findFactClaims(text);
    expect(claims.map((c) => [c.kind, c.value, c.text])).toEqual([
      ['stock', 10, '只剩10件'],
      ['stock', 3, '最后3单'],
      ['list_price', 399, '原价399'],
      ['saving', 200, '比原价便宜200'],
      ['stock', 80, '库存只有80'],
      ['live_price', 59, '今天只要59'],
    ]);
    for (const c of claims) expect(text.slice(c.start, c.end)).toBe(c.text);
  });

  it('judges the labelled claims against the products: contradicted ones flagged, true ones not', () => {
    const wrong: string[] = [];
    const tally = new Map<string, { tp: number; fp: number; fn: number }>();
    const t = (k: string) => tally.get(k) ?? (tally.set(k, { tp: 0, fp: 0, fn: 0 }), tally.get(k)!);
    for (const [text, expected] of LABELLED) {
      const r = checkFactClaims(text, SHEET);
      const got = r.findings.length > 0 ? r.findings[0]!.claim : r.confirmed.length > 0 ? 'ok' : '';
      if (got !== expected) wrong.push(`${text}: expected ${expected || 'nothing'}, got ${got || 'nothing'}`);
      if (expected !== '' && expected !== 'ok') {
        if (got === expected) t(expected).tp++;
        else t(expected).fn++;
      }
      if (got !== '' && got !== 'ok' && got !== expected) t(got).fp++;
    }
    const table = [...tally].map(([k, v]) => `${k.padEnd(11)} precision ${(v.tp / Math.max(1, v.tp + v.fp)).toFixed(2)} recall ${(v.tp / Math.max(1, v.tp + v.fn)).toFixed(2)}`).join('\n');
    console.log(`fact claims (${LABELLED.length} labelled):\n${table}`);
    expect(wrong).toEqual([]);
  });

  it('gives the real values in the reason and uses the product mentioned before the claim', () => {
    const r = checkFactClaims('先讲面霜。\n现在只剩10件！\n再讲冰糖橙，只剩10件', SHEET);
    expect(r.findings.map((f) => [f.product, f.actual])).toEqual([
      ['cream', [50, 20]],
      ['oranges', [400]],
    ]);
    expect(r.findings[0]!.reason.zh).toContain('50');
    expect(r.findings[0]!.category).toBe('false_scarcity');
    expect(r.findings[0]!.severity).toBe(2);
  });

  it('without facts, every claim is a minor "needs facts" finding', () => {
    const r = checkFactClaims('只剩10件，原价399');
    expect(r.findings.map((f) => [f.factStatus, f.severity, f.category])).toEqual([
      ['unverified', 1, 'false_scarcity'],
      ['unverified', 1, 'false_price'],
    ]);
    expect(r.findings[0]!.reason.zh).toContain('核对');
  });

  it('offers the true claim as a one-click fix', () => {
    const report = lintScript('面霜只剩10件，原价599', { facts: SHEET });
    expect(report.findings.map((f) => f.replacement)).toEqual(['只剩50件', '原价399']);
  });

  it('never throws and keeps spans inside the text, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        for (const f of checkFactClaims(text, SHEET).findings) expect(text.slice(f.start, f.end)).toBe(f.text);
      }),
      { numRuns: 300 },
    );
    const pieces = fc.constantFrom('只剩', '原价', '今天只要', '比原价便宜', '库存', '10', '三百', '点', '九', '件', '元', '块', '折', ' ', '\n', '面霜', '1号');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }).map((a) => a.join('')), (text) => {
        const r = checkFactClaims(text, SHEET);
        for (const f of [...r.findings, ...r.confirmed]) expect(text.slice(f.start, f.end)).toBe(f.text);
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});
