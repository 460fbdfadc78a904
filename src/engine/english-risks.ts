/**
 * Risky phrases in English speech, for English-language (cross-border) rooms.
 *
 * The compliance lexicon (./compliance) is written for Chinese speech; a host in an English
 * room (1+X 高级 2.4.1, cross-border live selling) needs the same rules applied to English
 * words: no absolute or superlative claims, no steering buyers off the platform, no medical
 * or cure claims for ordinary goods, no insults. These few entries are the engine's stop-gap
 * until the lexicon carries English entries; their findings are logged exactly like the
 * lexicon's (`speech.violation`, rule ids starting `engine-en-`), quoting the original words.
 * Like the lexicon's, their rule, source and reason are presentation: explain.ts holds them.
 *
 * Every pattern needs Latin letters, so Chinese speech never matches.
 */
import type { ComplianceFinding } from './compliance';

interface EnglishRule {
  id: string;
  category: ComplianceFinding['category'];
  severity: 1 | 2 | 3;
  re: RegExp;
}

const RULES: EnglishRule[] = [
  {
    id: 'engine-en-off-platform',
    category: 'off_platform',
    severity: 3,
    re: /\b(add|message|text|dm|ping|contact) me (on|via|at) (wechat|whatsapp|telegram|instagram|line|signal)\b|\b(wechat|weixin|whatsapp|telegram)\b|\bvx\s?\d{3,}|\bdm me\b|\bpay (me )?(directly|by bank transfer|outside)|\b(outside|off) (the|this) (app|platform)\b|\bprivate deal\b/i,
  },
  {
    id: 'engine-en-absolute',
    category: 'absolute',
    severity: 2,
    re: /\b(best|cheapest|lowest price|top quality) (in|on) the (whole )?(world|market|internet|planet)\b|\b(world'?s|the) (best|no\.? ?1|number one)\b|\blowest price (anywhere|ever|online)\b|\bcheapest anywhere\b|\b100 ?% (guaranteed|safe|effective|natural)\b|\bbest quality in the world\b/i,
  },
  {
    id: 'engine-en-medical',
    category: 'medical_claim',
    severity: 3,
    re: /\b(cures?|heals?|treats?|prevents?) (eczema|acne|cancer|diabetes|arthritis|insomnia|colds?|flu|disease|infections?|hair loss)\b|\bmiracle (cure|remedy)\b/i,
  },
  {
    id: 'engine-en-insult',
    category: 'insult',
    severity: 3,
    re: /\b(shut up|idiot|moron|stupid|loser|get (lost|out of my (stream|room)))\b/i,
  },
];

/** Findings for the English rules in `text` (empty for Chinese text). */
export function checkEnglishRisks(text: string): ComplianceFinding[] {
  // Full-width letters (ＷｅＣｈａｔ) read as ASCII; one code unit for one, so spans stay put.
  const plain = /[\uff01-\uff5e]/.test(text) ? text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)) : text;
  if (!/[a-z]{2}/i.test(plain)) return [];
  const out: ComplianceFinding[] = [];
  for (const r of RULES) {
    const m = r.re.exec(plain);
    if (!m) continue;
    out.push({ ruleId: r.id, category: r.category, severity: r.severity, text: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length });
  }
  return out;
}
