/**
 * Compliance of what the student said, wrote in replies or posted as announcements:
 * every finding of the compliance lexicon (src/engine/compliance, logged as
 * speech.violation) costs points by severity, and a severe one fails the gate. The events
 * carry the rule id; the rule and reason quoted in the evidence come from explain.ts.
 */
import { z } from 'zod';
import { explainFinding } from '../../engine';
import { clock } from '../run-index';
import type { Bilingual, Evidence } from '../types';
import { clamp01, defineCriterion, ev, feedback, omission, plural } from './define';

const CATEGORY: Record<string, Bilingual> = {
  absolute: { zh: '绝对化用语', en: 'absolute claim' },
  off_platform: { zh: '站外引流', en: 'steering buyers off the platform' },
  medical_claim: { zh: '医疗功效宣称', en: 'medical or efficacy claim' },
  false_scarcity: { zh: '虚假稀缺', en: 'false scarcity' },
  false_price: { zh: '虚假价格', en: 'false price claim' },
  inducement: { zh: '诱导', en: 'inducement' },
  insult: { zh: '辱骂', en: 'insult' },
  other: { zh: '其他违规', en: 'other violation' },
};

export const compliance = defineCriterion({
  id: 'compliance',
  title: { zh: '合规：不说违规用语', en: 'Compliance: no prohibited claims' },
  observes: {
    zh: '学生的讲话、回复和公告中每个合规问题（speech.violation：绝对化用语、站外引流、医疗功效、虚假价格和稀缺、诱导、辱骂）按严重度扣分；严重（3级）问题直接判合规门槛不通过。满分需要有足够的讲解量（沉默不算合规表现）。',
    en: "Every compliance finding in the student's speech, replies and announcements (speech.violation: absolute terms, off-platform steering, medical/efficacy claims, false prices and scarcity, inducement, insults) costs points by severity; a severe one (3) fails the compliance gate. Full marks need enough selling speech (silence shows no compliance skill).",
  },
  clauses: ['1x-intermediate:1.4.3', 'imkt-l5:1-3-2', 'platform-l5:1-3-2', 'imkt-l3:2-2-1', '1x-primary:1.2.5', '1x-advanced:2.4.1'],
  params: z.strictObject({
    deductions: z.strictObject({ '1': z.number().min(0).max(1), '2': z.number().min(0).max(1), '3': z.number().min(0).max(1) }).default({ '1': 0.1, '2': 0.25, '3': 0.6 }),
    /**
     * Deducted from the total once per rule broken, by severity (a share of the 100 points): a
     * violation costs in proportion to how serious it is, not only within this criterion.
     */
    sectionPenalty: z.strictObject({ '1': z.number().min(0).max(1), '2': z.number().min(0).max(1), '3': z.number().min(0).max(1) }).default({ '1': 0.01, '2': 0.04, '3': 0.08 }),
    maxPenalty: z.number().min(0).max(1).default(0.25),
    gateSeverity: z.number().int().min(1).max(4).default(3),
    utterancesPerMin: z.number().nonnegative().default(1.5),
    /** At the controller seat the student's words are replies and notices: fewer are expected. */
    controllerLinesPerMin: z.number().nonnegative().default(0.4),
    /**
     * Over which time the speech is expected: the whole run, or (a rehearsal task) the rehearsal
     * segment's planned length from when it started, the writing time before it left out.
     */
    speechOver: z.enum(['run', 'rehearsal']).default('run'),
  }),
  evaluate(run, p) {
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    // The student's words: their own speech (not the scripted host's), replies and announcements.
    const own = (id: number | undefined) => {
      const src = id !== undefined ? run.byId.get(id) : undefined;
      return !src || src.type !== 'host.say' || src.source !== 'script';
    };
    const found = run.of('speech.violation').filter((v) => own(v.refs?.[0]));
    let deduct = 0;
    let penalty = 0;
    const rulesSeen = new Set<string>();
    const gateHits = found.filter((v) => v.severity >= p.gateSeverity);
    const byCat = new Map<string, number>();
    for (const v of found) {
      deduct += p.deductions[String(v.severity) as '1' | '2' | '3'];
      // The total is docked once per rule broken (its worst finding); repeats cost within the criterion.
      if (!rulesSeen.has(v.ruleId)) {
        rulesSeen.add(v.ruleId);
        penalty += p.sectionPenalty[String(v.severity) as '1' | '2' | '3'];
      }
      byCat.set(v.category, (byCat.get(v.category) ?? 0) + 1);
      const cat = CATEGORY[v.category] ?? CATEGORY.other;
      const x = explainFinding(v);
      evidence.push(ev(v, false, `${clock(v.t)} ${cat.zh}（严重度${v.severity}）：${x.reason.zh}依据：${x.rule}`, `${clock(v.t)} ${cat.en} (severity ${v.severity}): ${x.reason.en} Rule: ${x.rule}`, v.text));
    }
    for (const [cat, n] of [...byCat].sort((a, b) => b[1] - a[1])) {
      const c = CATEGORY[cat] ?? CATEGORY.other;
      const sample = found.find((v) => v.category === cat)!;
      const why = explainFinding(sample).reason;
      problems.push({ zh: `${c.zh}${n}次（如「${sample.text}」）：${why.zh}`, en: `${c.en} ${plural(n, 'time')} (e.g. "${sample.text}"): ${why.en}` });
    }
    for (const w of run.of('platform.warning').slice(0, 5)) evidence.push(ev(w, false, '平台警告', 'Platform warning', w.reason));
    // Enough speech to show the skill: a host must sell; a controller's words are its replies and announcements.
    const host = run.scenario.meta.seat === 'host';
    const words =
      run.of('host.say').filter((s) => s.heard && s.source !== 'script').length + run.of('comment.replied').length + run.of('room.announcement').length;
    // Expected speech over the run, less a minute after each stream drop (fixed, so that a host
    // who leaves the stream down gains nothing by it).
    let spokenMs = run.endMs;
    if (p.speechOver === 'rehearsal') {
      const start = run.of('segment.start').find((e) => e.product !== undefined);
      spokenMs = start ? Math.max(0, Math.min(run.endMs, start.t + start.plannedMs) - start.t) : 0;
    }
    const minutes = Math.max(0, spokenMs - 60000 * run.of('room.interrupted').length) / 60000;
    const expected = minutes * (host ? p.utterancesPerMin : p.controllerLinesPerMin);
    const volume = expected > 0 ? clamp01(words / expected) : words > 0 ? 1 : 0;
    if (volume < 1) evidence.push(omission(run, 0, run.endMs, `全场只有${words}句讲话、回复和公告，至少需要约${Math.ceil(expected)}句才能体现合规表达`, `only ${words} lines of speech, replies and notices all run; about ${Math.ceil(expected)} are needed to show compliant wording`));
    if (volume < 1 && found.length === 0) {
      problems.push(
        host
          ? { zh: `讲解太少（${words}句），无法体现合规表达能力`, en: `too little speech (${words} lines) to show compliant selling` }
          : { zh: `回复和公告太少（${words}条），无法体现合规意识`, en: `too few replies and notices (${words}) to show compliant wording` },
      );
    }
    if (found.length === 0) {
      const last = [...run.of('host.say').filter((s) => s.heard && s.source !== 'script'), ...run.of('comment.replied'), ...run.of('room.announcement')].sort((a, b) => a.t - b.t).pop();
      if (last) evidence.push(ev(last, true, `全场${words}句讲话、回复和公告都没有违规（这是最后一句）`, `${words} lines of speech, replies and notices, none flagged (this is the last)`, run.textOf(last)));
    }
    penalty = Math.min(p.maxPenalty, penalty);
    if (penalty > 0) problems.push({ zh: `${found.length}处违规，按违规种类和严重程度另扣总分${Math.round(penalty * 1000) / 10}分`, en: `${plural(found.length, 'violation')}: a further ${Math.round(penalty * 1000) / 10} points off the total, by rule broken and severity` });
    const failed = gateHits.length > 0;
    return {
      applicable: true,
      fraction: clamp01(volume - deduct),
      penalty,
      evidence,
      feedback: feedback(problems, { zh: '全场没有违规用语', en: 'No prohibited claims all stream' }),
      gate: {
        failed,
        reason: failed
          ? { zh: `有${gateHits.length}处严重违规（如「${gateHits[0].text}」），合规门槛不通过`, en: `${plural(gateHits.length, 'severe violation')} (e.g. "${gateHits[0].text}"): the compliance gate fails` }
          : { zh: '没有严重违规', en: 'No severe violation' },
        evidence: gateHits.map((v) => {
          const why = explainFinding(v).reason;
          return ev(v, false, `严重违规：${why.zh}`, `Severe: ${why.en}`, v.text);
        }),
      },
      details: { findings: found.length, severe: gateHits.length, utterances: words },
    };
  },
});
