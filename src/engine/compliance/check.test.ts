import { describe, expect, it } from 'vitest';
import {
  LEXICON_VERSION,
  analyzeCompliance,
  checkCompliance,
  lexiconEntries,
  type ComplianceFinding,
} from './index';
import { explainExemption, explainFinding, withExplanations } from './explain';

const only = (findings: ComplianceFinding[], category: string): ComplianceFinding[] =>
  findings.filter((f) => f.category === category);

describe('what a finding tells the student', () => {
  it('names the rule, its source, a reason and a compliant rewrite in Chinese and English', () => {
    const [f] = checkCompliance('这是全网最低价');
    expect(f).toBeDefined();
    expect([1, 2, 3]).toContain(f!.severity);
    const x = explainFinding(f!);
    expect(x.rule).toContain('广告法');
    expect(x.source.length).toBeGreaterThan(0);
    expect(x.reason.zh.length).toBeGreaterThan(0);
    expect(x.reason.en.length).toBeGreaterThan(0);
    expect(x.suggestion?.zh).toBeTruthy();
  });

  it('carries no words for people in the findings themselves: those come from explain.ts', () => {
    const report = analyzeCompliance('开封后最佳食用期是三天，全网最低价', { complianceClass: 'food' });
    for (const f of report.findings) expect(Object.keys(f).sort()).toEqual(['category', 'end', 'ruleId', 'severity', 'start', 'text']);
    const explained = withExplanations(report);
    expect(explained.findings.map((f) => f.ruleId)).toEqual(report.findings.map((f) => f.ruleId));
    expect(explained.findings.every((f) => f.reason.zh.length > 0 && f.rule.length > 0)).toBe(true);
    expect(explained.exemptions[0]!.reason.zh).toContain('提示');
  });

  it('explains an id it does not know by its category, and the engine\'s fact rules with their values', () => {
    expect(explainFinding({ ruleId: 'no-such-rule', category: 'off_platform' }).reason.zh).toContain('平台');
    const scarcity = explainFinding({ ruleId: 'engine-false-scarcity', category: 'false_scarcity', params: { stated: 3, actual: 400 } });
    expect(scarcity.reason.zh).toContain('3');
    expect(scarcity.reason.en).toContain('400');
    const anchor = explainFinding({ ruleId: 'engine-false-anchor', category: 'false_price', params: { stated: 39900, listPrice: 12900 } });
    expect(anchor.reason.en).toContain('129.00');
    expect(explainFinding({ ruleId: 'engine-en-insult', category: 'insult' }).reason.en).toContain('insulted');
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
    expect(LEXICON_VERSION).toBe('2026.12-2');
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
    expect(explainExemption(r.exemptions[0]!).zh).toContain('提示');
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
    expect(explainExemption(own.exemptions[0]!).en).toContain('Self-comparison');
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

describe('sentence punctuation and negation', () => {
  it('never matches a word across sentence punctuation, but still through spaces and symbols', () => {
    expect(checkCompliance('容量500毫升，杯高22厘米')).toEqual([]);
    expect(checkCompliance('容量500毫升。杯身重约280克')).toEqual([]);
    expect(checkCompliance('这款能让你升杯')[0]?.ruleId).toBe('med-feng-xiong');
    for (const t of ['丰 胸神器', '丰~胸神器', '丰💗胸神器']) expect(checkCompliance(t).map((f) => f.ruleId), t).toEqual(['med-feng-xiong']);
  });

  it('honours a denial of medical wording (不是医用面膜, 没有械字号)', () => {
    const cosmetics = { complianceClass: 'cosmetics' } as const;
    for (const t of ['这不是医用面膜', '我们没有械字号', '并非医用级产品']) {
      const r = analyzeCompliance(t, cosmetics);
      expect(r.findings, t).toEqual([]);
      expect(r.exemptions.map((x) => x.ruleId), t).toEqual(['med-yi-yong-ji']);
    }
    expect(checkCompliance('这是医用面膜', cosmetics).map((f) => f.ruleId)).toEqual(['med-yi-yong-ji']);
    expect(checkCompliance('不是我吹，这就是医用级的', cosmetics).map((f) => f.ruleId)).toEqual(['med-yi-yong-ji']);
  });

  it('lets a negation cover the list of claims after it', () => {
    const cosmetics = { complianceClass: 'cosmetics' } as const;
    const listed = analyzeCompliance('不宣称美白、祛斑、祛痘', cosmetics);
    expect(listed.findings).toEqual([]);
    expect(listed.exemptions.map((x) => x.text)).toEqual(['美白', '祛斑', '祛痘']);
    // The covered claims give the negation's reason.
    expect(new Set(listed.exemptions.map((x) => explainExemption(x).zh)).size).toBe(1);
    expect(analyzeCompliance('没有美白祛斑功效', cosmetics).findings).toEqual([]);
    expect(analyzeCompliance('没有美白和祛斑的功效', cosmetics).findings).toEqual([]);
    expect(analyzeCompliance('不宣称美白、祛斑、祛痘').findings).toEqual([]);
  });

  it('does not carry a negation past the list into a new claim', () => {
    const cosmetics = { complianceClass: 'cosmetics' } as const;
    expect(checkCompliance('不是医用级，但是能祛斑', cosmetics).map((f) => f.text)).toEqual(['祛斑']);
    expect(checkCompliance('没有美白，只有祛斑', cosmetics).map((f) => f.text)).toEqual(['祛斑']);
    expect(checkCompliance('不含酒精，祛痘效果好', cosmetics).map((f) => f.text)).toEqual(['祛痘']);
    expect(checkCompliance('这款可以美白祛斑', cosmetics).map((f) => f.text)).toEqual(['美白', '祛斑']);
  });
});

// Throughput (10,000 lines well under a second) is measured by `npm run bench`, not by a timed test.
