import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import sentences from '../../../tests/fixtures/compliance/labelled-sentences.json' with { type: 'json' };
import lexiconData from './lexicon.json' with { type: 'json' };
import lexiconTextData from './lexicon-text.json' with { type: 'json' };
import { lexiconText } from './explain';
import { parseLexiconText, textProblems } from './lexicon-text.schema';
import { analyzeCompliance, lexiconEntries, type ComplianceClass } from './index';
import { requiredChars } from './check';
import { COMPLIANCE_CATEGORIES, parseLexicon } from './lexicon.schema';
import { foldForOffPlatform, normalizeText } from './normalize';

/** A valid entry to start broken variants from. */
const goodEntry = {
  id: 'abs-test-entry',
  category: 'absolute',
  severity: 2,
  match: { terms: ['最最最'] },
};
const goodText = { rule: '广告法 第九条第三项', source: 'test', reason: { zh: '测试', en: 'test' } };
/** The examples written for each entry (in lexicon-text.json). */
const examplesOf = (id: string): string[] => lexiconText(id)?.examples ?? [];
const lexiconWith = (entry: Record<string, unknown>) => ({ version: 'test', entries: [entry] });

describe('the banned-word lexicon', () => {
  it('is versioned and has at least 170 entries covering every category', () => {
    expect(lexiconData.version).toBe('2026.12-2');
    const entries = lexiconEntries();
    expect(entries.length).toBeGreaterThanOrEqual(170);
    for (const c of COMPLIANCE_CATEGORIES) {
      expect(entries.filter((e) => e.category === c).length, c).toBeGreaterThanOrEqual(5);
    }
  });

  it('cites a rule, a source, a reason and a suggestion in both languages for every entry', () => {
    for (const e of lexiconEntries()) {
      const t = lexiconText(e.id);
      expect(t, e.id).toBeDefined();
      expect(t!.rule.length, e.id).toBeGreaterThan(0);
      expect(t!.source.length, e.id).toBeGreaterThan(0);
      expect(t!.reason.zh.length * t!.reason.en.length, e.id).toBeGreaterThan(0);
      expect(t!.suggestion?.zh.length ?? 0, e.id).toBeGreaterThan(0);
    }
  });

  it('has text for exactly the entries of lexicon.json, with one reason per exemption', () => {
    expect(textProblems(parseLexicon(lexiconData), parseLexiconText(lexiconTextData))).toEqual([]);
    const lex = parseLexicon(lexiconData);
    expect(Object.keys(parseLexiconText(lexiconTextData).rules)).toEqual(lex.entries.map((e) => e.id));
  });

  it('says which entry is out of step when the two files disagree', () => {
    const lex = parseLexicon({ version: 't', entries: [{ ...goodEntry, exemptions: [{ regex: '最最最好' }] }, { ...goodEntry, id: 'abs-only-here' }] });
    const text = parseLexiconText({ rules: { 'abs-test-entry': goodText, 'abs-only-text': goodText } });
    expect(textProblems(lex, text)).toEqual([
      'entry "abs-test-entry" has 1 exemptions in lexicon.json but 0 reasons in lexicon-text.json',
      'entry "abs-only-here" is in lexicon.json but has no text in lexicon-text.json',
      'entry "abs-only-text" is in lexicon-text.json but not in lexicon.json',
    ]);
    expect(() => parseLexiconText({ rules: { 'abs-x': { ...goodText, reason: { zh: '只有中文' } } } })).toThrow(/abs-x.*reason\.en/);
  });

  it('catches every example sentence written into the lexicon with that very entry', () => {
    for (const e of lexiconEntries()) {
      expect(examplesOf(e.id).length, e.id).toBeGreaterThan(0);
      const cls = e.appliesTo?.[0] as ComplianceClass | undefined;
      for (const ex of examplesOf(e.id)) {
        const ids = analyzeCompliance(ex, cls ? { complianceClass: cls } : undefined).findings.map((f) => f.ruleId);
        expect(ids, `${e.id}: ${ex}`).toContain(e.id);
      }
    }
  });

  it('lists longer words first inside a group of alternatives, so the quoted span is complete', () => {
    // JavaScript takes the first alternative that fits: "(最低|最低价)" would quote only "最低".
    const plainWords = /^[^()[\]{}?*+|\\.^$]+$/;
    for (const e of lexiconEntries()) {
      const sources = [e.match.regex, ...(e.exemptions ?? []).map((x) => x.regex)].filter((x): x is string => !!x);
      for (const src of sources) {
        // Innermost groups, plus the whole pattern when it has no groups at all.
        const groups = [...src.matchAll(/\((?:\?(?::|<hit>|=|!))?([^()]*)\)/g)].map((m) => m[1]!);
        if (!src.includes('(')) groups.push(src);
        for (const group of groups) {
          const words = group.split('|');
          if (words.length < 2 || !words.every((w) => plainWords.test(w))) continue;
          words.forEach((w, i) =>
            words.slice(i + 1).forEach((later) => expect(later.startsWith(w), `${e.id}: "${w}" before "${later}"`).toBe(false)),
          );
        }
      }
    }
  });

  it('treats every kind of off-platform steering as severe', () => {
    for (const e of lexiconEntries().filter((x) => x.category === 'off_platform')) expect(e.severity, e.id).toBe(3);
  });

  it('treats medical claims and insults as at least major, with one documented exception', () => {
    const minor = lexiconEntries()
      .filter((e) => (e.category === 'medical_claim' || e.category === 'insult') && e.severity < 2)
      .map((e) => e.id);
    // Acne claims are a permitted cosmetic efficacy when backed by an efficacy evaluation.
    expect(minor).toEqual(['med-qu-dou-cosmetics']);
  });
});

describe('a broken lexicon is refused at load time', () => {
  it('accepts the valid test entry', () => {
    expect(parseLexicon(lexiconWith(goodEntry)).entries).toHaveLength(1);
  });

  it('names the entry id and the field when a regex does not compile', () => {
    const broken = { ...goodEntry, id: 'abs-broken-regex', match: { regex: '最(好' } };
    expect(() => parseLexicon(lexiconWith(broken))).toThrow(/abs-broken-regex.*match\.regex/);
  });

  it('names the entry id and the field when a severity is out of range', () => {
    const broken = { ...goodEntry, id: 'med-bad-severity', severity: 5 };
    expect(() => parseLexicon(lexiconWith(broken))).toThrow(/med-bad-severity.*severity/);
  });

  it('names the entry id when the category or product class is unknown', () => {
    expect(() => parseLexicon(lexiconWith({ ...goodEntry, id: 'x-cat', category: 'rude' }))).toThrow(/x-cat.*category/);
    expect(() => parseLexicon(lexiconWith({ ...goodEntry, id: 'x-cls', appliesTo: ['drugs'] }))).toThrow(/x-cls.*appliesTo/);
  });

  it('names the entry id when an exemption is missing its pattern, or carries words for people', () => {
    const broken = { ...goodEntry, id: 'abs-no-regex', exemptions: [{ unless: '最佳食用' }] };
    expect(() => parseLexicon(lexiconWith(broken))).toThrow(/abs-no-regex.*exemptions\[0\]\.regex/);
    // Reasons belong in lexicon-text.json: in lexicon.json they would ship with the engine.
    const wordy = { ...goodEntry, id: 'abs-wordy', reason: { zh: '测试', en: 'test' } };
    expect(() => parseLexicon(lexiconWith(wordy))).toThrow(/abs-wordy/);
  });

  it('refuses a pattern that matches empty text, a term that is only punctuation, and both terms and regex', () => {
    expect(() => parseLexicon(lexiconWith({ ...goodEntry, id: 'e1', match: { regex: '(最)?' } }))).toThrow(/e1.*empty string/);
    expect(() => parseLexicon(lexiconWith({ ...goodEntry, id: 'e2', match: { terms: ['！！'] } }))).toThrow(/e2.*match\.terms\[0\]/);
    expect(() => parseLexicon(lexiconWith({ ...goodEntry, id: 'e3', match: { terms: ['a'], regex: 'b' } }))).toThrow(/e3.*match/);
  });

  it('refuses a group repeated without a bound, which could make matching exponentially slow', () => {
    const broken = { ...goodEntry, id: 'off-slow', match: { regex: '加(我|我的|的)*微信' } };
    expect(() => parseLexicon(lexiconWith(broken))).toThrow(/off-slow.*match\.regex.*without a bound/);
  });

  it('refuses two entries with the same id and a missing id', () => {
    const twice = { version: 'test', entries: [goodEntry, goodEntry] };
    expect(() => parseLexicon(twice)).toThrow(/abs-test-entry.*duplicate/);
    const { id: _unused, ...noId } = goodEntry;
    expect(() => parseLexicon(lexiconWith(noId))).toThrow(/#0.*id/);
  });

  it('refuses data that is not a lexicon at all', () => {
    expect(() => parseLexicon(null)).toThrow(/Invalid compliance lexicon/);
    expect(() => parseLexicon({ version: '1' })).toThrow(/entries/);
  });
});

describe('the speed-up that skips patterns whose characters are absent', () => {
  it('never skips a pattern that would have matched (checked on all examples and sentences)', () => {
    const texts = [
      ...lexiconEntries().flatMap((e) => examplesOf(e.id)),
      ...(sentences as Array<{ text: string }>).map((s) => s.text),
    ];
    const views = texts.flatMap((t) => {
      const base = normalizeText(t);
      return [base.norm, foldForOffPlatform(base, t).norm];
    });
    for (const e of lexiconEntries()) {
      if (!e.match.regex) continue;
      const re = new RegExp(e.match.regex);
      const required = requiredChars(e.match.regex);
      expect(required, e.id).not.toBeNull();
      for (const v of views) {
        if (!re.test(v)) continue;
        const present = [...v].some((ch) => required!.has(ch.charCodeAt(0)));
        expect(present, `${e.id} on ${v}`).toBe(true);
      }
    }
  });

  it('never skips a pattern on random mixtures of pieces of the example sentences', () => {
    const examples = lexiconEntries().flatMap((e) => examplesOf(e.id)).map((t) => normalizeText(t).norm);
    const compiled = lexiconEntries()
      .filter((e) => e.match.regex)
      .map((e) => ({ id: e.id, re: new RegExp(e.match.regex!), required: requiredChars(e.match.regex!)! }));
    const piece = fc
      .tuple(fc.nat(examples.length - 1), fc.nat(20), fc.integer({ min: 1, max: 8 }))
      .map(([i, from, len]) => examples[i]!.slice(from % Math.max(1, examples[i]!.length), (from % Math.max(1, examples[i]!.length)) + len));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const text = pieces.join('');
        for (const c of compiled) {
          if (c.re.test(text)) expect([...text].some((ch) => c.required.has(ch.charCodeAt(0))), `${c.id} on ${text}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('works out the required characters of simple patterns', () => {
    const chars = (src: string) => [...(requiredChars(src) ?? [])].map((c) => String.fromCharCode(c)).sort().join('');
    expect(chars('最好(的|用的)|(效果|质量)(是)?最好')).toBe('最');
    expect(chars('(?:^|[^a-z])(?<hit>sb|nmsl)(?![a-z])')).toBe('ns');
    expect(chars('a?b')).toBe('b');
    expect(requiredChars('.*')).toBeNull();
  });
});
