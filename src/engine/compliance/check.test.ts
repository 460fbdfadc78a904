import { describe, expect, it } from 'vitest';
import {
  LEXICON_VERSION,
  analyzeCompliance,
  checkCompliance,
  lexiconEntries,
  type ComplianceFinding,
} from './index';

const only = (findings: ComplianceFinding[], category: string): ComplianceFinding[] =>
  findings.filter((f) => f.category === category);

describe('what a finding tells the student', () => {
  it('names the rule, its source, a reason and a compliant rewrite in Chinese and English', () => {
    const [f] = checkCompliance('这是全网最低价');
    expect(f).toBeDefined();
    expect(f!.rule).toContain('广告法');
    expect(f!.source.length).toBeGreaterThan(0);
    expect(f!.reason.zh.length).toBeGreaterThan(0);
    expect(f!.reason.en.length).toBeGreaterThan(0);
    expect(f!.suggestion?.zh).toBeTruthy();
    expect([1, 2, 3]).toContain(f!.severity);
  });

  it('marks medical claims, off-platform steering and insults as severe', () => {
    expect(checkCompliance('每天喝一杯能降血压', { complianceClass: 'food' })[0]?.severity).toBe(3);
    expect(checkCompliance('加我微信')[0]?.severity).toBe(3);
    expect(checkCompliance('你给我滚')[0]?.severity).toBe(3);
  });

  it('checkCompliance returns exactly the findings of analyzeCompliance', () => {
    const text = '全网最低价，加薇信，你给我闭嘴';
    expect(checkCompliance(text)).toEqual(analyzeCompliance(text).findings);
  });

  it('exposes the lexicon version and its validated entries', () => {
    expect(LEXICON_VERSION).toBe('2026.11-1');
    expect(lexiconEntries().length).toBeGreaterThanOrEqual(170);
  });
});

describe('quoting the original words, even when the host hid them', () => {
  it('points at the words in the original text including inserted spaces', () => {
    const text = '今天 全 网 最 低 价 哦';
    const f = only(checkCompliance(text), 'false_price')[0]!;
    expect(f.text).toBe('全 网 最 低 价');
    expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it('quotes emoji and symbols that were stuck between the characters', () => {
    const text = '快来加薇❤️信吧';
    const f = only(checkCompliance(text), 'off_platform')[0]!;
    expect(f.text).toBe('加薇❤️信');
    expect(f.start).toBe(2);
    expect(f.end).toBe(text.indexOf('信') + 1);
  });

  it('quotes a phone number written with dashes exactly as it was written', () => {
    const text = '有事打 138-1234-5678 就行';
    const f = only(checkCompliance(text), 'off_platform')[0]!;
    expect(f.text).toBe('138-1234-5678');
    expect(f.ruleId).toBe('off-phone-number');
  });

  it('quotes full-width and traditional characters as they were typed', () => {
    const text = 'Ａ款是國家級品質';
    const f = checkCompliance(text)[0]!;
    expect(f.text).toBe('國家級');
    expect(f.start).toBe(3);
    const g = checkCompliance('加ＶＸ')[0]!;
    expect(g.text).toBe('加ＶＸ');
  });

  it('quotes a phone number spoken in Chinese numerals', () => {
    const text = '电话幺三八一二三四五六七八';
    const f = checkCompliance(text)[0]!;
    expect(f.text).toBe('幺三八一二三四五六七八');
  });

  it('counts characters outside the basic plane (emoji) correctly in offsets', () => {
    const text = '😀😀最佳选择';
    const f = checkCompliance(text)[0]!;
    expect(f.start).toBe(4);
    expect(f.text).toBe('最佳');
  });
});

describe('legal uses that look like banned words', () => {
  const exempted = (text: string, cls?: Parameters<typeof checkCompliance>[1]) => analyzeCompliance(text, cls);

  it('accepts 最佳食用期 as a consumer tip and reports why', () => {
    const r = exempted('开封后最佳食用期是三天', { complianceClass: 'food' });
    expect(r.findings).toEqual([]);
    expect(r.exemptions).toHaveLength(1);
    expect(r.exemptions[0]!.ruleId).toBe('abs-zui-jia');
    expect(r.exemptions[0]!.text).toBe('最佳');
    expect(r.exemptions[0]!.reason.zh).toContain('提示');
  });

  it('accepts 第一条 as an ordinal, not a ranking', () => {
    const r = exempted('大家看好评第一条，说面料很舒服');
    expect(r.findings).toEqual([]);
    expect(r.exemptions.map((x) => x.ruleId)).toEqual(['abs-di-yi-rank']);
  });

  it('does not treat size facts, "recently" or "last question" as claims', () => {
    for (const t of ['最大码是XL', '最小码是S', '最近很多宝宝问', '最后一个问题', '第一步先量腰围', '第一次来的宝宝']) {
      expect(checkCompliance(t), t).toEqual([]);
    }
  });

  it('accepts comparisons inside one\'s own shop but not against the market', () => {
    const own = exempted('我们家卖得最好的就是这款羽绒服');
    expect(own.findings).toEqual([]);
    expect(own.exemptions[0]?.reason.en).toContain('Self-comparison');
    expect(only(checkCompliance('我们家是最正宗的'), 'absolute')).toHaveLength(1);
    expect(only(checkCompliance('我们家卖得最好，全网都比不了'), 'absolute')).toHaveLength(1);
  });

  it('accepts disclaimers such as 不能替代药物治疗', () => {
    const r = exempted('本品不能替代药物治疗', { complianceClass: 'health' });
    expect(r.findings).toEqual([]);
    expect(r.exemptions.map((x) => x.ruleId).sort()).toEqual(['med-ti-dai-yao', 'med-zhi-liao']);
  });

  it('accepts anti-counterfeit QR codes and pasteurised milk', () => {
    expect(exempted('包装上有防伪二维码，扫一下查真伪').findings).toEqual([]);
    expect(exempted('这个牛奶是巴氏杀菌的', { complianceClass: 'food' }).findings).toEqual([]);
  });

  it('accepts real titles and brand names (非遗传承人, 永久牌, 完美日记)', () => {
    for (const t of ['国家级非物质文化遗产传承人', '永久牌自行车', '完美日记的眼影']) {
      const r = exempted(t);
      expect(r.findings, t).toEqual([]);
      expect(r.exemptions.length, t).toBeGreaterThan(0);
    }
  });

  it('accepts "the water is boiling" in a cooking demo but not "get lost"', () => {
    expect(exempted('水滚开以后再下饺子', { complianceClass: 'food' }).findings).toEqual([]);
    expect(only(checkCompliance('你给我滚开'), 'insult')).toHaveLength(1);
  });

  it('accepts a concrete deadline but flags vague time pressure', () => {
    expect(checkCompliance('今晚十二点以后立马涨价')).toEqual([]);
    expect(only(checkCompliance('随时涨价，赶紧拍'), 'absolute')).toHaveLength(1);
  });

  it('does not confuse 微信支付 inside the platform with steering off it', () => {
    expect(checkCompliance('小黄车里选微信支付就行')).toEqual([]);
    expect(only(checkCompliance('直接微信转账给我'), 'off_platform')).toHaveLength(1);
  });

  it('treats a DM to the platform\'s customer service as innocent but not a DM to buy', () => {
    expect(checkCompliance('有问题可以私信客服')).toEqual([]);
    expect(only(checkCompliance('私信我下单更便宜'), 'off_platform')).toHaveLength(1);
  });
});

describe('rules that depend on the product class', () => {
  it('flags 降血压 for food as a severe medical claim, and for any other class too', () => {
    const food = checkCompliance('每天一杯能降血压', { complianceClass: 'food' });
    expect(food).toHaveLength(1);
    expect(food[0]!.category).toBe('medical_claim');
    expect(food[0]!.severity).toBe(3);
    expect(checkCompliance('每天一杯能降血压', { complianceClass: 'appliance' })).toHaveLength(1);
  });

  it('flags 美白 for cosmetics unless the special-cosmetics certificate is cited', () => {
    const plain = checkCompliance('这款精华可以美白', { complianceClass: 'cosmetics' });
    expect(plain.map((f) => f.ruleId)).toEqual(['med-mei-bai-cosmetics']);
    expect(plain[0]!.severity).toBe(2);
    const certified = analyzeCompliance('这款美白精华有国妆特字号的特证', { complianceClass: 'cosmetics' });
    expect(certified.findings).toEqual([]);
    expect(certified.exemptions[0]?.ruleId).toBe('med-mei-bai-cosmetics');
  });

  it('treats 美白 in food as a severe claim and in a book about skincare as harmless', () => {
    expect(checkCompliance('这个胶原蛋白饮越喝越白', { complianceClass: 'food' })[0]?.severity).toBe(3);
    expect(checkCompliance('这本书第三章讲美白的误区', { complianceClass: 'cultural' })).toEqual([]);
  });

  it('allows 增强免疫力 only for registered health food', () => {
    expect(checkCompliance('增强免疫力', { complianceClass: 'food' })).toHaveLength(1);
    expect(checkCompliance('增强免疫力', { complianceClass: 'health' })).toEqual([]);
  });

  it('lets an appliance state a tested germ-killing feature but not a food', () => {
    expect(checkCompliance('高温杀菌功能', { complianceClass: 'appliance' })).toEqual([]);
    expect(checkCompliance('这个蜂蜜能杀菌', { complianceClass: 'food' })).toHaveLength(1);
  });

  it('applies class-scoped rules when no class is known (the script linter warns)', () => {
    expect(checkCompliance('这个蜂蜜能杀菌')).toHaveLength(1);
  });
});

describe('how findings are merged and ordered', () => {
  it('reports an overlapping 最 / 最低价 / 全网最低 only once per category', () => {
    const findings = checkCompliance('全网最低价');
    expect(only(findings, 'absolute')).toHaveLength(1);
    expect(only(findings, 'false_price')).toHaveLength(1);
    expect(only(findings, 'absolute')[0]!.text).toBe('全网最低价');
  });

  it('keeps the most severe rule when hits of one category overlap', () => {
    const findings = checkCompliance('喝了治疗失眠');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe(3);
  });

  it('sorts findings by position, then by rule id', () => {
    const text = '你给我闭嘴，全网最低价，加我微信，降血压';
    const findings = checkCompliance(text);
    expect(findings.map((f) => f.category)).toEqual([
      'insult',
      'absolute',
      'false_price',
      'off_platform',
      'medical_claim',
    ]);
    for (let i = 1; i < findings.length; i++) {
      const a = findings[i - 1]!;
      const b = findings[i]!;
      expect(a.start < b.start || (a.start === b.start && a.ruleId <= b.ruleId)).toBe(true);
    }
  });

  it('gives the same answer every time for the same text', () => {
    const text = '史上最低價！加 V 信 138 1234 5678，不买就后悔，你个傻X';
    const first = JSON.stringify(analyzeCompliance(text));
    for (let i = 0; i < 5; i++) expect(JSON.stringify(analyzeCompliance(text))).toBe(first);
  });
});

// Throughput (10,000 lines well under a second) is measured by `npm run bench`, not by a timed test.
