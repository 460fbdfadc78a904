import { describe, expect, it } from 'vitest';
import { TRADITIONAL_TABLE_SIZE, foldForOffPlatform, normalizeText, originalCharEnd } from './normalize';

/** Reconstructs, for each normalised char, the original character it came from. */
function sources(text: string): string[] {
  const { map } = normalizeText(text);
  return map.map((i) => text.slice(i, originalCharEnd(text, i)));
}

describe('normalising what the host said', () => {
  it('removes spaces, punctuation and emoji inserted between characters', () => {
    expect(normalizeText('全 网 最 低 价！').norm).toBe('全网最低价');
    expect(normalizeText('最👍🏽好').norm).toBe('最好');
    expect(normalizeText('加✨V✨信').norm).toBe('加v信');
    expect(normalizeText('顶\u200b级\ufe0f面\u200d料').norm).toBe('顶级面料');
    expect(normalizeText('👨‍👩‍👧最佳').norm).toBe('最佳');
  });

  it('turns full-width letters and digits into ordinary lowercase ones', () => {
    expect(normalizeText('ＴＯＰ１　ＮＯ．１').norm).toBe('top1no1');
    expect(normalizeText('ABC').norm).toBe('abc');
  });

  it('turns traditional characters into simplified ones', () => {
    expect(normalizeText('國家級醫療價格').norm).toBe('国家级医疗价格');
    expect(normalizeText('絕對銷量第一，治癒').norm).toBe('绝对销量第一治愈');
    expect(TRADITIONAL_TABLE_SIZE).toBeGreaterThanOrEqual(300);
  });

  it('reads circled digits, Kangxi radicals and styled letters as plain ones', () => {
    expect(normalizeText('①③⑧').norm).toBe('138');
    expect(normalizeText('⼀').norm).toBe('一');
    expect(normalizeText('𝐯𝐱').norm).toBe('vx');
    expect(normalizeText('café').norm).toBe('cafe');
  });

  it('keeps digits, letters and Chinese characters and drops lone surrogates', () => {
    expect(normalizeText('a1最\ud800b\udc00').norm).toBe('a1最b');
    expect(normalizeText('𠀀字').norm).toBe('𠀀字');
  });

  it('remembers where every character came from in the original text', () => {
    const text = '全 网 最 低 價！';
    expect(normalizeText(text).map).toEqual([0, 2, 4, 6, 8]);
    expect(sources('最👍🏽好')).toEqual(['最', '好']);
    expect(sources('ＴＯＰ')).toEqual(['Ｔ', 'Ｏ', 'Ｐ']);
  });

  it('returns empty results for empty or symbol-only text', () => {
    expect(normalizeText('')).toEqual({ norm: '', map: [] });
    expect(normalizeText('！！！😀😀 ').norm).toBe('');
  });
});

describe('folding contact-detail tricks (used only for off-platform steering)', () => {
  const fold = (t: string): string => foldForOffPlatform(normalizeText(t), t).norm;

  it('reads 薇信, 威信, V信, VX, wx, weixin and wechat as 微信', () => {
    expect(fold('加薇信')).toBe('加微信');
    expect(fold('加威❤信')).toBe('加微信');
    expect(fold('V信')).toBe('微信');
    expect(fold('加VX')).toBe('加微信');
    expect(fold('wx')).toBe('微信');
    expect(fold('wei xin')).toBe('微信');
    expect(fold('WeChat')).toBe('微信');
  });

  it('reads 扣扣 as qq and a plus sign before v or qq as 加', () => {
    expect(fold('扣扣号')).toBe('qq号');
    expect(fold('+V 888')).toBe('加v888');
    expect(fold('＋ｑｑ')).toBe('加qq');
  });

  it('reads a phone number spoken in Chinese numerals as digits', () => {
    expect(fold('幺三八 一二三四 五六七八')).toBe('13812345678');
    expect(fold('电话一三九八七六五四三二一')).toBe('电话13987654321');
    expect(fold('138o1234o678')).toBe('138012340678');
  });

  it('leaves short runs of Chinese numerals alone', () => {
    expect(fold('一二三上链接')).toBe('一二三上链接');
    expect(fold('二〇二六年')).toBe('二〇二六年');
  });

  it('keeps the link back to the original text when characters are merged', () => {
    const text = 'jia wo wei xin';
    const f = foldForOffPlatform(normalizeText(text), text);
    expect(f.norm).toBe('加我微信');
    expect(f.map[0]).toBe(0);
    expect(f.mapEnd?.[3]).toBe(text.length);
  });
});
