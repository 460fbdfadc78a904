/**
 * The action registry from a student's point of view: a wrong action is refused with a
 * logged code and reason and leaves the room exactly as it was; a right one does what
 * its label says (docs/formats.md, "Action types").
 *
 * "Leaves the room exactly as it was" is checked strictly: the same run without the
 * action produces the same log once the `action.rejected` event is taken out, and the
 * same random-number state, so nothing downstream can differ.
 */
import { describe, expect, it } from 'vitest';
import { config } from 'zod/v4/core';
import type { ActionInput } from '../../../src/engine';
import type { SimEvent } from '../../../src/engine';
import type { Scenario } from '../../../src/engine';
import { createSim, type Sim } from '../../../src/engine';
import { drill, eventsOf, kidswear, range, scriptedHost } from './helpers';

/** The log with one event taken out and every later id (and reference to one) moved down by one. */
function withoutEvent(log: readonly SimEvent[], id: number): unknown[] {
  const shift = (x: number) => (x > id ? x - 1 : x);
  return log
    .filter((e) => e.id !== id)
    .map((e) => {
      const c: Record<string, unknown> = { ...e, id: shift(e.id) };
      if (e.refs) c.refs = e.refs.map(shift);
      if (['comment.replied', 'comment.pinned', 'comment.unpinned', 'question.answered', 'question.expired'].includes(e.type)) c.comment = shift(c.comment as number);
      return c;
    });
}

interface Refusal {
  scenario: () => Scenario;
  /** Valid actions sent first (in both runs). */
  setup?: ActionInput[];
  /** Simulate this far before sending the bad action. */
  sendAt?: number;
  bad: ActionInput | Record<string, unknown>;
  code: string;
  /** Words the reason must contain. */
  reason?: RegExp;
}

/**
 * Run the scenario twice, with and without the bad action; return the rejection and
 * assert that nothing else differs.
 */
function expectRefused(r: Refusal): SimEvent<'action.rejected'> {
  const seed = 5;
  const horizon = Math.max(r.sendAt ?? 0, typeof r.bad.t === 'number' && Number.isFinite(r.bad.t) ? r.bad.t : 0) + 30_000;
  const run = (withBad: boolean): { sim: Sim; seq: number } => {
    const sim = createSim(r.scenario(), { seed });
    for (const a of r.setup ?? []) sim.dispatch(a);
    sim.advanceTo(r.sendAt ?? 0);
    const seq = withBad ? sim.dispatch(r.bad as ActionInput) : -1;
    sim.advanceTo(horizon);
    return { sim, seq };
  };
  const bad = run(true);
  const good = run(false);
  const answers = bad.sim.log.filter((e): e is SimEvent<'action.accepted' | 'action.rejected'> => (e.type === 'action.accepted' || e.type === 'action.rejected') && e.seq === bad.seq);
  expect(answers.map((e) => e.type), 'the action is answered once, by a rejection').toEqual(['action.rejected']);
  const rej = answers[0] as SimEvent<'action.rejected'>;
  expect(rej.code).toBe(r.code);
  expect(rej.reason.trim().length).toBeGreaterThan(5);
  if (r.reason) expect(rej.reason).toMatch(r.reason);
  expect(rej.action).toBe(String(r.bad.type));
  // Nothing else changed.
  expect(withoutEvent(bad.sim.log, rej.id)).toEqual(good.sim.log);
  expect(bad.sim.state.rng.state()).toEqual(good.sim.state.rng.state());
  expect(bad.sim.metrics()).toEqual(good.sim.metrics());
  return rej;
}

describe('invalid actions are refused with a logged code and reason, and change nothing', () => {
  it('an unknown product', () => {
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'show_card', product: 'lemons' }, code: 'unknown_product', reason: /lemons/ });
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'set_price', product: 'lemons', price: 9.9 }, code: 'unknown_product' });
  });

  it('a negative price', () => {
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'set_price', product: 'oranges', price: -5 }, code: 'invalid_payload', reason: /price/ });
  });

  it('a zero price', () => {
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'set_price', product: 'oranges', price: 0 }, code: 'invalid_payload', reason: /price/ });
  });

  it("a payload's reason reads the same whether or not anything has configured zod's messages", () => {
    // The live room loads only zod/mini, which registers no locale; Node processes that also load
    // zod's full API register English. The logged reason (part of the digest) must not depend on it.
    const saved = config().localeError;
    try {
      config({ localeError: undefined });
      const bare = expectRefused({ scenario: drill, bad: { t: 10_000, type: 'set_stock', product: 'oranges', stock: 'many' }, code: 'invalid_payload' });
      expect(bare.reason).toBe('stock: Invalid input: expected number, received string');
      const tooBig = expectRefused({ scenario: drill, bad: { t: 10_000, type: 'mute_user', viewer: 3, minutes: 5000 }, code: 'invalid_payload' });
      expect(tooBig.reason).toBe('minutes: Too big: expected number to be <=1440');
    } finally {
      config({ localeError: saved });
    }
  });

  it('a price above the list price', () => {
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'set_price', product: 'oranges', price: 45 }, code: 'above_list_price', reason: /39\.9/ });
  });

  it('a 满减 coupon whose threshold is not above its discount', () => {
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'create_coupon', coupon: 'bad', kind: 'threshold', threshold: 10, discount: 10, quantity: 50 }, code: 'bad_threshold' });
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'create_coupon', coupon: 'bad', kind: 'threshold', threshold: 5, discount: 10, quantity: 50 }, code: 'bad_threshold' });
  });

  it('issuing a coupon that does not exist', () => {
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'issue_coupon', coupon: 'free100' }, code: 'unknown_coupon', reason: /free100/ });
  });

  it('a flash sale at or above the live price', () => {
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'start_flash_sale', product: 'oranges', price: 35, quantity: 50 }, code: 'not_a_discount', reason: /29\.9/ });
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'start_flash_sale', product: 'oranges', price: 29.9, quantity: 50 }, code: 'not_a_discount' });
  });

  it('a flash sale of more units than are in stock', () => {
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'start_flash_sale', product: 'oranges', price: 19.9, quantity: 401 }, code: 'over_stock', reason: /400/ });
  });

  it('showing the card of a product that is not listed', () => {
    expectRefused({ scenario: kidswear, bad: { t: 10_000, type: 'show_card', product: 'socks' }, code: 'not_listed' });
  });

  it('replying to something that is not a comment', () => {
    expectRefused({ scenario: drill, sendAt: 10_000, bad: { t: 10_000, type: 'reply_comment', comment: 0, text: '你好' }, code: 'unknown_comment' });
    expectRefused({ scenario: drill, sendAt: 10_000, bad: { t: 10_000, type: 'reply_comment', comment: 999_999, text: '你好' }, code: 'unknown_comment' });
  });

  it('an action queued for after the host ended the stream', () => {
    expectRefused({ scenario: drill, setup: [{ t: 10_000, type: 'end_stream' }], bad: { t: 20_000, type: 'say', text: '还有人吗' }, code: 'ended' });
  });

  it('an action sent after the stream has ended is refused, not silently dropped', () => {
    const sim = createSim(drill(), { seed: 5 });
    sim.runToEnd();
    const seq = sim.dispatch({ t: sim.durationMs + 1000, type: 'say', text: '还有人吗' });
    sim.advanceTo(sim.durationMs + 5000);
    sim.runToEnd();
    const answers = sim.log.filter((e) => (e.type === 'action.accepted' || e.type === 'action.rejected') && e.seq === seq);
    expect(answers.map((e) => (e.type === 'action.rejected' ? e.code : e.type))).toEqual(['ended']);
  });

  it('an action sent after the host ended the stream mid-second is refused, not silently dropped', () => {
    const sim = createSim(drill(), { seed: 5 });
    sim.dispatch({ t: 10_050, type: 'end_stream' });
    sim.advanceTo(20_000);
    const seq = sim.dispatch({ t: 15_000, type: 'say', text: '还有人吗' });
    sim.advanceTo(30_000);
    const answers = sim.log.filter((e) => (e.type === 'action.accepted' || e.type === 'action.rejected') && e.seq === seq);
    expect(answers.map((e) => (e.type === 'action.rejected' ? e.code : e.type))).toEqual(['ended']);
  });

  it('an action stamped before the current time is refused as late', () => {
    expectRefused({ scenario: drill, sendAt: 20_000, bad: { t: 15_000, type: 'show_card', product: 'oranges' }, code: 'late', reason: /15000.*20000/ });
  });

  it('a late action after the host ended the stream is not stamped before the end', () => {
    const sim = createSim(drill(), { seed: 5 });
    sim.dispatch({ t: 10_050, type: 'end_stream' });
    sim.advanceTo(20_000);
    sim.dispatch({ t: 5_000, type: 'say', text: '还有人吗' });
    const ended = eventsOf(sim.log, 'room.ended')[0];
    const last = sim.log[sim.log.length - 1];
    expect(last.type).toBe('action.rejected');
    expect(last.t).toBeGreaterThanOrEqual(ended.t);
  });

  it('an unknown action type', () => {
    expectRefused({ scenario: drill, bad: { t: 10_000, type: 'dance' }, code: 'unknown_action', reason: /dance.*list_product/ });
  });

  it('an unknown action type that happens to be a JavaScript object property name', () => {
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expectRefused({ scenario: drill, bad: { t: 10_000, type }, code: 'unknown_action' });
    }
  });
});

describe('valid actions do what they say', () => {
  it('listing a product and then showing its card pops the card up', () => {
    const sim = createSim(kidswear(), { seed: 1 });
    sim.dispatch({ t: 1_000, type: 'list_product', product: 'socks' });
    sim.dispatch({ t: 2_000, type: 'show_card', product: 'socks' });
    sim.advanceTo(5_000);
    expect(eventsOf(sim.log, 'product.listed').filter((e) => e.product === 'socks').map((e) => e.t)).toEqual([1_000]);
    expect(eventsOf(sim.log, 'product.card.shown').map((e) => [e.product, e.t])).toEqual([['socks', 2_000]]);
    expect(sim.metrics().products.find((p) => p.id === 'socks')!.cardPushes).toBe(1);
  });

  it('set_price changes the price later orders are placed at', () => {
    const s = kidswear();
    const changeAt = 150_000;
    const before: number[] = [];
    const after: number[] = [];
    for (const seed of range(1, 4)) {
      const sim = createSim(s, { seed });
      for (const a of scriptedHost(s, { cards: true })) sim.dispatch(a);
      sim.dispatch({ t: changeAt, type: 'set_price', product: 'hoodie', price: 69 });
      sim.advanceTo(330_000); // end of the hoodie segment
      const changed = eventsOf(sim.log, 'product.price.changed').filter((e) => e.product === 'hoodie');
      expect(changed.map((e) => [e.from, e.to, e.by])).toEqual([[7900, 6900, 'host']]);
      for (const o of eventsOf(sim.log, 'order.placed').filter((x) => x.product === 'hoodie' && !x.flash)) (o.t < changeAt ? before : after).push(o.unitPrice);
      expect(sim.metrics().products.find((p) => p.id === 'hoodie')!.price).toBe(69);
    }
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after)).toEqual(new Set([6900]));
    expect(before.every((p) => p === 7900)).toBe(true);
  });

  it('muting a viewer hides their later comments, and only theirs', () => {
    const s = kidswear();
    const wave = s.incidents.find((i) => i.kind === 'troll_wave')!;
    const waveAt = Math.round(wave.at * 1000);
    let laterHidden = 0;
    for (const seed of range(1, 3)) {
      const sim = createSim(s, { seed });
      sim.advanceTo(waveAt + 1_000);
      const trolls = [...new Set(eventsOf(sim.log, 'comment').filter((c) => c.incident === wave.id).map((c) => c.viewer))];
      expect(trolls.length).toBeGreaterThan(0);
      const mutedAt = sim.now;
      for (const viewer of trolls) sim.dispatch({ t: mutedAt, type: 'mute_user', viewer, minutes: 10 });
      sim.advanceTo(waveAt + 5 * 60_000);
      expect(eventsOf(sim.log, 'viewer.muted').map((e) => e.viewer).sort()).toEqual([...trolls].sort());
      const comments = eventsOf(sim.log, 'comment');
      for (const c of comments) {
        const theirs = trolls.includes(c.viewer);
        if (theirs && c.t < mutedAt) expect(c.hidden, `comment ${c.id} before the mute`).toBeUndefined();
        if (theirs && c.t >= mutedAt) {
          expect(c.hidden, `comment ${c.id} after the mute`).toBe('muted');
          laterHidden++;
        }
        if (!theirs) expect(c.hidden, `comment ${c.id} by viewer ${c.viewer}, not muted`).not.toBe('muted');
      }
      // Silencing the wave handles the incident.
      expect(eventsOf(sim.log, 'incident.handled').map((e) => e.incident)).toContain(wave.id);
    }
    expect(laterHidden).toBeGreaterThan(0);
  });

  it('blocking a viewer removes them from the room, even one who has not said anything yet', () => {
    const s = kidswear();
    const present = (sim: Sim) => {
      const ids = new Set<number>();
      for (let slot = 0; slot < sim.state.pool.used; slot++) if (sim.state.pool.isPresent(slot)) ids.add(sim.state.pool.vid[slot]);
      return ids;
    };
    const stayed: string[] = [];
    let blockedWhilePresent = 0;
    for (const seed of range(1, 10)) {
      const sim = createSim(s, { seed });
      sim.advanceTo(300_000);
      // The newcomers a console announces ("xx 来了"): the ids in the last 20 s of audience.second events.
      const newcomers = eventsOf(sim.log, 'audience.second').filter((e) => e.t > 280_000).flatMap((e) => e.joinedIds);
      const here = present(sim);
      blockedWhilePresent += newcomers.filter((v) => here.has(v)).length;
      for (const viewer of newcomers) sim.dispatch({ t: sim.now, type: 'block_user', viewer });
      sim.advanceTo(sim.now + 100);
      expect(eventsOf(sim.log, 'viewer.blocked').map((e) => e.viewer)).toEqual(newcomers);
      const after = present(sim);
      for (const v of newcomers) if (after.has(v)) stayed.push(`seed ${seed}: viewer ${v}`);
    }
    expect(blockedWhilePresent).toBeGreaterThan(0);
    expect(stayed, 'blocked viewers still in the room').toEqual([]);
  });

  describe('reconnecting after the stream drops (drill: drop at 2:00, retrying fails for 20 s)', () => {
    const s = drill();
    const drop = s.incidents.find((i) => i.kind === 'stream_drop')!;
    if (drop.kind !== 'stream_drop') throw new Error('the drill has no stream drop');
    const dropAt = Math.round(drop.at * 1000);
    const retryWindow = drop.retryFailsFor * 1000;

    it('retrying within the retry window fails and the room stays down', () => {
      const sim = createSim(s, { seed: 1 });
      sim.dispatch({ t: dropAt + 5_000, type: 'reconnect_stream', via: 'retry' });
      sim.advanceTo(dropAt + retryWindow - 1_000);
      expect(eventsOf(sim.log, 'stream.reconnect.failed').map((e) => [e.t, e.via])).toEqual([[dropAt + 5_000, 'retry']]);
      expect(eventsOf(sim.log, 'room.restored')).toEqual([]);
      expect(eventsOf(sim.log, 'incident.handled')).toEqual([]);
      expect(sim.status).toBe('interrupted');
    });

    it('switching to the backup network restores the room and marks the drop handled in time', () => {
      const sim = createSim(s, { seed: 1 });
      sim.dispatch({ t: dropAt + 5_000, type: 'reconnect_stream', via: 'retry' });
      sim.dispatch({ t: dropAt + 10_000, type: 'reconnect_stream', via: 'backup' });
      sim.advanceTo(dropAt + 15_000);
      expect(eventsOf(sim.log, 'room.restored').map((e) => [e.t, e.via])).toEqual([[dropAt + 10_000, 'backup']]);
      expect(eventsOf(sim.log, 'incident.handled').map((e) => [e.incident, e.latencyMs, e.late])).toEqual([[drop.id, 10_000, false]]);
      expect(sim.status).toBe('live');
    });

    it('retrying after the window works', () => {
      const sim = createSim(s, { seed: 1 });
      sim.dispatch({ t: dropAt + retryWindow + 1_000, type: 'reconnect_stream', via: 'retry' });
      sim.advanceTo(dropAt + retryWindow + 5_000);
      expect(eventsOf(sim.log, 'room.restored').map((e) => e.via)).toEqual(['retry']);
      expect(eventsOf(sim.log, 'incident.handled').map((e) => e.incident)).toEqual([drop.id]);
    });

    it('while the stream is down the host is not heard', () => {
      const sim = createSim(s, { seed: 1 });
      sim.dispatch({ t: dropAt + 2_000, type: 'say', text: '大家还在吗' });
      sim.advanceTo(dropAt + 5_000);
      expect(eventsOf(sim.log, 'host.say').map((e) => e.heard)).toEqual([false]);
    });
  });
});

describe('the log tells the time right', () => {
  it('each run-of-show segment is logged at the moment it starts', () => {
    for (const s of [drill(), kidswear()]) {
      const sim = createSim(s, { seed: 1 });
      sim.runToEnd();
      let at = 0;
      const expected = s.runOfShow.map((seg) => {
        const t = Math.round(at * 1000);
        at += seg.duration;
        return [seg.id, t];
      });
      expect(eventsOf(sim.log, 'segment.start').map((e) => [e.segment, e.t])).toEqual(expected);
    }
  });
});
