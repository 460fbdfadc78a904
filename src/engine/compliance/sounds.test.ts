import { describe, expect, it } from 'vitest';
import lexiconData from './lexicon.json' with { type: 'json' };
import table from './sounds.json' with { type: 'json' };
import { analyzeCompliance } from './index';
import { buildSoundTable, soundTerms } from './sounds.gen';
import { acceptSoundMatch, soundText, SOUND_TABLE_LEXICON, termSpellings } from './sounds';
import { normalizeText } from './normalize';

describe('the syllable table behind sound matching', () => {
  it('is exactly what sounds.gen.ts makes from the current lexicon (regenerate it after a lexicon change)', () => {
    expect(table).toEqual(buildSoundTable(lexiconData));
    expect(SOUND_TABLE_LEXICON).toBe(lexiconData.version);
  });

  it('knows a syllable for every character of every sound-matched term', () => {
    const terms = soundTerms(lexiconData);
    expect(terms.length).toBeGreaterThan(50);
    for (const t of terms) expect(termSpellings(t).length, t).toBeGreaterThan(0);
  });

  it('stays small enough for the live room (under 8,000 characters; about 6 KB gzipped)', () => {
    expect(JSON.stringify(table).length).toBeLessThan(8 * 1024);
  });
});

describe('spelling a term by sound', () => {
  it('writes each character as itself or a homophone, its pinyin, or its initial', () => {
    const spellings = termSpellings('最低价');
    expect(spellings).toContain('zdj');
    expect(spellings).toContain('zuidijia');
    expect(spellings).toContain(soundText('最d价'));
    expect(spellings).toContain(soundText('zui低价'));
    expect(spellings).toHaveLength(15);
    // The syllable form of 最低价 is what the sound text of 醉低价 reads.
    expect(spellings).toContain(soundText('醉低价'));
  });

  it('keeps only uniform spellings of long terms, so the automaton stays small', () => {
    expect(termSpellings('过了这个村就没这个店').length).toBeLessThanOrEqual(3);
    expect(termSpellings('最低到手价').length).toBe(63);
  });

  it('reads nothing by sound in a line with no character of the table and no Latin letter', () => {
    expect(soundText('１２３')).toBeNull();
    expect(soundText('')).toBeNull();
  });
});

describe('accepting a match by sound', () => {
  const accept = (text: string, term: string): boolean => {
    const n = normalizeText(text);
    const spellings = new Set(termSpellings(term));
    const sound = soundText(n.norm) ?? '';
    for (let s = 0; s < sound.length; s++) {
      for (let e = s + 1; e <= sound.length; e++) {
        if (spellings.has(sound.slice(s, e)) && acceptSoundMatch(n.norm, n.map, s, e, term)) return true;
      }
    }
    return false;
  };

  it('takes initials and pinyin that stand as their own word', () => {
    expect(accept('zdj', '最低价')).toBe(true);
    expect(accept('今天zdj', '最低价')).toBe(true);
    expect(accept('I said zdj', '最低价')).toBe(true);
    expect(accept('zui di jia', '最低价')).toBe(true);
  });

  it('refuses letters that are part of a longer word', () => {
    expect(accept('ozdjk', '最低价')).toBe(false);
    expect(accept('zdjx', '最低价')).toBe(false);
  });

  it('needs one character of the word itself among homophones: a sound-alike phrase alone is not enough', () => {
    expect(accept('醉低价', '最低价')).toBe(true);
    expect(accept('罪滴嫁', '最低价')).toBe(false);
    // The word as written is matched by the ordinary terms, not by sound.
    expect(accept('最低价', '最低价')).toBe(false);
  });
});

describe('the checker, by sound', () => {
  it('quotes a pinyin evasion with its spaces, as typed', () => {
    const f = analyzeCompliance('今天是 zui di jia 哦').findings;
    expect(f.map((x) => [x.ruleId, x.text])).toEqual([['abs-zui-di-jia', 'zui di jia']]);
  });

  it('finds homophones, initials and mixtures of a sound-matched term', () => {
    for (const text of ['醉低价', 'ZDJ', '最d价', 'zui低价', '最低j', 'ｚｄｊ']) {
      expect(analyzeCompliance(text).findings.map((x) => x.ruleId), text).toContain('abs-zui-di-jia');
    }
    expect(analyzeCompliance('今天直接跳楼架').findings.map((x) => x.ruleId)).toContain('price-tiao-lou-jia');
  });

  it('leaves real words that share a sound alone', () => {
    for (const text of ['我喝醉了也记得给大家发福利', '这个低价位的款式很适合学生', '这件是XL码', 'USB充电', 'OK的家人们扣个1']) {
      expect(analyzeCompliance(text).findings, text).toEqual([]);
    }
  });
});
