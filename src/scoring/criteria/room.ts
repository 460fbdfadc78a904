/**
 * The room: viewers' questions, negative comments and trolls, newcomers, likes and
 * shares, and reacting to what the numbers do.
 */
import { z } from 'zod';
import type { SimEvent } from '../../engine';
import { clock, secs, type RunIndex } from '../run-index';
import type { Bilingual, Evidence } from '../types';
import { NOT_APPLICABLE, clamp01, defineCriterion, ev, feedback, graded, mean, omission, plural, wmean } from './define';

export const questionsAnswered = defineCriterion({
  id: 'questions-answered',
  title: { zh: '观众提问都答了、答对了、在离开前答', en: "Every viewer's question answered, correctly, before they left" },
  observes: {
    zh: '每条观众提问（comment，kind=question）：是否有回答（question.answered）、是否正确、是否在 N 秒内；观众自发的提问还要在提问者离开（viewer.leave）之前。脚本提问按双倍计，只看答得快不快（提问者何时离开是偶然的）。',
    en: "Each viewer question (comment, kind question): answered (question.answered), correctly, within N s; a viewer's own question also before the asker left (viewer.leave). Scripted questions count double and are judged on time alone (when their asker leaves is chance).",
  },
  clauses: ['1x-primary:2.4.3', 'imkt-l3:2-2-3', 'platform-l5:2-2-1', 'platform-l4:2-2-2', '1x-intermediate:2.3.3', 'imkt-l4:2-2-1', 'imkt-l5:2-2-1', '1x-advanced:2.4.1'],
  params: z.strictObject({
    withinSec: z.number().positive().default(20),
    lateSec: z.number().positive().default(90),
    slowCredit: z.number().min(0).max(1).default(0.5),
    scriptedWeight: z.number().min(1).default(2),
    /** Viewers' own questions whose askers leave sooner than this were never answerable: they do not count (scripted ones always do). */
    minWaitSec: z.number().nonnegative().default(10),
    /**
     * Viewers' own (unscripted) questions expected to be answered, per minute of the run: a fixed
     * count, so that the denominator never depends on how many questions the host's audience
     * happened to ask (answering well brings more questions; that must never lower the score).
     */
    organicPerMin: z.number().nonnegative().default(0.15),
  }),
  evaluate(run, p) {
    // Opportunities that do not depend on the host: every scripted question (hidden by the
    // student's own filter or mute, it counts unanswered), plus a fixed number of the viewers' own.
    const qs = run.of('comment').filter((c) => {
      if (c.kind !== 'question' || !c.product || !c.fact || (c.hidden && !c.scripted)) return false;
      if (c.scripted) return true;
      const left = run.leftAfter(c.viewer, c.t);
      return left === undefined || left - c.t >= p.minWaitSec * 1000;
    });
    const expectedOrganic = Math.floor(p.organicPerMin * (run.durationMs / 60000));
    const scriptedCount = qs.filter((q) => q.scripted).length;
    if (scriptedCount === 0 && expectedOrganic === 0) return NOT_APPLICABLE('本场没有脚本提问。', 'The scenario scripts no viewer question.');
    const answers = new Map<number, SimEvent<'question.answered'>>();
    for (const a of run.of('question.answered')) if (!answers.has(a.comment)) answers.set(a.comment, a);
    const good: Evidence[] = [];
    const bad: Evidence[] = [];
    const problems: Bilingual[] = [];
    const slow: SimEvent<'comment'>[] = [];
    const missed: SimEvent<'comment'>[] = [];
    let answered = 0;
    let correct = 0;
    let wrong = 0;
    let afterLeft = 0;
    const items = qs.map((q) => {
      const w = q.scripted ? p.scriptedWeight : 1;
      const a = answers.get(q.id);
      const left = run.leftAfter(q.viewer, q.t);
      const fact = run.scenario.products.find((x) => x.id === q.product)?.facts.find((f) => f.key === q.fact);
      if (q.hidden) {
        bad.push(ev(q, false, `${clock(q.t)} 的提问被你的${q.hidden === 'muted' ? '禁言' : '屏蔽词'}挡住了，没人回答`, `Question at ${clock(q.t)} hidden by your ${q.hidden === 'muted' ? 'mute' : 'keyword filter'}, so never answered`, q.text));
        missed.push(q);
        return { v: 0, w, organic: !q.scripted };
      }
      if (!a) {
        bad.push(ev(q, false, `${clock(q.t)} 的提问没有回答`, `Question at ${clock(q.t)} never answered`, q.text));
        missed.push(q);
        return { v: 0, w, organic: !q.scripted };
      }
      answered++;
      const by = a.refs && a.refs.length > 1 ? run.byId.get(a.refs[1]) : undefined;
      const byText = run.textOf(by);
      if (!a.correct) {
        wrong++;
        bad.push(ev(q, false, `${clock(q.t)} 的提问答错了`, `Question at ${clock(q.t)} answered wrongly`, q.text));
        if (by) bad.push(ev(by, false, `回答与商品资料不符，正确答案：${fact?.value ?? ''}`, `The answer did not give the fact: ${fact?.value ?? ''}`, byText));
        problems.unshift({ zh: `「${q.text}」答错了，正确答案是「${fact?.value ?? ''}」，开播前背熟商品资料`, en: `"${q.text}" got a wrong answer; the fact is "${fact?.value ?? ''}": learn the product sheet before going live` });
        return { v: 0, w, organic: !q.scripted };
      }
      // A viewer's own question answered after its asker left helped nobody. A scripted question
      // is judged on time alone: when its asker happens to leave is the audience's chance, the
      // same question for every student, and a prompt answer still reaches the whole room.
      if (left !== undefined && a.t > left && !q.scripted) {
        afterLeft++;
        bad.push(ev(q, false, `提问者${secs(left - q.t)}秒后离开，答复来得太晚`, `The asker left after ${secs(left - q.t)} s, before the answer came`, q.text));
        slow.push(q);
        return { v: 0, w, organic: !q.scripted };
      }
      correct++;
      const lat = a.t - q.t;
      const v = graded(lat, p.withinSec, p.lateSec, p.slowCredit);
      if (v < 1) slow.push(q);
      good.push(ev(q, v === 1, `${clock(q.t)} 提问，${secs(lat)}秒后答对`, `Asked at ${clock(q.t)}, answered correctly after ${secs(lat)} s`, q.text));
      if (by && good.length <= 24) good.push(ev(by, v === 1, '正确的回答', 'The correct answer', byText));
      return { v, w, organic: !q.scripted };
    });
    const organicCredit = items.filter((x) => x.organic).reduce((t, x) => t + x.v, 0);
    if (organicCredit < expectedOrganic) {
      bad.push(omission(run, 0, run.endMs, `观众自发的提问按时答对的折合${Math.round(organicCredit * 10) / 10}个，本场应至少答好${expectedOrganic}个（${p.organicPerMin}个/分钟）`, `the viewers' own questions answered well came to ${Math.round(organicCredit * 10) / 10}; at least ${expectedOrganic} are expected in this run (${p.organicPerMin} a minute)`));
    }
    if (missed.length > 0) {
      const q = missed.find((x) => x.scripted) ?? missed[0];
      const fact = run.scenario.products.find((x) => x.id === q.product)?.facts.find((f) => f.key === q.fact);
      problems.push({ zh: `${missed.length}个提问没有回答（如${clock(q.t)}「${q.text}」，答案是「${fact?.value ?? ''}」）：开播前熟记商品资料，边讲边看公屏`, en: `${plural(missed.length, 'question')} went unanswered (e.g. "${q.text}" at ${clock(q.t)}; the answer: ${fact?.value ?? ''}): learn the product sheet and keep an eye on the comments` });
    }
    if (slow.length > 0) problems.push({ zh: `${slow.length}个提问回答得太慢（如「${slow[0].text}」），${p.withinSec}秒内回复，别让观众等到离开`, en: `${plural(slow.length, 'question')} answered too slowly (e.g. "${slow[0].text}"); reply within ${p.withinSec} s, before the asker gives up` });
    return {
      applicable: true,
      fraction: answerShare(items, p.scriptedWeight * scriptedCount, expectedOrganic),
      evidence: [...bad.slice(0, 30), ...good.filter((e) => !e.good), ...good.filter((e) => e.good).slice(0, 24)],
      feedback: feedback(problems, { zh: '观众的提问都及时答对了，保持', en: 'Every question got a prompt, correct answer; keep it up' }),
      details: { questions: qs.length, scripted: scriptedCount, expectedOrganic, answered, correct, wrong, afterLeft, slow: slow.length - afterLeft },
    };
  },
});

/**
 * Share earned: the scripted questions at their weight, plus the viewers' own questions' credit
 * up to a fixed expected count, over (scripted weight + that count). Host-independent denominator:
 * a good answer never lowers it, and an unasked question never raises it.
 */
function answerShare(items: { v: number; w: number; organic: boolean }[], scriptedWeight: number, expectedOrganic: number): number {
  const scripted = items.filter((x) => !x.organic).reduce((s, x) => s + x.v * x.w, 0);
  const organic = items.filter((x) => x.organic).reduce((s, x) => s + x.v, 0);
  const den = scriptedWeight + expectedOrganic;
  return den > 0 ? clamp01((scripted + Math.min(expectedOrganic, organic)) / den) : 0;
}

export const negativeComments = defineCriterion({
  id: 'negative-comments',
  title: { zh: '负面评论和黑粉：冷静回应或禁言，绝不骂人', en: 'Negative comments and trolls: a calm reply or a mute, never an insult' },
  observes: {
    zh: '每个黑粉（可见的 troll 评论）N 秒内被禁言、拉黑、屏蔽词过滤或被冷静回复；每条投诉有冷静回复（回复只算被回复的那条），或不久后向全场的售后、致歉说明；质量投诉（quality_complaint）按时处理（incident.handled）；每次辱骂（speech.violation，insult）扣分。离结束不到 N 秒才出现、没有回应的不计（来不及回应）。脚本安排的按双倍计；观众自发的负面评论多少是偶然的，漏掉一条扣的比例至少按本场时长应有的条数来算。',
    en: 'Each troll (visible troll comments) muted, blocked, filtered or calmly answered within N s; each complaint answered calmly (a reply counts for the comment it replies to only), or soon after with an after-sales offer or apology to the room; a quality complaint (quality_complaint) handled in time (incident.handled); each insult (speech.violation, insult) costs points. One that came less than N s before the end and got no answer does not count (there was no time). Scripted ones count double; how many negative comments the viewers send of their own accord is chance, so one left alone costs its share of at least the number a run this long is expected to bring.',
  },
  clauses: ['1x-primary:2.4.4', 'imkt-l3:2-2-1', 'imkt-l5:3-1-2', 'platform-l5:2-2-1', 'platform-l5:2-2-2', 'platform-l4:2-2-1', '1x-intermediate:2.2.3', 'imkt-l4:1-3-2', '1x-advanced:1.3.3', '1x-advanced:3.2.3'],
  params: z.strictObject({
    withinSec: z.number().positive().default(20),
    lateSec: z.number().positive().default(120),
    lateCredit: z.number().min(0).max(1).default(0.5),
    insultPenalty: z.number().min(0).max(1).default(0.5),
    incidentWeight: z.number().min(1).default(3),
    /**
     * The viewers' own negative comments (not scripted, not an incident's) that a run is expected
     * to bring, per minute: the least the criterion's denominator can be. How many come, and
     * whether they are trolls or complaints, is the audience's chance, so one left alone costs a
     * share of the criterion, not all of it; scripted ones and incidents always count in full.
     * The shipped rooms bring 0–0.9 a minute, about 0.3 at the median.
     */
    organicPerMin: z.number().nonnegative().default(0.3),
    /** Scripted trolls and complaints (the same for every student) weigh this much against one of the viewers' own, as scripted questions do. */
    scriptedWeight: z.number().min(1).default(2),
  }),
  evaluate(run, p) {
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const items: { v: number; w: number; scripted: boolean }[] = [];
    const win = p.withinSec * 1000;
    // Something said less than the reply time before the end could not be answered in time: when
    // it went unanswered it counts neither way (answered anyway, it counts, and can only help).
    const tooLate = (t: number) => run.endMs - t < win;
    const insulting = new Set(run.of('speech.violation').filter((v) => v.category === 'insult' && v.refs).map((v) => v.refs![0]));
    const calmReplies = run.of('comment.replied').filter((r) => !insulting.has(r.id));
    // Trolls, by viewer.
    const trolls = new Map<number, SimEvent<'comment'>[]>();
    for (const c of run.of('comment')) {
      if (c.kind !== 'troll' || c.hidden) continue;
      let l = trolls.get(c.viewer);
      if (!l) trolls.set(c.viewer, (l = []));
      l.push(c);
    }
    const filters = run.of('filter.set');
    let ignored = 0;
    for (const [viewer, cs] of trolls) {
      const t0 = cs[0].t;
      const ids = new Set(cs.map((c) => c.id));
      const handlers: SimEvent[] = [
        ...run.of('viewer.muted').filter((m) => m.viewer === viewer && m.t >= t0),
        ...run.of('viewer.blocked').filter((m) => m.viewer === viewer && m.t >= t0),
        ...filters.filter((f) => f.t >= t0 && cs.some((c) => f.words.some((w) => c.text.toLowerCase().includes(w)))),
        ...calmReplies.filter((r) => ids.has(r.comment) && r.t >= t0),
      ].sort((a, b) => a.t - b.t);
      const h = handlers[0];
      // A troll in the run's last seconds, left alone, was never the host's to handle: not counted.
      if (!h && tooLate(t0)) continue;
      const v = h ? graded(h.t - t0, p.withinSec, p.lateSec, p.lateCredit) : 0;
      const scripted = cs.some((c) => c.scripted || c.incident !== undefined);
      items.push({ v, w: scripted ? p.scriptedWeight : 1, scripted });
      if (!h) {
        ignored++;
        evidence.push(ev(cs[0], false, `${clock(t0)} 黑粉评论没有处理`, `Troll comment at ${clock(t0)} left alone`, cs[0].text));
      } else {
        evidence.push(ev(cs[0], v === 1, `${clock(t0)} 黑粉评论`, `Troll comment at ${clock(t0)}`, cs[0].text));
        const what = h.type === 'viewer.muted' ? ['禁言', 'muted'] : h.type === 'viewer.blocked' ? ['拉黑', 'blocked'] : h.type === 'filter.set' ? ['屏蔽词过滤', 'filtered'] : ['冷静回复', 'calmly answered'];
        evidence.push(ev(h, v === 1, `${secs(h.t - t0)}秒后${what[0]}`, `${what[1]} after ${secs(h.t - t0)} s`, h.type === 'comment.replied' ? h.text : undefined));
        if (v < 1) problems.push({ zh: `黑粉${secs(h.t - t0)}秒后才处理，${p.withinSec}秒内禁言或屏蔽`, en: `a troll was dealt with after ${secs(h.t - t0)} s; mute or filter within ${p.withinSec} s` });
      }
    }
    if (ignored > 0) problems.unshift({ zh: `${ignored}个黑粉没有处理：不争吵，直接禁言或设置屏蔽词`, en: `${plural(ignored, 'troll')} left alone: do not argue, mute them or filter their words` });
    // Quality complaints (incidents): handled in time by a calm after-sales answer.
    for (const st of run.of('incident.started').filter((x) => x.kind === 'quality_complaint')) {
      const h = run.of('incident.handled').find((x) => x.incident === st.incident);
      const first = run.of('comment').find((c) => c.incident === st.incident);
      const v = h ? (h.late ? p.lateCredit : 1) : 0;
      items.push({ v, w: p.incidentWeight, scripted: true });
      evidence.push(ev(first ?? st, v === 1, `${clock(st.t)} 观众公开投诉商品质量`, `${clock(st.t)} a viewer complained in public about quality`, first?.text ?? st.message.zh));
      if (h) {
        const by = h.refs && h.refs.length > 1 ? run.byId.get(h.refs[1]) : undefined;
        evidence.push(ev(by ?? h, v === 1, `${secs(h.latencyMs)}秒后冷静回应并给出售后方案${h.late ? '（超时）' : ''}`, `answered calmly with after-sales after ${secs(h.latencyMs)} s${h.late ? ' (late)' : ''}`, run.textOf(by)));
        if (v < 1) problems.unshift({ zh: `质量投诉${secs(h.latencyMs)}秒后才回应，要尽快道歉并给出退换、客服等售后方案`, en: `the quality complaint was answered after ${secs(h.latencyMs)} s; apologise quickly and offer returns or customer service` });
      } else problems.unshift({ zh: '质量投诉没有回应，任其发酵成舆情：要冷静道歉并给出退换、客服等售后方案', en: 'the quality complaint got no answer and spread: apologise calmly and offer returns or customer service' });
    }
    // Other complaints: a calm reply, or an apology / after-sales offer to the room soon after.
    // A reply to one viewer's comment answers that comment only: its apology or after-sales words
    // do not answer somebody else's complaint.
    const spoken = [...run.of('speech.apology'), ...run.of('speech.after_sales')].filter((s) => {
      const src = run.sourceOf(s);
      return src && src.type !== 'comment.replied' && (src.type !== 'host.say' || src.heard);
    });
    let unanswered = 0;
    for (const c of run.of('comment')) {
      if (c.kind !== 'complaint' || c.hidden || c.incident) continue;
      const reply = calmReplies.find((r) => r.comment === c.id && r.t >= c.t);
      const words = spoken.find((s) => s.t >= c.t && s.t - c.t <= win);
      const h: SimEvent | undefined = words && (!reply || words.t < reply.t) ? run.sourceOf(words) : reply;
      if (!h && tooLate(c.t)) continue;
      const v = h ? graded(h.t - c.t, p.withinSec, p.lateSec, p.lateCredit) : 0;
      items.push({ v, w: c.scripted ? p.scriptedWeight : 1, scripted: c.scripted });
      if (!h) {
        unanswered++;
        evidence.push(ev(c, false, `${clock(c.t)} 的抱怨没有回应`, `Complaint at ${clock(c.t)} got no answer`, c.text));
      } else {
        evidence.push(ev(c, v === 1, `${clock(c.t)} 观众抱怨`, `Complaint at ${clock(c.t)}`, c.text));
        evidence.push(ev(h, v === 1, `${secs(h.t - c.t)}秒后回应`, `answered after ${secs(h.t - c.t)} s`, run.textOf(h)));
      }
    }
    if (unanswered > 0) problems.push({ zh: `${unanswered}条观众抱怨没有回应，冷静回复或说明售后`, en: `${plural(unanswered, 'complaint')} got no answer; reply calmly or explain the after-sales` });
    // Insults: never.
    const insults = run.of('speech.violation').filter((v) => v.category === 'insult');
    for (const x of insults) evidence.push(ev(x, false, '对观众说了侮辱性的话', 'Insulted a viewer', x.text));
    if (insults.length > 0) problems.unshift({ zh: `对观众恶语相向${insults.length}次：再被挑衅也不能骂人，先冷静再禁言`, en: `insulted viewers ${plural(insults.length, 'time')}: however provoked, never insult; calm down and mute` });
    if (items.length === 0 && insults.length === 0) return NOT_APPLICABLE('本场没有负面评论。', 'No negative comments in this run.');
    const base = items.length > 0 ? negativeShare(items, p.organicPerMin * (run.durationMs / 60000)) : 1;
    return {
      applicable: true,
      fraction: clamp01(base - p.insultPenalty * insults.length),
      evidence,
      feedback: feedback(problems, { zh: '负面评论都冷静处理了，没有争吵', en: 'Negative comments were all handled calmly' }),
      details: { trolls: trolls.size, insults: insults.length },
    };
  },
});

/**
 * Share kept. Scripted items and incidents count at their weight, as they are. The viewers' own
 * negative comments count at their number too, but what each one left alone costs is taken over
 * no fewer than the number a run this long is expected to bring: how many come, and whether they
 * are trolls or complaints, is the audience's chance, so one slip with the one complaint that
 * happened to come costs a share, not the whole criterion. Handling one more never lowers it.
 */
function negativeShare(items: readonly { v: number; w: number; scripted: boolean }[], expectedOrganic: number): number {
  const scripted = items.filter((x) => x.scripted);
  const organic = items.filter((x) => !x.scripted);
  const ws = scripted.reduce((s, x) => s + x.w, 0);
  const wo = organic.reduce((s, x) => s + x.w, 0);
  const fs = ws > 0 ? wmean(scripted) : 0;
  const lostOrganic = organic.reduce((s, x) => s + x.w * (1 - x.v), 0);
  const fo = wo > 0 ? 1 - lostOrganic / Math.max(wo, expectedOrganic) : 0;
  return ws + wo > 0 ? clamp01((ws * fs + wo * fo) / (ws + wo)) : 1;
}

/**
 * Windows of `sec` over the run, skipping those mostly inside the minute after a stream
 * drop (nobody can greet while the stream is down; a drop that lasts longer than that is
 * the host's to fix, so later windows count).
 */
function liveWindows(run: RunIndex, sec: number): [number, number][] {
  const out: [number, number][] = [];
  const w = sec * 1000;
  const excused = run.of('room.interrupted').map((d) => [d.t, d.t + 60000] as const);
  for (let a = 0; a < run.endMs; a += w) {
    const b = Math.min(a + w, run.endMs);
    if (b - a < w / 2) break;
    const off = excused.reduce((s, [x, y]) => s + Math.max(0, Math.min(y, b) - Math.max(x, a)), 0);
    if (off <= (b - a) / 2) out.push([a, b]);
  }
  return out;
}

export const greetAndFollow = defineCriterion({
  id: 'greet-and-follow',
  title: { zh: '欢迎新进观众并引导关注', en: 'Newcomers greeted and asked to follow' },
  observes: {
    zh: '有新观众进入的每个时间窗（audience.second joined）内有欢迎语（speech.greeting）；VIP 进场（viewer.join vip）后 N 秒内点名欢迎；每隔几分钟提醒关注（speech.cta follow/fanclub）。',
    en: 'Every time window with arrivals (audience.second joined) has a greeting (speech.greeting); a VIP (viewer.join, vip) welcomed by name within N s; a call to follow (speech.cta follow/fanclub) every few minutes.',
  },
  clauses: ['1x-intermediate:2.3.1', 'imkt-l3:2-2-2', 'imkt-l5:2-2-3', '1x-advanced:2.4.3'],
  params: z.strictObject({
    windowSec: z.number().positive().default(60),
    vipWithinSec: z.number().positive().default(30),
    followEverySec: z.number().positive().default(180),
  }),
  evaluate(run, p) {
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const greetings = run.of('speech.greeting');
    const seconds = run.of('audience.second');
    const gw = liveWindows(run, p.windowSec).filter(([a, b]) => seconds.some((s) => s.t >= a && s.t < b && s.joined > 0));
    let missed = 0;
    const g = gw.map(([a, b]) => {
      const hit = greetings.find((x) => x.t >= a && x.t < b);
      if (!hit) {
        missed++;
        const s = seconds.find((x) => x.t >= a && x.joined > 0);
        if (s && missed <= 8) evidence.push(ev(s, false, `${clock(a)}–${clock(b)} 有新观众进来，没有欢迎`, `${clock(a)}–${clock(b)}: newcomers arrived and nobody welcomed them`));
      }
      return hit ? 1 : 0;
    });
    for (const x of greetings.slice(0, 4)) {
      const src = run.sourceOf(x);
      if (src) evidence.push(ev(src, true, '欢迎新进观众', 'Welcomed newcomers', run.textOf(src)));
    }
    if (missed > 0) problems.push({ zh: `有${missed}个${p.windowSec}秒时段新观众进来却没人欢迎，每隔一分钟左右欢迎一次新进的家人`, en: `${missed} stretches of ${p.windowSec} s had newcomers but no welcome; greet newcomers about once a minute` });
    const vips = run.of('viewer.join').filter((j) => j.vip);
    const v = vips.map((j) => {
      const named = greetings.find((x) => x.t >= j.t && x.t - j.t <= p.vipWithinSec * 1000 && x.named.includes(j.viewer));
      const any = greetings.find((x) => x.t >= j.t && x.t - j.t <= p.vipWithinSec * 1000);
      const s = named ? 1 : any ? 0.5 : 0;
      evidence.push(ev(j, s === 1, s === 1 ? `VIP「${j.user}」进场后被点名欢迎` : `VIP「${j.user}」进场后没有被点名欢迎`, s === 1 ? `VIP ${j.user} welcomed by name` : `VIP ${j.user} not welcomed by name`, j.user));
      if (s < 1) problems.push({ zh: `老粉「${j.user}」进场${p.vipWithinSec}秒内要点名欢迎`, en: `welcome the fan ${j.user} by name within ${p.vipWithinSec} s` });
      return s;
    });
    const fw = liveWindows(run, p.followEverySec);
    const follows = run.of('speech.cta').filter((c) => c.kind === 'follow' || c.kind === 'fanclub');
    let fMissed = 0;
    const f = fw.map(([a, b]) => {
      const hit = follows.find((x) => x.t >= a && x.t < b);
      if (!hit) {
        fMissed++;
        if (fMissed <= 6) evidence.push(omission(run, a, b, `${clock(a)}–${clock(b)} 没有提醒关注`, `${clock(a)}–${clock(b)}: no call to follow`));
      }
      return hit ? 1 : 0;
    });
    if (follows[0]) evidence.push(ev(follows[0], true, '引导关注', 'Asked viewers to follow', follows[0].match));
    if (fMissed > 0) problems.push({ zh: `${fMissed}个${p.followEverySec / 60}分钟时段没有提醒关注（如“点个关注不迷路”）`, en: `${fMissed} stretches of ${p.followEverySec / 60} min without a call to follow` });
    if (gw.length === 0 && vips.length === 0 && fw.length === 0) return NOT_APPLICABLE('直播时间太短。', 'The run was too short to judge.');
    const parts = [
      { v: mean(g), w: gw.length > 0 ? 0.45 : 0 },
      { v: mean(v), w: vips.length > 0 ? 0.25 : 0 },
      { v: mean(f), w: fw.length > 0 ? 0.3 : 0 },
    ];
    return {
      applicable: true,
      fraction: wmean(parts),
      evidence,
      feedback: feedback(problems, { zh: '新观众都被欢迎，也经常提醒关注', en: 'Newcomers were welcomed and asked to follow throughout' }),
      details: { greetWindows: gw.length, missedGreetWindows: missed, vips: vips.length, followWindows: fw.length, missedFollowWindows: fMissed },
    };
  },
});

export const likesAndShares = defineCriterion({
  id: 'likes-and-shares',
  title: { zh: '在恰当时机引导点赞、分享', en: 'Likes and shares asked for at sensible moments' },
  observes: {
    zh: '每个商品段内，在讲出卖点之后（speech.points）引导点赞或分享（speech.cta like/share）；一分钟内反复催促过多扣分。',
    en: 'In each product stretch, a call for likes or shares (speech.cta like/share) after some value was given (speech.points); too many calls within a minute cost points.',
  },
  clauses: ['1x-intermediate:2.3.2', '1x-intermediate:2.2.2', 'imkt-l3:2-2-2', '1x-intermediate:3.2.3', 'imkt-l5:2-2-3'],
  params: z.strictObject({ maxPerMin: z.number().int().positive().default(6), spamPenalty: z.number().min(0).max(1).default(0.1) }),
  evaluate(run, p) {
    if (run.blocks.length === 0) return NOT_APPLICABLE('脚本里没有商品讲解段。', 'The run of show has no product stretch.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const ctas = run.of('speech.cta').filter((c) => c.kind === 'like' || c.kind === 'share');
    const points = run.of('speech.points');
    const scores = run.blocks.map((b) => {
      const name = { zh: run.productName(b.product, 'zh'), en: run.productName(b.product, 'en') };
      let best = 0;
      let bestEv: SimEvent<'speech.cta'> | undefined;
      for (const c of ctas) {
        if (c.t < b.startMs || c.t >= b.endMs) continue;
        const afterValue = points.some((x) => x.product === b.product && x.t >= b.startMs && x.t <= c.t && run.pointsOf(x).length > 0);
        const s = afterValue ? 1 : 0.5;
        if (s > best) {
          best = s;
          bestEv = c;
        }
      }
      if (!bestEv) evidence.push(omission(run, b.startMs, b.endMs, `「${name.zh}」环节（${clock(b.startMs)}–${clock(b.endMs)}）没有引导点赞或分享`, `no call for likes or shares in the ${name.en} stretch (${clock(b.startMs)}–${clock(b.endMs)})`));
      if (bestEv) evidence.push(ev(bestEv, best === 1, best === 1 ? `讲完「${name.zh}」卖点后引导点赞分享` : `「${name.zh}」还没讲卖点就催点赞`, best === 1 ? `Asked for likes/shares after presenting ${name.en}` : `Asked for likes before saying anything about ${name.en}`, bestEv.match));
      else problems.push({ zh: `讲「${name.zh}」时没有引导点赞或分享`, en: `no call for likes or shares while presenting ${name.en}` });
      if (best === 0.5) problems.push({ zh: `「${name.zh}」先讲出价值再请观众点赞分享`, en: `give viewers something about ${name.en} before asking for likes` });
      return best;
    });
    // Nagging: more than maxPerMin utterances asking for likes or shares within a minute.
    const asks = [...new Map(ctas.map((c) => [c.refs?.[0] ?? c.id, c])).values()];
    let excess = 0;
    for (let i = 0; i < asks.length; i++) {
      const n = asks.filter((c) => c.t >= asks[i].t && c.t < asks[i].t + 60000).length;
      if (n > p.maxPerMin) {
        excess++;
        if (excess <= 5) evidence.push(ev(asks[i], false, '一分钟内反复催点赞分享', 'Nagging: too many calls for likes and shares within a minute', asks[i].match));
      }
    }
    if (excess > 0) problems.push({ zh: '点赞分享催得太频繁，观众会反感', en: 'likes and shares were asked for too often' });
    return {
      applicable: true,
      fraction: clamp01(mean(scores) - Math.min(0.5, p.spamPenalty * excess)),
      evidence,
      feedback: feedback(problems, { zh: '点赞分享的时机恰当', en: 'Likes and shares were asked for at good moments' }),
      details: { stretches: run.blocks.length, calls: ctas.length },
    };
  },
});

const TACTIC_CTA = new Set(['like', 'share', 'follow', 'lucky_bag', 'coupon', 'fanclub']);

export const realtimeAdjustment = defineCriterion({
  id: 'realtime-adjustment',
  title: { zh: '在线人数或转化下滑时及时调整打法', en: 'A change of tactic when viewers or conversion fall' },
  observes: {
    zh: '在线人数比前一分钟的高点下降超过一定比例（audience.second），或两分钟内有点击无成交（product.click / order.placed）时，M 秒内采取新动作：发券、福袋、红包、秒杀、弹卡、换品、互动号召、点名欢迎（刚说过的话再说一遍不算新动作；断流后的下滑除外，由断流应急评分；结束前不足 M 秒、来不及调整的下滑不计）。',
    en: "When online viewers fall by a share from the last minute's high (audience.second), or two minutes bring clicks but no orders (product.click / order.placed): a new move within M s — coupon, lucky bag, red packet, flash sale, card, product switch, interaction call, a named welcome (a line said again is no new move; drops caused by a stream failure are judged by stream-recovery; a slump less than M s before the end, which leaves no time to respond, is not counted).",
  },
  clauses: ['imkt-l3:2-2-3', '1x-intermediate:3.1.2', '1x-intermediate:3.2.3', 'imkt-l4:3-1-1'],
  params: z.strictObject({
    dropShare: z.number().min(0.05).max(0.9).default(0.2),
    lookbackSec: z.number().positive().default(60),
    respondWithinSec: z.number().positive().default(45),
    minOnline: z.number().nonnegative().default(15),
    cooldownSec: z.number().positive().default(120),
    minClicks: z.number().int().positive().default(10),
    /**
     * Runs shorter than this (drills) are not judged on slumps: a few minutes hold one or two,
     * arising by chance, and a criterion that is all or nothing on one slump is luck, not skill.
     */
    minRunSec: z.number().nonnegative().default(600),
  }),
  evaluate(run, p) {
    if (run.durationMs < p.minRunSec * 1000) return NOT_APPLICABLE(`直播不足${Math.round(p.minRunSec / 60)}分钟，人气和转化的起落多半是偶然，不评估实时调整。`, `A run under ${Math.round(p.minRunSec / 60)} minutes has too few slumps, mostly by chance, to judge real-time adjustment.`);
    const secondsEv = run.of('audience.second');
    const lookback = p.lookbackSec * 1000;
    // Fixed exclusions: the first minute, two minutes after each drop (the incident's own slump),
    // and the last respondWithinSec of the run: a slump there leaves no time to respond before the end.
    const win = p.respondWithinSec * 1000;
    const excluded = (t: number) => t < 60000 || t > run.endMs - win || run.of('room.interrupted').some((d) => t >= d.t && t < d.t + 120000 + lookback);
    type Slump = { t: number; e: SimEvent; kind: 'online' | 'conversion'; zh: string; en: string };
    const slumps: Slump[] = [];
    let last = -Infinity;
    for (let i = 0; i < secondsEv.length; i++) {
      const s = secondsEv[i];
      if (excluded(s.t) || s.t - last < p.cooldownSec * 1000) continue;
      let peak = 0;
      for (let j = i; j >= 0 && secondsEv[j].t >= s.t - lookback; j--) peak = Math.max(peak, secondsEv[j].online);
      if (peak >= p.minOnline && s.online <= (1 - p.dropShare) * peak) {
        slumps.push({ t: s.t, e: s, kind: 'online', zh: `在线从${peak}降到${s.online}`, en: `online fell from ${peak} to ${s.online}` });
        last = s.t;
      }
    }
    // Conversion: two-minute windows with clicks but no order.
    const clicks = run.of('product.click');
    const orders = run.of('order.placed');
    let lastConv = -Infinity;
    for (let a = 60000; a + 120000 <= run.endMs; a += 30000) {
      const b = a + 120000;
      if (excluded(b) || b - lastConv < p.cooldownSec * 1000) continue;
      const n = clicks.filter((c) => c.t >= a && c.t < b).length;
      if (n >= p.minClicks && !orders.some((o) => o.t >= a && o.t < b)) {
        const e = secondsEv.find((x) => x.t >= b) ?? clicks.filter((c) => c.t < b).pop()!;
        slumps.push({ t: b, e, kind: 'conversion', zh: `两分钟内${n}次点击却没有成交`, en: `${n} clicks in two minutes and no order` });
        lastConv = b;
      }
    }
    if (slumps.length === 0) return NOT_APPLICABLE('本场没有明显的人气或转化下滑。', 'Viewers and conversion never fell noticeably in this run.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const tactic = (e: SimEvent, kind: 'online' | 'conversion'): boolean => {
      // A line said again (a canned sentence on a loop) is no change of tactic.
      const said = e.type === 'room.announcement' ? e : e.type.startsWith('speech.') ? run.sourceOf(e) : e.type === 'question.answered' && e.refs && e.refs.length > 1 ? run.byId.get(e.refs[1]) : undefined;
      if (said && run.repeats(said)) return false;
      switch (e.type) {
        case 'coupon.issued':
        case 'luckybag.launched':
        case 'redpacket.sent':
        case 'flashsale.scheduled':
        case 'product.card.shown':
        case 'product.explain.start':
        case 'room.announcement':
          return true;
        case 'speech.cta':
          return TACTIC_CTA.has(e.kind) || (kind === 'conversion' && e.kind === 'buy');
        case 'speech.greeting':
          return e.named.length > 0;
        case 'speech.price':
          return kind === 'conversion' && e.ok;
        case 'question.answered':
          return kind === 'conversion' && e.correct;
        default:
          return false;
      }
    };
    const scores = slumps.map((s) => {
      // Graded: full credit within the window, falling to nothing at twice it (one slump is all or
      // nothing otherwise, and a run holds only a few).
      const resp = run.events.find((e) => e.t >= s.t && e.t <= s.t + 2 * win && tactic(e, s.kind));
      const credit = resp ? graded(resp.t - s.t, p.respondWithinSec, 2 * p.respondWithinSec, 0) : 0;
      evidence.push(ev(s.e, credit >= 1, `${clock(s.t)} ${s.zh}`, `${clock(s.t)} ${s.en}`));
      if (resp && credit > 0) {
        const src = resp.type.startsWith('speech.') ? run.sourceOf(resp) : undefined;
        const shown = src ?? resp;
        evidence.push(ev(shown, credit >= 1, `${secs(resp.t - s.t)}秒后调整：${resp.type}`, `Adjusted after ${secs(resp.t - s.t)} s: ${resp.type}`, run.textOf(shown)));
        if (credit < 1) problems.push({ zh: `${clock(s.t)}${s.zh}，${secs(resp.t - s.t)}秒后才调整，应在${p.respondWithinSec}秒内`, en: `at ${clock(s.t)} ${s.en}; the change came after ${secs(resp.t - s.t)} s, aim for ${p.respondWithinSec} s` });
        return credit;
      }
      problems.push(
        s.kind === 'online'
          ? { zh: `${clock(s.t)}${s.zh}，${p.respondWithinSec}秒内没有任何调整：发福袋、发券、点名互动或换品`, en: `at ${clock(s.t)} ${s.en} and nothing changed within ${p.respondWithinSec} s: launch a giveaway, a coupon, call on viewers or switch product` }
          : { zh: `${clock(s.t)}${s.zh}，要及时报价、提醒领券或解答疑虑`, en: `at ${clock(s.t)} ${s.en}: restate the price, remind of the coupon or answer doubts` },
      );
      return 0;
    });
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: '人气或转化下滑时都及时调整了打法', en: 'Every slump was met with a change of tactic' }),
      details: { slumps: slumps.length, onlineSlumps: slumps.filter((s) => s.kind === 'online').length },
    };
  },
});
