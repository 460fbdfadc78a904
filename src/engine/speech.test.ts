import { describe, expect, it } from 'vitest';
import { detectCtas, digitsFromChinese, isApology, isGreeting, mentionedProducts, statedPrices, statedStock } from './speech';
import { loadScenarioText } from './scenario/load';
import { readFileSync } from 'node:fs';

const kidswear = (() => {
  const file = 'scenarios/imkt-l5-kidswear-20min.yaml';
  const r = loadScenarioText(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error('scenario invalid');
  return r.scenario;
})();

describe('reading prices a host says', () => {
  it('reads prices with a currency unit or a price word, in digits or in Chinese numerals', () => {
    expect(statedPrices('今天直播间到手价只要79元').map((p) => p.value)).toEqual([79]);
    expect(statedPrices('九十九块九，一件包邮').map((p) => p.value)).toEqual([99.9]);
    expect(statedPrices('秒杀价 9.9').map((p) => p.value)).toEqual([9.9]);
    expect(statedPrices('only $12.5 today').map((p) => p.value)).toEqual([12.5]);
  });

  it('does not take sizes, link numbers, ages or comparisons for prices', () => {
    expect(statedPrices('3号链接，130码适合身高125的孩子，5岁穿正好')).toEqual([]);
    expect(statedPrices('一双不到2块钱')).toEqual([]);
  });

  it('reads a number before 只 as a count (engine 3.2.0), but not 只要 / 只剩 after a price', () => {
    expect(statedPrices('规格是1袋2只')).toEqual([]);
    expect(statedPrices('两只装，一共3只')).toEqual([]);
    expect(statedPrices('到手价39只要今天').map((p) => p.value)).toEqual([39]);
    // A run stamped before 3.2.0 keeps its own reading: 1袋2 is a bundle price there.
    expect(statedPrices('规格是1袋2只', { countZhi: false }).map((p) => p.value)).toEqual([2]);
  });

  it('marks an "original price" claim as a price anchor', () => {
    const [p] = statedPrices('原价399，今天只要129元');
    expect(p).toMatchObject({ value: 399, anchor: true });
  });
});

describe('reading stock claims', () => {
  it('reads "only N left" claims', () => {
    expect(statedStock('最后10件了，抓紧').map((s) => s.value)).toEqual([10]);
    expect(statedStock('库存只有五十单').map((s) => s.value)).toEqual([50]);
  });
  it('ignores numbers that are not stock', () => {
    expect(statedStock('限量200份，每人限购2份')).toEqual([]);
  });
});

describe('greetings, calls to action and apologies', () => {
  it('recognises a welcome, but not a plain reply to one viewer', () => {
    expect(isGreeting('欢迎新进来的宝宝们')).toBeTruthy();
    expect(isGreeting('小雨你好，面料是纯棉的')).toBeNull();
  });
  it('recognises calls to follow, like, share, claim and buy', () => {
    const kinds = detectCtas('点个关注，点点赞，分享给朋友，先领券再下单').map((c) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['follow', 'like', 'share', 'coupon', 'buy']));
  });
  it('recognises an apology after a stream drop', () => {
    expect(isApology('抱歉刚才网络波动断了一下')).toBeTruthy();
  });
});

describe('which product the host is talking about', () => {
  it('finds a product by its name or its link number', () => {
    const names = (t: string) => mentionedProducts(t, kidswear.products).map((m) => kidswear.products[m.index].id);
    expect(names(`${kidswear.products[0].name.zh}今天特价`)).toContain(kidswear.products[0].id);
    expect(names(`${kidswear.products[1].no}号链接上车`)).toContain(kidswear.products[1].id);
    expect(names('大家晚上好')).toEqual([]);
  });
});

describe('Chinese numerals', () => {
  it('converts runs of Chinese numerals to digits', () => {
    expect(digitsFromChinese('一百二十九')).toBe('129');
    expect(digitsFromChinese('三千')).toBe('3000');
    expect(digitsFromChinese('两万五千')).toBe('25000');
  });
});
