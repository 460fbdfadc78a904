import { describe, expect, it } from 'vitest';
import { analyzeCompliance, type ComplianceClass } from './index';
import { explainFinding } from './explain';
import { inferClass } from './product-class';
import { normalizeText } from './normalize';

const ids = (text: string, cls?: ComplianceClass) => analyzeCompliance(text, cls ? { complianceClass: cls } : undefined).findings.map((f) => f.ruleId);
const cats = (text: string, cls?: ComplianceClass) => [...new Set(analyzeCompliance(text, cls ? { complianceClass: cls } : undefined).findings.map((f) => f.category))];

describe('a word cut up by punctuation or line breaks', () => {
  it('is still the word when the pieces are single characters', () => {
    const f = analyzeCompliance('今天最，低，价').findings;
    expect(f.map((x) => [x.ruleId, x.text])).toEqual([['abs-zui-di-jia', '最，低，价']]);
    expect(ids('最\n低价')).toContain('abs-zui-di-jia');
    expect(ids('最、低、价给到大家')).toContain('abs-zui-di-jia');
  });

  it('is still the word when a bare line break cuts off two characters mid-sentence', () => {
    expect(ids('家人们这就是最\n低价')).toContain('abs-zui-di-jia');
  });

  it('is not a word across ordinary clauses', () => {
    expect(cats('容量500毫升，杯高22厘米')).toEqual([]);
    expect(cats('第一，面料好；第二，价格透明')).toEqual([]);
    expect(cats('它最低，价位段里算中等')).toEqual([]);
    expect(cats('容量500毫升\n杯高22厘米')).toEqual([]);
  });
});

describe('contact apps in disguise and in slang', () => {
  it('flags WeChat written in Latin, full-width or homophone form, even without a verb', () => {
    for (const t of ['wechat', 'ＷｅＣｈａｔ', '有事wechat联系', '薇信', 'V信', 'ｖｘ：ａｂｃ１２３４５', 'whatsapp联系']) {
      expect(cats(t), t).toEqual(['off_platform']);
    }
  });

  it('leaves 威信 (standing, prestige) and the English room to their own rules', () => {
    expect(cats('我们店有威信，不会骗大家')).toEqual([]);
    // An English sentence is checked by english-risks.ts; the lexicon does not count it twice.
    expect(cats('add me on wechat')).toEqual([]);
  });

  it('flags slang for WeChat, QQ and Telegram after 加, and ➕ for 加', () => {
    for (const t of ['加个薇，发你优惠券', '加我球球', '要货的加飞机', '加一下我的小绿', '➕薇，详聊', '＋薇详聊', '我的薇在主页', '薇我一下']) {
      expect(cats(t), t).toContain('off_platform');
    }
  });

  it('leaves the same characters alone in ordinary words', () => {
    for (const t of ['再加个维生素C', '帽子上再加个球球就更可爱了', '加个卫生巾收纳袋', '购物车里加个绿色的', '可以加个小绿植摆在桌上', '飞机模型今天也有']) {
      expect(cats(t), t).toEqual([]);
    }
  });
});

describe('steering off the platform in everyday words', () => {
  it('flags asking for contacts in the comments, and links on another shop or platform by private message', () => {
    expect(ids('想要的宝宝把联系方式留在评论区')).toContain('off-comment-contact');
    expect(ids('公屏打出你的电话，中奖我联系你')).toContain('off-comment-contact');
    expect(ids('私信我要别家店的链接')).toContain('off-link-elsewhere');
    expect(ids('淘宝链接私信发你，那边有货')).toContain('off-link-elsewhere');
  });

  it('says why a warning against posting contacts is exempt', () => {
    const r = analyzeCompliance('不要在公屏留电话，注意保护隐私');
    expect(r.findings).toEqual([]);
    expect(r.exemptions.map((x) => x.ruleId)).toContain('off-comment-contact');
  });
});

describe('efficacy claimed as an outcome', () => {
  it('flags skin problems that vanish and pain that is cured at once', () => {
    expect(ids('用了一个月，皱纹完全消失了', 'cosmetics')).toContain('med-outcome-skin');
    expect(ids('脸上的斑一次就没了', 'cosmetics')).toContain('med-outcome-skin');
    expect(ids('腰疼贴一次就好了', 'ordinary')).toContain('med-outcome-pain');
  });

  it('leaves ironing, stains, stock and sympathy alone, and disclaimers too', () => {
    for (const t of ['这件衣服的褶皱熨一次就没了', '污渍一擦就没了', '库存一下子就没了', '心疼大家等了这么久', '不能保证皱纹完全消失，坚持用会有改善', '疼的话要去医院看，这个贴只是热敷']) {
      expect(cats(t, 'ordinary'), t).toEqual([]);
    }
  });
});

describe('superlative titles', () => {
  it('flags titles that claim first place', () => {
    for (const t of ['这就是销量之王', '它是品质天花板', '国货护肤界的爱马仕', '这款是保湿界的扛把子', '销量断层第一']) {
      expect(cats(t), t).toEqual(['absolute']);
    }
  });

  it('leaves traditional epithets and the ceiling of a room alone', () => {
    for (const t of ['榴莲被叫做水果之王', '吸顶灯装在天花板上', '天花板漏水的话可以用这个胶']) expect(cats(t), t).toEqual([]);
  });
});

describe('true, documented and negated statements', () => {
  it('leaves dates, limits and shelf life that use 最 alone', () => {
    for (const t of ['最晚明天发货', '最快后天就能到', '最佳食用期三天，开封后冷藏', '每人最多拍两件', '最早一批预售明天开始发', '最低起订量是一箱']) {
      expect(cats(t), t).toEqual([]);
    }
  });

  it('leaves a comparison with the documented everyday price alone, not one with "everywhere"', () => {
    expect(cats('日常价99，今天直播间59')).toEqual([]);
    expect(cats('比日常价便宜40块')).toEqual([]);
    expect(cats('比全网都便宜')).toEqual(['false_price']);
  });

  it('leaves disclaimers of a food alone', () => {
    for (const t of ['本品不能替代药物', '这是食品，没有治疗作用', '我们不宣传降血压，不能代替药物', '本品没有药效，请勿用于治疗', '不会一次根治，这只是保暖护膝']) {
      expect(cats(t, 'food'), t).toEqual([]);
    }
  });
});

describe('the product class of a line', () => {
  it('is read from the product it names when none is given', () => {
    expect(inferClass(normalizeText('这款面霜能美白祛斑').norm)).toBe('cosmetics');
    expect(inferClass(normalizeText('这个花茶喝了能美白').norm)).toBe('food');
    expect(inferClass(normalizeText('鱼油是保健食品').norm)).toBe('health');
    expect(inferClass(normalizeText('这款美白祛斑').norm)).toBeUndefined();
    // Two classes named: nothing is inferred (every scoped entry applies).
    expect(inferClass(normalizeText('面霜和花茶一起拍').norm)).toBeUndefined();
  });

  it('makes 美白/祛斑 in a face cream a cosmetics claim (特殊化妆品), and in a tea a food claim', () => {
    expect(ids('这款面霜能美白/祛斑')).toEqual(['med-mei-bai-cosmetics', 'med-mei-bai-cosmetics']);
    expect(explainFinding({ ruleId: 'med-mei-bai-cosmetics', category: 'medical_claim' }).reason.zh).toContain('特殊化妆品');
    expect(ids('这个花茶喝了能美白')).toContain('med-mei-bai-food');
    // A class given by the scenario wins over the words.
    expect(ids('这款面霜能美白', 'food')).toContain('med-mei-bai-food');
  });
});

describe('English rooms', () => {
  it('read full-width letters as English and quote them as typed', async () => {
    const { checkEnglishRisks } = await import('../english-risks');
    const f = checkEnglishRisks('add me on ＷｅＣｈａｔ please');
    expect(f.map((x) => [x.category, x.text])).toEqual([['off_platform', 'add me on ＷｅＣｈａｔ']]);
    expect(checkEnglishRisks('message me on weixin').map((x) => x.category)).toEqual(['off_platform']);
    expect(checkEnglishRisks('this jacket is warm and light')).toEqual([]);
  });
});

describe('a script checked line by line', () => {
  it('catches a word cut over two lines, on its first line', async () => {
    const { lintScript } = await import('./script');
    const r = lintScript('家人们\n最\n低价来了\n');
    expect(r.findings.map((f) => [f.line, f.ruleId, f.text])).toEqual([[2, 'abs-zui-di-jia', '最\n低价']]);
    expect(lintScript('好\n的，谢谢大家\n').findings).toEqual([]);
  });

  it('reads the product class from the whole script when none is given', async () => {
    const { lintScript } = await import('./script');
    const r = lintScript('这款面霜主打保湿\n还能美白祛斑\n');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['med-mei-bai-cosmetics', 'med-mei-bai-cosmetics']);
    expect(r.findings[0]!.reason.zh).toContain('特殊化妆品');
  });
});
