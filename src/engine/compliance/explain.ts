/**
 * The words behind a compliance finding: the rule and its source, why it is a problem, and a
 * compliant rewrite, in Chinese and English.
 *
 * The checker (check.ts) and the engine's `speech.violation` events carry only what was found
 * (rule id, category, severity, the quoted words and their span). What a person reads about a
 * finding is presentation and lives here, with lexicon-text.json, so it does not weigh on the
 * live room: the scoring report, the CLI `lint`, the script-check page and lintScript import
 * this module; the live room's console loads it lazily (dynamic import) and shows the
 * category until it arrives.
 *
 * Covers the lexicon's entries (lexicon-text.json), the engine's own rules (`engine-en-*` from
 * english-risks.ts, `engine-false-anchor`, `engine-false-scarcity`, whose reasons quote the
 * values in the event's `params`) and, for any other id, a reason by category.
 */
import textData from './lexicon-text.json' with { type: 'json' };
import type { Bilingual, ComplianceCategory, ComplianceExemption, ComplianceFinding } from './check';
import { parseLexiconText, type RuleText } from './lexicon-text.schema';

export interface Explanation {
  /** Short citation, e.g. "广告法 第九条第三项". */
  rule: string;
  /** The full source of the rule. */
  source: string;
  reason: Bilingual;
  suggestion?: Bilingual;
}
export type ExplainedFinding = ComplianceFinding & Explanation;
export type ExplainedExemption = ComplianceExemption & { reason: Bilingual };
export interface ExplainedReport {
  findings: ExplainedFinding[];
  exemptions: ExplainedExemption[];
}

/** What explainFinding needs: a finding, or a `speech.violation` event. */
export interface FindingRef {
  ruleId: string;
  category: ComplianceCategory;
  /** Values quoted in the reason of the engine's fact rules (e.g. `stated`, `actual`). */
  params?: Readonly<Record<string, number>>;
}

// Parsed on first use: importing this module does nothing, so a bundle that never explains a finding drops it.
let parsed: ReturnType<typeof parseLexiconText> | undefined;
const text = () => (parsed ??= parseLexiconText(textData));

/** The text of a lexicon entry (undefined for ids not in the lexicon). */
export function lexiconText(ruleId: string): RuleText | undefined {
  return Object.prototype.hasOwnProperty.call(text().rules, ruleId) ? text().rules[ruleId] : undefined;
}

/** Every lexicon entry's text, by id (for tests and coverage reports). */
export function lexiconTexts(): Readonly<Record<string, RuleText>> {
  return text().rules;
}

const AD_LAW_9 = { rule: '广告法 第九条第三项', source: '《中华人民共和国广告法》第九条第三项（不得使用“国家级”“最高级”“最佳”等用语）' };
const AD_LAW_17 = { rule: '广告法 第十七条', source: '《广告法》第十七条（非医疗类商品不得涉及疾病治疗功能、不得使用医疗用语）' };
const LIVE_RULES = { rule: '网络直播营销管理办法(试行) 第十八条', source: '《网络直播营销管理办法(试行)》第十八条；平台社区规范' };
const PRICE_LAW = { rule: '价格法 第十四条第(四)项', source: '《价格法》第十四条第(四)项；《明码标价和禁止价格欺诈规定》(2022)' };
const UNFAIR = { rule: '反不正当竞争法 第八条', source: '《反不正当竞争法》第八条（虚假或引人误解的商业宣传）；《网络直播营销管理办法(试行)》第十八条' };

/** For rule ids this module does not know: what the category means. */
const BY_CATEGORY: Record<ComplianceCategory, Explanation> = {
  absolute: { ...AD_LAW_9, reason: { zh: '绝对化用语：无法证明的“最”“第一”“全网”类宣称。', en: 'An absolute claim ("best", "No. 1", "lowest anywhere") that cannot be proved.' } },
  off_platform: { ...LIVE_RULES, reason: { zh: '引导用户脱离平台私下联系或交易，平台严禁。', en: 'Steering buyers off the platform is banned by every platform.' } },
  medical_claim: { ...AD_LAW_17, reason: { zh: '普通商品宣称治疗、预防疾病或医疗功效。', en: 'An ordinary product claimed to treat or prevent disease, or to have a medical effect.' } },
  false_scarcity: { ...UNFAIR, reason: { zh: '无法证实的稀缺或紧迫宣传。', en: 'Scarcity or urgency that is not (or cannot be shown to be) true.' } },
  false_price: { ...PRICE_LAW, reason: { zh: '虚构原价、虚假降价或无法证实的价格比较。', en: 'An invented reference price, a false reduction or an unprovable price comparison.' } },
  inducement: { ...LIVE_RULES, reason: { zh: '诱导消费、诱导互动或虚假评价。', en: 'Pressure to buy, rewards for interaction or fake reviews.' } },
  insult: { ...LIVE_RULES, reason: { zh: '辱骂、威胁观众。', en: 'Insulting or threatening viewers.' } },
  other: { rule: '广告法; 网络直播营销管理办法(试行)', source: '《中华人民共和国广告法》；《网络直播营销管理办法(试行)》', reason: { zh: '可能违反广告或直播营销规定的说法。', en: 'Wording that may break the advertising or live-commerce rules.' } },
};

const yuan = (fen: number | undefined): string => (fen === undefined ? '?' : (fen / 100).toFixed(2));
const US_LAW = '全国人大常委会; U.S. Federal Trade Commission';

/** The engine's own rules (speech-effects.ts, english-risks.ts). */
const ENGINE_RULES: Record<string, (p: Readonly<Record<string, number>>) => Explanation> = {
  'engine-false-anchor': (p) => ({
    rule: '价格违法行为行政处罚规定 第七条; 明码标价和禁止价格欺诈规定 第十九条',
    source: '国家市场监督管理总局',
    reason: {
      zh: `所说原价高于商品实际划线价 ${yuan(p['listPrice'])} 元，构成虚构原价。`,
      en: `The stated original price is above the real list price (${yuan(p['listPrice'])}): a false price anchor.`,
    },
    suggestion: { zh: '只说商品真实的划线价。', en: 'Quote only the real list price.' },
  }),
  'engine-false-scarcity': (p) => ({
    rule: '反不正当竞争法 第八条; 网络直播营销管理办法(试行) 第十八条',
    source: '全国人大常委会; 国家互联网信息办公室等七部门',
    reason: {
      zh: `声称只剩 ${p['stated'] ?? '?'} 件，实际库存 ${p['actual'] ?? '?'} 件，属于虚假紧迫感。`,
      en: `Claimed only ${p['stated'] ?? '?'} left while ${p['actual'] ?? '?'} are in stock: false scarcity.`,
    },
    suggestion: { zh: '按真实库存说。', en: 'Say the real stock.' },
  }),
  'engine-en-off-platform': () => ({
    rule: '网络直播营销管理办法(试行) 第十八条; platform rules on off-platform transactions',
    source: '国家互联网信息办公室等七部门; TikTok Shop community guidelines',
    reason: { zh: '引导用户脱离平台私下交易（加微信、私聊付款），平台严禁。', en: 'Steering buyers off the platform (private chat, direct payment) is banned by every platform.' },
    suggestion: { zh: '请观众在直播间下单，有问题找平台客服。', en: 'Ask viewers to order in the live room and contact the shop through the platform.' },
  }),
  'engine-en-absolute': () => ({
    rule: '广告法 第九条第三项 (absolute terms); FTC Act §5 (deceptive claims)',
    source: US_LAW,
    reason: { zh: '使用“全世界最好”“全网最低价”等绝对化用语。', en: 'Absolute or superlative claims ("best in the world", "lowest price anywhere") cannot be proved.' },
    suggestion: { zh: '说具体、可证明的优点。', en: 'Name a specific benefit you can prove.' },
  }),
  'engine-en-medical': () => ({
    rule: '广告法 第十七条 (non-medical goods must not claim to treat disease); FTC Act §12',
    source: US_LAW,
    reason: { zh: '普通商品宣称治疗、预防疾病。', en: 'An ordinary product claimed to treat or prevent a disease.' },
    suggestion: { zh: '删去治疗、预防疾病的说法。', en: 'Remove the claim to treat or prevent disease.' },
  }),
  'engine-en-insult': () => ({
    rule: '网络直播营销管理办法(试行) 第十八条; platform community guidelines (harassment)',
    source: '国家互联网信息办公室等七部门; TikTok community guidelines',
    reason: { zh: '主播辱骂观众。', en: 'The host insulted a viewer.' },
    suggestion: { zh: '冷静回应，或禁言、拉黑。', en: 'Answer calmly, or mute or block the viewer.' },
  }),
};

/** The rule, source, reason and suggestion of a finding (or a `speech.violation` event). */
export function explainFinding(f: FindingRef): Explanation {
  const t = lexiconText(f.ruleId);
  if (t) {
    const out: Explanation = { rule: t.rule, source: t.source, reason: t.reason };
    if (t.suggestion) out.suggestion = t.suggestion;
    return out;
  }
  const engine = Object.prototype.hasOwnProperty.call(ENGINE_RULES, f.ruleId) ? ENGINE_RULES[f.ruleId] : undefined;
  if (engine) return engine(f.params ?? {});
  return BY_CATEGORY[f.category] ?? BY_CATEGORY.other;
}

const NO_REASON: Bilingual = { zh: '此处用法合规。', en: 'A lawful use here.' };

/** Why an exemption applies. */
export function explainExemption(x: Pick<ComplianceExemption, 'exemptionOf' | 'exemption'>): Bilingual {
  return lexiconText(x.exemptionOf)?.exemptions?.[x.exemption] ?? NO_REASON;
}

/** A finding with its explanation (fields of the finding win over nothing: it only adds). */
export function withExplanation<F extends FindingRef>(f: F): F & Explanation {
  return { ...f, ...explainFinding(f) };
}

/** A report of analyzeCompliance with the words for people: what scripts and reports show. */
export function withExplanations(report: { findings: readonly ComplianceFinding[]; exemptions: readonly ComplianceExemption[] }): ExplainedReport {
  return {
    findings: report.findings.map((f) => withExplanation(f)),
    exemptions: report.exemptions.map((x) => ({ ...x, reason: explainExemption(x) })),
  };
}
