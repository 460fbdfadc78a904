/**
 * What the host does changes what the audience does, the way a teacher would expect.
 *
 * Each comparison runs the same scenario with the same seeds twice, differing only in
 * the one thing under test, and compares sums or means over several seeds (never one
 * lucky seed). Hosts are scripted (helpers.scriptedHost) unless the test is about bots.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionInput } from '../../../src/engine';
import { BOT_STEP_MS, createBot, runWithBot, type BotName } from '../../../src/engine';
import { explainFinding } from '../../../src/engine';
import { replay } from '../../../src/engine';
import type { Scenario } from '../../../src/engine';
import { createSim } from '../../../src/engine';
import { drill, eventsOf, kidswear, loadScenario, mean, range, scriptedHost, segmentStarts, shippedScenarioFiles, sum } from './helpers';

const TIMEOUT_MS = 60_000;

describe('the product card', () => {
  it('pushing the product cards brings more orders of those products than the same show without pushing them', () => {
    const s = kidswear();
    const seeds = range(1, 6);
    const productsOnShow = new Set(s.runOfShow.flatMap((seg) => (seg.product ? [seg.product] : [])));
    const ordersOf = (cards: boolean) =>
      seeds.map((seed) => {
        const sim = replay(s, seed, scriptedHost(s, { cards }));
        return eventsOf(sim.log, 'order.placed').filter((o) => productsOnShow.has(o.product)).length;
      });
    const withCards = ordersOf(true);
    const without = ordersOf(false);
    expect(sum(withCards), `orders with cards ${withCards.join(',')} vs without ${without.join(',')}`).toBeGreaterThan(sum(without) * 1.3);
  }, TIMEOUT_MS);
});

describe('answering questions', () => {
  /**
   * Kidswear, a host who keeps talking (neutral lines, so no question is answered by chance)
   * and pushes cards. Five seconds after each scripted question the host either replies with
   * the fact's value or ignores it. Returns, per asker still present then, whether they left
   * within the next two minutes.
   */
  function askers(seed: number, answer: boolean): { left: boolean; answered: boolean }[] {
    const s = kidswear();
    const sim = createSim(s, { seed });
    for (const a of scriptedHost(s, { cards: true, talk: 'neutral' })) sim.dispatch(a);
    const tracked: { viewer: number; from: number; comment: number }[] = [];
    for (const q of s.script.comments.filter((c) => c.kind === 'question')) {
      const askedAt = Math.round(q.at * 1000);
      sim.advanceTo(askedAt + 5000);
      const c = eventsOf(sim.log, 'comment').find((e) => e.scripted && e.t === askedAt && e.text === q.text);
      if (!c) throw new Error(`the scripted question "${q.text}" at ${askedAt} ms is not in the log`);
      if (!sim.state.notable.has(c.viewer)) continue; // already gone: nobody to answer
      const fact = s.products.find((p) => p.id === q.product)!.facts.find((f) => f.key === q.fact)!;
      if (answer) sim.dispatch({ t: sim.now, type: 'reply_comment', comment: c.id, text: fact.value });
      tracked.push({ viewer: c.viewer, from: sim.now, comment: c.id });
    }
    sim.runToEnd();
    const leaves = eventsOf(sim.log, 'viewer.leave');
    const answers = eventsOf(sim.log, 'question.answered');
    return tracked.map((x) => ({
      left: leaves.some((l) => l.viewer === x.viewer && l.t > x.from && l.t <= x.from + 120_000),
      answered: answers.some((a) => a.comment === x.comment && a.correct),
    }));
  }

  it('answering a viewer\'s question with the right fact makes them less likely to leave within the next two minutes than ignoring it', () => {
    const seeds = range(1, 12);
    const answered = seeds.flatMap((seed) => askers(seed, true));
    const ignored = seeds.flatMap((seed) => askers(seed, false));
    // The replies really were taken as correct answers, and the ignored questions stayed open.
    expect(answered.every((x) => x.answered)).toBe(true);
    expect(ignored.some((x) => x.answered)).toBe(false);
    expect(answered.length).toBeGreaterThan(100);
    const rate = (xs: { left: boolean }[]) => xs.filter((x) => x.left).length / xs.length;
    expect(rate(answered), `left within 2 min: answered ${rate(answered).toFixed(3)} vs ignored ${rate(ignored).toFixed(3)}`).toBeLessThan(rate(ignored) - 0.1);
  }, TIMEOUT_MS);
});

describe('a stream drop', () => {
  const seeds = range(1, 20);
  const drop = drill().incidents.find((i) => i.kind === 'stream_drop')!;
  const dropMs = Math.round(drop.at * 1000);
  /** The drill's host reconnects 15 s after the drop; without the drop the same action is simply rejected. */
  const actions: ActionInput[] = scriptedHost(drill(), { cards: true, reconnectAfterMs: 15000 });
  function runs(s: Scenario): { onlineAfter: number; avgDwell: number }[] {
    return seeds.map((seed) => {
      const sim = createSim(s, { seed });
      for (const a of actions) sim.dispatch(a);
      sim.advanceTo(dropMs + 60_000);
      const onlineAfter = sim.metrics().online;
      sim.runToEnd();
      return { onlineAfter, avgDwell: sim.metrics().avgDwellSec };
    });
  }
  let withDrop: ReturnType<typeof runs> = [];
  let withoutDrop: ReturnType<typeof runs> = [];
  beforeAll(() => {
    withDrop = runs(drill());
    const noIncident = drill();
    noIncident.incidents = noIncident.incidents.filter((i) => i.kind !== 'stream_drop');
    withoutDrop = runs(noIncident);
  }, TIMEOUT_MS);

  it('sheds viewers: a minute after the drop fewer people are watching than in the same show without the drop', () => {
    const a = withDrop.map((r) => r.onlineAfter);
    const b = withoutDrop.map((r) => r.onlineAfter);
    expect(mean(a), `online 60 s after the drop: ${a.join(',')} vs ${b.join(',')}`).toBeLessThan(mean(b) * 0.85);
  });

  it('never raises retention: average dwell with the drop is not higher than without it', () => {
    expect(mean(withDrop.map((r) => r.avgDwell))).toBeLessThanOrEqual(mean(withoutDrop.map((r) => r.avgDwell)));
  });
});

describe('what the host says is checked for compliance', () => {
  it('steering buyers off the platform ("加我微信私聊下单") is logged as a violation and brings a platform warning', () => {
    const s = drill();
    const sim = createSim(s, { seed: 1 });
    sim.dispatch({ t: 10_000, type: 'say', text: '想要更便宜的，加我微信私聊下单' });
    sim.advanceTo(12_000);
    const say = eventsOf(sim.log, 'host.say').find((e) => e.t === 10_000)!;
    const violations = eventsOf(sim.log, 'speech.violation').filter((v) => v.refs?.includes(say.id));
    expect(violations.map((v) => v.category)).toContain('off_platform');
    const warnings = eventsOf(sim.log, 'platform.warning').filter((w) => w.t === 10_000);
    expect(warnings.length).toBeGreaterThan(0);
    expect(sim.metrics().warnings).toBe(warnings.length);
  });

  it('insulting a troll in a reply is logged as a speech violation of category insult', () => {
    const s = kidswear();
    const troll = s.script.comments.find((c) => c.kind === 'troll')!;
    const at = Math.round(troll.at * 1000);
    const sim = createSim(s, { seed: 2 });
    sim.advanceTo(at + 3000);
    const c = eventsOf(sim.log, 'comment').find((e) => e.scripted && e.t === at && e.kind === 'troll')!;
    expect(c).toBeDefined();
    sim.dispatch({ t: sim.now, type: 'reply_comment', comment: c.id, text: '你有病吧，闭嘴，滚出我的直播间！' });
    sim.advanceTo(at + 5000);
    const reply = eventsOf(sim.log, 'comment.replied').find((e) => e.comment === c.id)!;
    expect(reply).toBeDefined();
    const insults = eventsOf(sim.log, 'speech.violation').filter((v) => v.refs?.includes(reply.id) && v.category === 'insult');
    expect(insults.length).toBeGreaterThan(0);
    expect(insults.every((v) => explainFinding(v).reason.zh.length > 0 && explainFinding(v).rule.length > 0)).toBe(true);
  });
});

describe('what is said counts more than how often', () => {
  /**
   * A host who follows the run of show with cards (helpers.scriptedHost) and, for each product,
   * goes round its selling points, its price and a call to buy, one line every `everyMs`.
   */
  function pitch(s: Scenario, everyMs: number): ActionInput[] {
    const out: ActionInput[] = scriptedHost(s, { cards: true }).filter((a) => a.type !== 'say');
    for (const seg of segmentStarts(s)) {
      if (!seg.product) continue;
      const prod = s.products.find((p) => p.id === seg.product)!;
      const lines = [
        ...prod.sellingPoints.map((sp) => `${prod.name.zh}，${sp.text}`),
        `${prod.name.zh}今天直播间价格${prod.livePrice}元。`,
        `喜欢的点${prod.no}号链接直接拍。`,
      ];
      for (let i = 0, t = seg.startMs + 1000; t < seg.endMs; i++, t += everyMs) out.push({ t, type: 'say', text: lines[i % lines.length] });
    }
    return out.sort((a, b) => a.t - b.t);
  }

  it('the same pitch said every 28 s sells at least 60 % of what it sells said every 7 s (four times the talk; engine 2 sold about half)', () => {
    const s = kidswear();
    const seeds = range(1, 8);
    const often = pitch(s, 7000);
    const seldom = pitch(s, 28000);
    const says = (xs: ActionInput[]) => xs.filter((a) => a.type === 'say').length;
    expect(says(seldom) * 3.5).toBeLessThan(says(often));
    const gmv = (actions: ActionInput[]) => sum(seeds.map((seed) => replay(s, seed, actions).metrics().gmv));
    const a = gmv(often);
    const b = gmv(seldom);
    expect(b / a, `GMV: a line every 7 s ${a}, every 28 s ${b}`).toBeGreaterThan(0.6);
  }, TIMEOUT_MS);
});

describe('a flash sale', () => {
  /**
   * A host who lists the socks at 1:00, shows the card, says their selling points once each (one
   * line every 30 s) and then nothing; optionally with a flash sale that counts down 30 s.
   */
  function quietHost(s: Scenario, flash: boolean): ActionInput[] {
    const socks = s.products.find((p) => p.id === 'socks')!;
    const out: ActionInput[] = [
      { t: 60_000, type: 'list_product', product: socks.id },
      { t: 60_300, type: 'start_explaining', product: socks.id },
      { t: 60_500, type: 'show_card', product: socks.id },
      ...socks.sellingPoints.map((sp, i): ActionInput => ({ t: 62_000 + 30_000 * i, type: 'say', text: `${socks.name.zh}，${sp.text}` })),
    ];
    if (flash) out.push({ t: 61_000, type: 'start_flash_sale', product: socks.id, price: 9.9, quantity: 200, perBuyer: 2, countdown: 30, duration: 300 });
    return out.sort((a, b) => a.t - b.t);
  }

  it('with a countdown draws buyers without constant talk: more orders of the product than the same quiet show without it', () => {
    const s = kidswear();
    const seeds = range(1, 6);
    const socksOrders = (flash: boolean) => seeds.map((seed) => eventsOf(replay(s, seed, quietHost(s, flash)).log, 'order.placed').filter((o) => o.product === 'socks').length);
    const withFlash = socksOrders(true);
    const without = socksOrders(false);
    expect(sum(withFlash), `socks orders with the flash sale ${withFlash.join(',')} vs without ${without.join(',')}`).toBeGreaterThan(Math.max(5, sum(without) * 1.5));
  }, TIMEOUT_MS);
});

describe('recommended traffic', () => {
  /** The recommendation multiplier every 10 s of a bot's run. */
  function multipliers(s: Scenario, seed: number, name: BotName): number[] {
    const sim = createSim(s, { seed });
    const bot = createBot(name, seed);
    const out: number[] = [];
    while (!sim.finished) {
      for (const a of bot.step(sim)) sim.dispatch(a);
      sim.advanceTo(sim.now + BOT_STEP_MS);
      if (sim.now % 10_000 === 0) out.push(sim.state.recMultiplier);
    }
    return out;
  }

  it('has headroom: a competent host sits mid-range, an expert higher and near the top, and neither is pinned at the cap', () => {
    const s = kidswear();
    const seeds = range(1, 3);
    const competent = seeds.flatMap((seed) => multipliers(s, seed, 'competent'));
    const expert = seeds.flatMap((seed) => multipliers(s, seed, 'expert'));
    const msg = `mean ×: competent ${mean(competent).toFixed(2)}, expert ${mean(expert).toFixed(2)}; max ×: competent ${Math.max(...competent).toFixed(2)}, expert ${Math.max(...expert).toFixed(2)}`;
    // The range is 0.35–2.2 (docs/engine.md §The audience); its middle is about 1.3.
    expect(mean(competent), msg).toBeGreaterThan(1);
    expect(mean(competent), msg).toBeLessThan(1.7);
    expect(mean(expert), msg).toBeGreaterThan(mean(competent) + 0.05);
    expect(Math.max(...expert), msg).toBeGreaterThan(1.8);
    const atCap = (xs: number[]) => xs.filter((x) => x > 2.19).length / xs.length;
    expect(atCap(competent), msg).toBe(0);
    expect(atCap(expert), msg).toBeLessThan(0.1);
  }, TIMEOUT_MS);
});

describe('the bots rank as their names say', () => {
  const seeds = [1, 2, 3];
  /**
   * At least 3 seeds; a short drill sells only a handful of orders per run (buying needs a long
   * watch), so it gets enough seeds to cover two hours of streaming (a 5-minute drill: 24 seeds).
   */
  const gmvSeeds = (s: Scenario) => range(1, Math.max(3, Math.ceil(7200 / s.meta.durationSec)));
  // A rehearsal task (meta.task: rehearsal) sells to a handful of test viewers: nothing to rank.
  for (const file of shippedScenarioFiles().filter((f) => loadScenario(f).meta.task !== 'rehearsal')) {
    it(`on ${file}, mean GMV over at least 3 seeds orders expert > competent > passive`, () => {
      const s = loadScenario(file);
      const seeds = gmvSeeds(s);
      const gmv = (bot: BotName) => mean(seeds.map((seed) => runWithBot(s, seed, bot).sim.metrics().gmv));
      const expert = gmv('expert');
      const competent = gmv('competent');
      const passive = gmv('passive');
      const msg = `expert ${expert}, competent ${competent}, passive ${passive}`;
      expect(expert, msg).toBeGreaterThan(competent);
      expect(competent, msg).toBeGreaterThan(passive);
    }, TIMEOUT_MS);

    it(`on ${file}, the reckless bot breaks rules and gets warned, the expert bot never does`, () => {
      const s = loadScenario(file);
      const platformIncidents = new Set(s.incidents.filter((i) => i.kind === 'platform_warning').map((i) => i.id));
      for (const seed of seeds) {
        const reckless = runWithBot(s, seed, 'reckless').sim.log;
        expect(eventsOf(reckless, 'speech.violation').length, `reckless seed ${seed}`).toBeGreaterThan(0);
        expect(eventsOf(reckless, 'platform.warning').length, `reckless seed ${seed}`).toBeGreaterThan(0);
        const expert = runWithBot(s, seed, 'expert').sim.log;
        expect(eventsOf(expert, 'speech.violation').map((v) => `${v.category}: ${v.text}`), `expert seed ${seed}`).toEqual([]);
        // Warnings a scenario's own platform_warning incident brings are not the host's doing.
        expect(eventsOf(expert, 'platform.warning').filter((w) => !(w.incident && platformIncidents.has(w.incident))).map((w) => w.reason), `expert seed ${seed}`).toEqual([]);
      }
    }, TIMEOUT_MS);
  }
});
