/**
 * Invariants under random use: whatever a student (or a broken client) sends, the room
 * stays consistent. For every shipped scenario, fast-check builds runs out of a bot host's
 * real actions (competent, expert or reckless) mixed with random, schema-shaped actions of every type — unknown
 * products, negative prices, viewers who never existed, ids that are not comments, times
 * out of order, actions after the end — sent at random moments while time advances.
 *
 * Each invariant is its own test, so one broken invariant does not hide another. The
 * simulations are shared between the tests (same seeded inputs → run once, cached).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, type ActionInput, type ActionType } from '../../../src/engine';
import { runWithBot, type BotName } from '../../../src/engine';
import type { SimEvent } from '../../../src/engine';
import type { Scenario } from '../../../src/engine';
import { createSim, type Sim } from '../../../src/engine';
import { loadScenario, shippedScenarioFiles } from './helpers';

const FC_SEED = 20_240_611;
const NUM_RUNS = 30;
const MAX_SHRINKS = 80;
const TIMEOUT_MS = 60_000;

type Payload = Record<string, unknown>;

interface Step {
  /** Advance the simulation to this time (ms) before sending the action; null: send it right away. */
  advanceTo: number | null;
  /** Or advance by this many ms first. */
  advanceBy?: number;
  /** When set, the action's `t` is this offset from the current sim time at the moment it is sent. */
  tFromNow?: number;
  action: Payload;
}

interface RandomStep {
  /** Where it goes among the host's actions (modulo their number). */
  pos: number;
  advance: null | { by: number } | { to: number };
  tFromNow?: number;
  action: Payload;
}

interface RunInput {
  seed: number;
  /** Start from what this bot did with this seed (minus the `drop`ped actions, by index modulo their number); null: no baseline. */
  baseline: BotName | null;
  drop: number[];
  random: RandomStep[];
  /** Sent after the stream has ended. */
  afterEnd: Payload[];
}

/** What the live state looked like at the end of each simulated second. */
interface Probe {
  t: number;
  online: number;
  uv: number;
  gmv: number;
  /** (Σ order.paid − Σ refund) / 100, from the log so far. */
  logGmv: number;
  stocks: number[];
}

interface RunResult {
  sim: Sim;
  input: RunInput;
  /** The actions sent, in order (before-end ones, then after-end ones). */
  sent: Payload[];
  probes: Probe[];
  /** Sequence numbers returned by dispatch(), one per action sent. */
  dispatched: number[];
}

// ------------------------------------------------------------------ random actions

function actionArb(s: Scenario, durationMs: number): fc.Arbitrary<Payload> {
  const ids = s.products.map((p) => p.id);
  const product = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.constantFrom('ghost', '', 'Hoodie', '1号链接', '__proto__') },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
  const prices = s.products.flatMap((p) => [p.livePrice, p.listPrice, p.cost, Math.round(p.livePrice * 80) / 100]);
  const money = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...prices) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 30000 }).map((x) => x / 100) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, -29.9, 0.001, 1e9, Number.NaN, Infinity) },
    { weight: 1, arbitrary: fc.double() },
  );
  const couponId = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...s.coupons.map((c) => c.id), 'ghost') },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,8}$/) },
    { weight: 1, arbitrary: fc.constantFrom('', 'BAD ID') },
  );
  const comment = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constantFrom(-1, 0, 1.5, 1e12));
  const viewer = fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.constantFrom(0, -3, 2 ** 31, 1.5));
  const phrases = [
    ...s.products.flatMap((p) => [...p.sellingPoints.map((x) => x.text), ...p.facts.map((f) => f.value), `${p.name.zh}到手价只要${p.livePrice}元`, `原价${p.listPrice * 3}元`]),
    '欢迎刚进来的宝宝们，点个关注不迷路！', '点点赞，分享给朋友', '赶紧下单，拍下就发', '只剩3件了', '库存还有10000件', '加我微信私聊下单',
    '你有病吧，闭嘴，滚出我的直播间！', '全网最低价，绝对是最好的！', '抱歉刚才网络断了', '支持七天无理由退换，联系客服', '福袋已经发出', '先领券再下单',
  ];
  const text = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...phrases) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', 'x'.repeat(2001)) },
  );
  const int = (min: number, max: number) => fc.integer({ min, max });
  const none = fc.constant({} as Payload);
  const p = <T extends Payload>(a: fc.Arbitrary<T>) => a as fc.Arbitrary<Payload>;
  const payloads = {
    list_product: p(fc.record({ product })),
    delist_product: p(fc.record({ product })),
    start_explaining: p(fc.record({ product })),
    stop_explaining: none,
    show_card: p(fc.record({ product })),
    hide_card: none,
    set_price: p(fc.record({ product, price: money })),
    set_stock: p(fc.record({ product, stock: fc.oneof(int(-5, 2000), fc.constantFrom(1.5, 2e6)) })),
    fix_link: p(fc.record({ product })),
    create_coupon: p(
      fc.record(
        {
          coupon: couponId,
          kind: fc.constantFrom('live', 'threshold', 'bogus'),
          threshold: money,
          discount: money,
          quantity: int(-1, 500),
          validity: int(30, 2000),
          products: fc.array(product, { maxLength: 2 }),
        },
        { requiredKeys: ['coupon', 'kind', 'discount', 'quantity'] },
      ),
    ),
    issue_coupon: p(fc.record({ coupon: couponId })),
    stop_coupon: p(fc.record({ coupon: couponId })),
    start_flash_sale: p(
      fc.record(
        { product, price: money, quantity: int(-1, 1000), perBuyer: int(0, 12), countdown: int(5, 400), duration: int(30, 1500) },
        { requiredKeys: ['product', 'price', 'quantity'] },
      ),
    ),
    stop_flash_sale: none,
    launch_lucky_bag: p(
      fc.record(
        { entry: fc.constantFrom('follow', 'comment', 'share'), keyword: fc.string({ maxLength: 25 }), prize: text, winners: int(0, 120), drawAfter: int(30, 1000) },
        { requiredKeys: ['entry', 'prize', 'winners'] },
      ),
    ),
    send_red_packet: p(fc.record({ total: money, count: int(0, 1200) })),
    say: p(fc.record({ text, source: fc.constantFrom('typed', 'voice', 'shout') }, { requiredKeys: ['text'] })),
    reply_comment: p(fc.record({ comment, text })),
    pin_comment: p(fc.record({ comment })),
    unpin_comment: none,
    mute_user: p(fc.record({ viewer, minutes: int(0, 1500) }, { requiredKeys: ['viewer'] })),
    block_user: p(fc.record({ viewer })),
    set_keyword_filter: p(fc.record({ words: fc.array(fc.oneof(fc.constantFrom('骗子', '托', '假货', 'a'), fc.string({ maxLength: 25 })), { maxLength: 5 }) })),
    post_announcement: p(fc.record({ text: fc.oneof(text, fc.string({ maxLength: 250 })) })),
    reconnect_stream: p(fc.record({ via: fc.constantFrom('retry', 'backup', 'wifi') }, { requiredKeys: [] })),
    fix_microphone: none,
    acknowledge_warning: p(fc.record({ incident: fc.constantFrom(...s.incidents.map((i) => i.id), 'ghost') })),
    set_plan: p(fc.record({ order: fc.oneof(fc.shuffledSubarray(s.runOfShow.map((x) => x.id), { minLength: s.runOfShow.length }), fc.shuffledSubarray(s.runOfShow.map((x) => x.id)), fc.array(fc.constantFrom(...s.runOfShow.map((x) => x.id), 'ghost'), { maxLength: 6 })) })),
    start_segment: p(fc.record({ segment: fc.constantFrom(...s.runOfShow.map((x) => x.id), 'ghost') })),
    end_stream: none,
    submit_script: p(
      fc.record({
        format: fc.constantFrom('talk', 'demo', 'duo', 'scene', 'opera'),
        parts: fc.array(
          fc.record(
            { part: fc.constantFrom('opening', 'fab', 'price', 'close', 'ending', 'ghost'), sec: int(0, 700), text, team: fc.array(fc.record({ seat: fc.constantFrom('assistant', 'controller', 'floor', 'host'), text }), { maxLength: 3 }) },
            { requiredKeys: ['part', 'sec', 'text'] },
          ),
          { maxLength: 6 },
        ),
      }),
    ),
  } satisfies Record<ActionType, fc.Arbitrary<Payload>>;
  // Every action type of the registry is covered (a new type must be added above).
  const missing = ACTION_TYPES.filter((t) => !(t in payloads));
  if (missing.length > 0) throw new Error(`no random payloads for ${missing.join(', ')}`);

  // Ending the stream early is rare, so that most runs are played to the end.
  const types = fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...ACTION_TYPES.filter((x) => x !== 'end_stream')) }, { weight: 1, arbitrary: fc.constant<ActionType>('end_stream') });
  const known = types.chain((type) =>
    fc
      .oneof(
        { weight: 8, arbitrary: payloads[type] },
        { weight: 1, arbitrary: payloads[type].map((x) => ({ ...x, extra: true })) },
        { weight: 1, arbitrary: none },
      )
      .map((payload) => ({ type, ...payload })),
  );
  const unknown = fc.record({ type: fc.constantFrom('dance', 'LIST_PRODUCT', 'list-product', '', 'end stream'), product });
  const t = fc.oneof(
    { weight: 10, arbitrary: int(0, durationMs) },
    { weight: 1, arbitrary: int(-10000, -1) },
    { weight: 1, arbitrary: int(durationMs, durationMs + 60000) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: durationMs, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -0) },
  );
  return fc.tuple(t, fc.oneof({ weight: 12, arbitrary: known }, { weight: 1, arbitrary: unknown })).map(([time, a]) => ({ t: time, ...a }));
}

function runInputArb(s: Scenario): fc.Arbitrary<RunInput> {
  const durationMs = Math.round(s.meta.durationSec * 1000);
  const action = actionArb(s, durationMs);
  const randomStep: fc.Arbitrary<RandomStep> = fc.record({
    pos: fc.nat(),
    // Mostly small steps forward (so the host's own actions are not all made late), sometimes a jump.
    advance: fc.oneof(
      { weight: 20, arbitrary: fc.constant(null) },
      { weight: 16, arbitrary: fc.record({ by: fc.integer({ min: 0, max: 20000 }) }) },
      { weight: 1, arbitrary: fc.record({ to: fc.integer({ min: 0, max: durationMs + 30000 }) }) },
    ),
    // Mostly "now or soon" (as a console stamps them), sometimes any time at all.
    tFromNow: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -3000, max: 30000 }) }, { weight: 2, arbitrary: fc.constant(undefined) }),
    action,
  }, { requiredKeys: ['pos', 'advance', 'action'] });
  return fc.record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    baseline: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<BotName>('competent', 'expert') },
      { weight: 1, arbitrary: fc.constant<BotName>('reckless') },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    drop: fc.uniqueArray(fc.nat(), { maxLength: 30 }),
    random: fc.array(randomStep, { maxLength: 60, size: 'max' }),
    afterEnd: fc.array(action, { maxLength: 3 }),
  });
}

/** The steps of a run: the host's real actions, each sent when its time comes (as the live console does), with the random ones slipped in between. */
function stepsOf(scenario: Scenario, input: RunInput): Step[] {
  const baseline = input.baseline ? runWithBot(scenario, input.seed, input.baseline).actions : [];
  const dropped = new Set(input.drop.map((i) => i % Math.max(1, baseline.length)));
  const steps: Step[] = baseline.filter((_, i) => !dropped.has(i)).map((a) => ({ advanceTo: a.t, action: { ...a } as Payload }));
  for (const r of input.random) {
    const step: Step = {
      advanceTo: r.advance && 'to' in r.advance ? r.advance.to : null,
      ...(r.advance && 'by' in r.advance ? { advanceBy: r.advance.by } : {}),
      ...(r.tFromNow !== undefined ? { tFromNow: r.tFromNow } : {}),
      action: r.action,
    };
    steps.splice(r.pos % (steps.length + 1), 0, step);
  }
  return steps;
}

// ------------------------------------------------------------------ running (each input once)

function drive(scenario: Scenario, input: RunInput): RunResult {
  const sim = createSim(scenario, { seed: input.seed });
  const durationMs = sim.durationMs;
  const probes: Probe[] = [];
  const dispatched: number[] = [];
  const sent: Payload[] = [];
  let scanned = 0;
  let paid = 0;
  let refunded = 0;
  const probe = () => {
    for (; scanned < sim.log.length; scanned++) {
      const e = sim.log[scanned];
      if (e.type === 'order.paid') paid += e.amount;
      else if (e.type === 'refund') refunded += e.amount;
    }
    const m = sim.metrics();
    probes.push({ t: sim.now, online: m.online, uv: m.uv, gmv: m.gmv, logGmv: (paid - refunded) / 100, stocks: sim.state.products.map((x) => x.stock) });
  };
  const advance = (target: number) => {
    const to = Math.min(target, durationMs);
    while (!sim.finished && sim.now + 100 <= to) {
      sim.advanceTo(Math.min(to, (Math.floor(sim.now / 1000) + 1) * 1000));
      probe();
    }
  };
  for (const step of stepsOf(scenario, input)) {
    if (step.advanceTo !== null) advance(step.advanceTo);
    if (step.advanceBy !== undefined) advance(sim.now + step.advanceBy);
    const action = step.tFromNow !== undefined ? { ...step.action, t: sim.now + step.tFromNow } : step.action;
    sent.push(action);
    dispatched.push(sim.dispatch(action as unknown as ActionInput));
  }
  advance(durationMs);
  sim.runToEnd();
  probe();
  for (const a of input.afterEnd) {
    sent.push(a);
    dispatched.push(sim.dispatch(a as unknown as ActionInput));
  }
  sim.advanceTo(durationMs + 10000);
  sim.runToEnd();
  probe();
  return { sim, input, sent, probes, dispatched };
}

/** Same seeded inputs come back in every test: simulate each once. */
const runs = new Map<string, RunResult | { error: unknown }>();
function keyOf(file: string, input: RunInput): string {
  return file + JSON.stringify(input, (_k, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `#${String(v)}${Object.is(v, -0) ? '-0' : ''}` : v));
}
function runOnce(file: string, scenario: Scenario, input: RunInput): RunResult {
  const key = keyOf(file, input);
  let r = runs.get(key);
  if (!r) {
    try {
      r = drive(scenario, input);
    } catch (error) {
      r = { error };
    }
    runs.set(key, r);
  }
  if ('error' in r) throw r.error;
  return r;
}

// ------------------------------------------------------------------ the invariants

const fail = (msg: string): never => {
  throw new Error(msg);
};

function checkStock(r: RunResult, scenario: Scenario): void {
  const ids = scenario.products.map((p) => p.id);
  for (const pr of r.probes) {
    pr.stocks.forEach((st, i) => st < 0 && fail(`at ${pr.t} ms the console shows ${st} units of ${ids[i]}`));
  }
  // The same from the log alone: initial stock, − units ordered, + units of unpaid cancelled orders, = host/incident changes.
  const stock = new Map(scenario.products.map((p) => [p.id, p.stock]));
  const orders = new Map<number, { product: string; qty: number }>();
  for (const e of r.sim.log) {
    if (e.type === 'order.placed') {
      orders.set(e.order, { product: e.product, qty: e.qty });
      stock.set(e.product, stock.get(e.product)! - e.qty);
    } else if (e.type === 'order.cancelled') {
      const o = orders.get(e.order)!;
      stock.set(o.product, stock.get(o.product)! + o.qty);
    } else if (e.type === 'product.stock.changed') stock.set(e.product, e.to);
    if (e.type === 'audience.second' || e.type === 'room.ended') {
      for (const [id, st] of stock) if (st < 0) fail(`event ${e.id} (t=${e.t}): the log puts the stock of ${id} at ${st}`);
    }
  }
  const final = r.sim.metrics().products;
  for (const p of final) expect(stock.get(p.id), `stock of ${p.id} recomputed from the log`).toBe(p.stock);
}

function checkGmv(r: RunResult): void {
  for (const pr of r.probes) {
    if (Math.abs(pr.gmv - pr.logGmv) > 1e-9) fail(`at ${pr.t} ms metrics.gmv is ${pr.gmv} but paid − refunds in the log is ${pr.logGmv}`);
  }
  const paid = r.sim.log.reduce((s, e) => s + (e.type === 'order.paid' ? e.amount : 0), 0);
  const refunded = r.sim.log.reduce((s, e) => s + (e.type === 'refund' ? e.amount : 0), 0);
  expect(r.sim.metrics().gmv).toBeCloseTo((paid - refunded) / 100, 9);
}

function checkOrdersOnlyWhenBuyable(r: RunResult): void {
  const listed = new Set<string>();
  let interrupted = false;
  let ended = false;
  for (const e of r.sim.log) {
    if (e.type === 'product.listed') listed.add(e.product);
    else if (e.type === 'product.delisted') listed.delete(e.product);
    else if (e.type === 'room.interrupted') interrupted = true;
    else if (e.type === 'room.restored') interrupted = false;
    else if (e.type === 'room.ended') ended = true;
    else if (e.type === 'order.placed') {
      if (!listed.has(e.product)) fail(`order ${e.order} (event ${e.id}, t=${e.t}) is for ${e.product}, which was not listed`);
      if (interrupted) fail(`order ${e.order} (event ${e.id}, t=${e.t}) was placed while the stream was down`);
      if (ended) fail(`order ${e.order} (event ${e.id}, t=${e.t}) was placed after the stream ended`);
    }
  }
}

function checkOnline(r: RunResult): void {
  for (const pr of r.probes) {
    if (pr.online < 0 || pr.online > pr.uv) fail(`at ${pr.t} ms online is ${pr.online} with ${pr.uv} viewers so far`);
  }
  let joined = 0;
  let left = 0;
  for (const e of r.sim.log) {
    if (e.type !== 'audience.second') continue;
    joined += e.joined;
    left += e.left;
    if (e.online < 0 || e.online > joined) fail(`event ${e.id} (t=${e.t}): online ${e.online} but only ${joined} viewers have joined`);
    if (e.online !== joined - left) fail(`event ${e.id} (t=${e.t}): online ${e.online} but ${joined} joined and ${left} left`);
  }
  expect(r.sim.metrics().uv).toBe(joined);
}

function checkLogShape(r: RunResult): void {
  const log: readonly SimEvent[] = r.sim.log;
  expect(log[0].type).toBe('run.start');
  let prev = -Infinity;
  for (let i = 0; i < log.length; i++) {
    const e = log[i];
    if (e.id !== i) fail(`event at position ${i} has id ${e.id}`);
    if (!(e.t >= prev)) fail(`event ${i} (${e.type}) at t=${e.t} comes after an event at t=${prev}`);
    if (e.t > r.sim.durationMs) fail(`event ${i} (${e.type}) at t=${e.t} is after the scheduled end ${r.sim.durationMs}`);
    prev = e.t;
  }
  expect(log.filter((e) => e.type === 'room.ended')).toHaveLength(1);
}

function checkRejections(r: RunResult): void {
  for (const e of r.sim.log) {
    if (e.type !== 'action.rejected') continue;
    if (typeof e.code !== 'string' || e.code.trim() === '') fail(`rejection ${e.id} of ${e.action} has no code`);
    if (typeof e.reason !== 'string' || e.reason.trim() === '') fail(`rejection ${e.id} of ${e.action} (${e.code}) has no reason`);
  }
}

function checkEveryActionAnswered(r: RunResult): void {
  const answers = new Map<number, number>();
  for (const e of r.sim.log) if (e.type === 'action.accepted' || e.type === 'action.rejected') answers.set(e.seq, (answers.get(e.seq) ?? 0) + 1);
  r.dispatched.forEach((seq, i) => {
    const n = answers.get(seq) ?? 0;
    if (n !== 1) fail(`action #${i} (seq ${seq}, ${JSON.stringify(r.sent[i])}) was answered ${n} times in the log`);
  });
  expect(answers.size).toBe(r.dispatched.length);
}

// ------------------------------------------------------------------ the tests

for (const file of shippedScenarioFiles()) {
  describe(`random actions on ${file}`, () => {
    const scenario = loadScenario(file);
    const arb = fc.limitShrink(runInputArb(scenario), MAX_SHRINKS);
    const holds = (check: (r: RunResult) => void) => () =>
      fc.assert(
        fc.property(arb, (input) => {
          check(runOnce(file, scenario, input));
        }),
        { seed: FC_SEED, numRuns: NUM_RUNS },
      );

    it('never make the engine throw', holds(() => undefined), TIMEOUT_MS);
    it('never bring a product\'s stock below zero, live or as recomputed from the log', holds((r) => checkStock(r, scenario)), TIMEOUT_MS);
    it('keep GMV equal to the paid amounts minus the refunds in the log, every second', holds(checkGmv), TIMEOUT_MS);
    it('never let a viewer order a product that is not listed, nor while the stream is down', holds(checkOrdersOnlyWhenBuyable), TIMEOUT_MS);
    it('keep the online count between zero and the number of viewers who came', holds(checkOnline), TIMEOUT_MS);
    it('keep event ids in order and event times never going backwards', holds(checkLogShape), TIMEOUT_MS);
    it('give every rejected action a code and a reason', holds(checkRejections), TIMEOUT_MS);
    it('answer every action sent, even after the end, with exactly one accepted or rejected event', holds(checkEveryActionAnswered), TIMEOUT_MS);
  });
}
