/**
 * Monotonicity under re-simulation (property tests): a bot's run is played again through the
 * engine (createSim + dispatch of its actions, see helpers.resimulate) with one good action taken
 * out, or a bad one put in, and the new run is scored. The host's other actions stay as they were. The audience then really behaves differently (fewer answers
 * bring fewer questions, a missing card fewer clicks): the score must still never rise when a good
 * action is removed, and never rise when a bad one is added.
 *
 * Good actions: a reply or line that answered a question correctly, an incident fix, a card
 * push, a coupon issued. Bad actions: a compliance violation said on air, a blind fix (a fix
 * button pressed with nothing to fix), a burst of such presses (spam).
 *
 * Three criteria are left out of the comparison, the ones whose occasions the unscripted audience
 * creates at random: `outcomes` (sales against the targets), `negative-comments` (how many trolls
 * and complaints turn up) and `realtime-adjustment` (when viewers happen to slump). Any change to the actions redraws the audience's random choices
 * from that moment on (one reply less can mean 9 or 13 orders, 11 or 12 trolls); what the host did
 * is judged by everything else, and that must never rise. The total may only rise by what those
 * three rose.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BotName, SimEvent } from '../../../src/engine';
import { scoreRun, type ScoreReport } from '../../../src/scoring';
import { actionsOf, botRun, resimulate as replay, type TimedAction as Input } from './helpers';

interface Base {
  file: string;
  bot: BotName;
  seed: number;
}

const BASES: Base[] = [
  { file: 'scenarios/imkt-l5-kidswear-20min.yaml', bot: 'competent', seed: 101 },
  { file: 'scenarios/imkt-l4-food-20min.yaml', bot: 'competent', seed: 102 },
  { file: 'scenarios/imkt-l5-agri-618-10min.yaml', bot: 'typist', seed: 103 },
  { file: 'scenarios/imkt-l3-appliance-20min.yaml', bot: 'competent', seed: 104 },
  { file: 'scenarios/platform-l5-tea-15min.yaml', bot: 'competent', seed: 105 },
  { file: 'scenarios/drill-wrong-price-5min.yaml', bot: 'expert', seed: 106 },
  { file: 'scenarios/drill-stream-drop-5min.yaml', bot: 'competent', seed: 107 },
];

/** Criteria whose occasions the unscripted audience creates at random (see above). */
const RANDOM_OCCASIONS = new Set(['outcomes', 'negative-comments', 'realtime-adjustment']);
/** The total without them. */
const judged = (r: ScoreReport): number => r.criteria.filter((c) => !RANDOM_OCCASIONS.has(c.id)).reduce((t, c) => t + c.points, 0);
const outcomesOf = (r: ScoreReport): number => r.criteria.filter((c) => RANDOM_OCCASIONS.has(c.id)).reduce((t, c) => t + c.points, 0);
/** Whether both runs apply the same criteria (else the maxima differ and criteria points are not comparable). */
const sameOccasions = (a: ScoreReport, b: ScoreReport): boolean => a.criteria.every((c) => (c.max > 0) === (b.criteria.find((x) => x.id === c.id)!.max > 0));
/** Criteria points are rounded to 0.01 each. */
const ROUNDING = 0.05;

type Kind = 'answer' | 'fix' | 'card' | 'coupon';

/** Index (in actionsOf) of every accepted action that did one of the good things, with its kind. */
function goodActions(log: readonly SimEvent[]): { index: number; kind: Kind }[] {
  const out: { index: number; kind: Kind }[] = [];
  let index = -1;
  for (let i = 0; i < log.length; i++) {
    const e = log[i];
    if (e.type !== 'action.accepted' && e.type !== 'action.rejected') continue;
    index++;
    if (e.type !== 'action.accepted') continue;
    // The events the action produced: those after it, up to the next action.
    let kind: Kind | undefined;
    for (let j = i + 1; j < log.length && log[j].type !== 'action.accepted' && log[j].type !== 'action.rejected' && log[j].t === e.t; j++) {
      const x = log[j];
      if (x.type === 'question.answered' && x.correct) kind = 'answer';
      else if (x.type === 'incident.handled' || x.type === 'room.restored') kind = 'fix';
      else if (x.type === 'product.card.shown') kind ??= 'card';
      else if (x.type === 'coupon.issued') kind ??= 'coupon';
    }
    if (kind) out.push({ index, kind });
  }
  return out;
}

/** Times at which a fix button has nothing to fix (no such incident under way, the stream up). */
function blindMoments(log: readonly SimEvent[], end: number): number[] {
  const open: [number, number][] = [];
  const handled = new Map<string, number>();
  for (const e of log) if (e.type === 'incident.handled') handled.set(e.incident, e.t);
  for (const e of log) if (e.type === 'incident.started') open.push([e.t - 5000, (handled.get(e.incident) ?? end) + 5000]);
  for (const e of log) if (e.type === 'room.interrupted') open.push([e.t - 5000, (log.find((u) => u.type === 'room.restored' && u.t >= e.t)?.t ?? end) + 5000]);
  const out: number[] = [];
  for (let t = 20_000; t < end - 20_000; t += 7_000) if (!open.some(([a, b]) => t >= a - 40_000 && t <= b)) out.push(t);
  return out;
}

const VIOLATIONS = ['这是全网最低价，史上最好的一款！', '想便宜的加我微信私聊，我给你发链接', '绝对是全网第一，买到就是赚到'];

describe('re-simulated without one good action, a run never scores higher', () => {
  it.each(BASES.map((b) => [b.bot, b.file, b] as const))('a %s host on %s', (_bot, _file, b) => {
    const { scenario, log } = botRun(b.file, b.bot, b.seed);
    const actions = actionsOf(log);
    const base = scoreRun(scenario, replay(scenario, b.seed, log, actions));
    expect(base.total).toBe(scoreRun(scenario, log).total);
    const good = goodActions(log);
    expect(good.length).toBeGreaterThan(2);
    fc.assert(
      fc.property(fc.constantFrom(...good), ({ index, kind }) => {
        const after = scoreRun(scenario, replay(scenario, b.seed, log, actions.filter((_a, i) => i !== index)));
        const what = `removing the ${kind} at ${actions[index].t} ms (${actions[index].type})`;
        if (sameOccasions(base, after)) expect(judged(after), `${what} raised the score`).toBeLessThanOrEqual(judged(base) + ROUNDING);
        expect(after.total - base.total, `${what} raised the total by more than the sales did`).toBeLessThanOrEqual(Math.max(0, outcomesOf(after) - outcomesOf(base)) + 0.1 + ROUNDING);
      }),
      { numRuns: 12, seed: b.seed },
    );
  }, 120_000);
});

describe('re-simulated with one bad action more, a run never scores higher', () => {
  it.each(BASES.map((b) => [b.bot, b.file, b] as const))('a %s host on %s', (_bot, _file, b) => {
    const { scenario, log } = botRun(b.file, b.bot, b.seed);
    const actions = actionsOf(log);
    const base = scoreRun(scenario, replay(scenario, b.seed, log, actions));
    const end = Math.round(scenario.meta.durationSec * 1000);
    const moments = blindMoments(log, end);
    expect(moments.length).toBeGreaterThan(0);
    const product = scenario.products[0].id;
    const host = scenario.meta.seat === 'host';
    const blind = (t: number, i: number): Input[] => {
      const kinds: Input[] = [
        { t, type: 'fix_microphone' } as Input,
        { t, type: 'reconnect_stream', via: 'retry' } as Input,
        { t, type: 'fix_link', product } as Input,
      ];
      return [kinds[i % kinds.length]];
    };
    fc.assert(
      fc.property(fc.constantFrom(...moments), fc.constantFrom('violation', 'blind', 'spam'), fc.nat(50), (t, bad, i) => {
        let extra: Input[];
        if (bad === 'violation') {
          const text = VIOLATIONS[i % VIOLATIONS.length];
          extra = [host ? ({ t, type: 'say', text, source: 'typed' } as Input) : ({ t, type: 'post_announcement', text } as Input)];
        } else if (bad === 'blind') extra = blind(t, i);
        else extra = Array.from({ length: 30 }, (_x, k) => blind(t + k * 1000, i + k)[0]);
        const after = scoreRun(scenario, replay(scenario, b.seed, log, [...actions, ...extra]));
        if (sameOccasions(base, after)) expect(judged(after), `adding ${bad} at ${t} ms raised the score`).toBeLessThanOrEqual(judged(base) + ROUNDING);
        expect(after.total - base.total, `adding ${bad} at ${t} ms raised the total by more than the sales did`).toBeLessThanOrEqual(Math.max(0, outcomesOf(after) - outcomesOf(base)) + 0.1 + ROUNDING);
        if (bad === 'spam') expect(judged(after), 'a burst of 30 blind presses costs at least a point').toBeLessThanOrEqual(judged(base) - 1);
      }),
      { numRuns: 12, seed: b.seed + 1000 },
    );
  }, 120_000);
});
