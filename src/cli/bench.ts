/**
 * `npm run bench`: how fast the engine simulates big rooms.
 *
 * Synthetic rooms hold about 1,000 and 10,000 concurrent viewers for 60 simulated
 * minutes, with the expert bot hosting (so comments, clicks, orders and speech
 * analysis all run, not just arrivals). Arrivals are first calibrated with a short
 * run so the room really holds the target number of viewers. Prints viewer-ticks
 * per second, speed as a multiple of real time and peak heap; the last line is
 * `bench: <N>x realtime at 10000 viewers`. Target: ≥ 1,800× (60 minutes in < 2 s).
 *
 * Also measured: a snapshot of the 10,000-viewer room (size, time to write and to restore), and
 * verifying a run file of 1,000,000 actions (`--verify-actions N` to change the count): a mix of
 * speech, card pushes, moderation, coupons and junk, spread over a 20-minute room.
 */
import { performance } from 'node:perf_hooks';
import { loadScenarioText, type Scenario } from '../engine';
import { createBot, BOT_STEP_MS } from '../engine';
import { createSim } from '../engine';
import { TICK_MS } from '../engine';
import { checkCompliance, makeRunFile, replay, Sim, verifyRunFile, type ActionInput, type Snapshot } from '../engine';

function syntheticRoom(perMin: number, minutes: number): Scenario {
  const yaml = `
format: livesim/scenario@1
meta: { id: bench-room, title: { zh: 基准测试直播间, en: Benchmark room }, level: practice, mode: practice, duration: ${minutes}m, rubric: none }
products:
  - id: p1
    name: { zh: 保温杯, en: Vacuum flask }
    category: 家居
    class: ordinary
    listPrice: 129
    livePrice: 79
    cost: 30
    stock: 1000000
    listed: true
    sellingPoints:
      - { id: keep-warm, text: 12小时保温, keywords: [保温] }
      - { id: steel, text: 316不锈钢内胆, keywords: [316] }
    facts:
      - { key: volume, label: { zh: 容量, en: Volume }, value: 500毫升, ask: [多大容量?] }
  - id: p2
    name: { zh: 毛巾, en: Towel }
    category: 家居
    class: ordinary
    listPrice: 39
    livePrice: 19.9
    cost: 8
    stock: 1000000
    listed: true
    sellingPoints:
      - { id: soft, text: 长绒棉柔软吸水, keywords: [吸水] }
coupons:
  - { id: c1, kind: live, discount: 5, quantity: 100000 }
audience:
  traffic: [{ at: 0, perMin: ${perMin.toFixed(1)} }]
  recommendation: 0
  personas:
    - { type: impulse_buyer, share: 25 }
    - { type: price_sensitive, share: 25 }
    - { type: window_shopper, share: 30 }
    - { type: question_asker, share: 10 }
    - { type: loyal_fan, share: 9 }
    - { type: troll, share: 1 }
runOfShow:
  - { id: s1, title: 保温杯, duration: ${minutes / 2}m, product: p1 }
  - { id: s2, title: 毛巾, duration: ${minutes / 2}m, product: p2 }
`;
  // A synthetic room far above the limits for authors' files: it measures the engine at scale.
  const r = loadScenarioText(yaml, 'bench-room.yaml', { audienceLimits: false });
  if (!r.ok) throw new Error(`bench scenario invalid: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.scenario;
}

interface BenchResult {
  target: number;
  avgOnline: number;
  peakOnline: number;
  wallMs: number;
  viewerTicks: number;
  events: number;
  peakHeapMb: number;
}

function simulate(scenario: Scenario, sampleHeap: boolean): BenchResult & { sim: ReturnType<typeof createSim> } {
  const sim = createSim(scenario, { seed: 1 });
  const bot = createBot('expert', 1);
  let viewerTicks = 0;
  let onlineSamples = 0;
  let onlineSum = 0;
  let peakHeap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let nextSample = 60000;
  while (!sim.finished) {
    for (const a of bot.step(sim)) sim.dispatch(a);
    sim.advanceTo(sim.now + BOT_STEP_MS);
    viewerTicks += sim.online * (BOT_STEP_MS / TICK_MS);
    if (sim.now >= nextSample) {
      nextSample += 60000;
      onlineSum += sim.online;
      onlineSamples++;
      if (sampleHeap) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  }
  const wallMs = performance.now() - t0;
  return {
    sim,
    target: 0,
    avgOnline: onlineSamples > 0 ? Math.round(onlineSum / onlineSamples) : sim.online,
    peakOnline: sim.metrics().peakOnline,
    wallMs,
    viewerTicks,
    events: sim.log.length,
    peakHeapMb: Math.round((peakHeap / 1048576) * 10) / 10,
  };
}

function calibrate(target: number): number {
  // Little's law: online ≈ arrivals × stay. Measure the average online of a pilot run, then scale.
  // Viewers who settle in stay for many minutes, so the pilot must be long enough to fill the room.
  let perMin = target;
  for (let i = 0; i < 3; i++) {
    const r = simulate(syntheticRoom(perMin, 40), false);
    perMin = perMin * (target / Math.max(1, r.avgOnline));
  }
  return perMin;
}

/** A deterministic mix of `n` actions over `durationMs`: what a spammed or scripted run file holds. */
function spamActions(n: number, durationMs: number): ActionInput[] {
  const lines = ['家人们，1号链接保温杯今天79元，316不锈钢内胆', '欢迎新进来的宝宝们，点个关注', '这是全网最低价，赶紧拍', '只剩10件了', '毛巾长绒棉，吸水不掉毛', '有问题找客服，七天无理由退换'];
  const out: ActionInput[] = [];
  for (let i = 0; i < n; i++) {
    const t = Math.floor((i * (durationMs - 1000)) / n);
    const k = i % 12;
    let a: Record<string, unknown>;
    if (k < 3) a = { type: 'say', text: lines[(i >> 2) % lines.length] };
    else if (k === 3) a = { type: 'show_card', product: i % 24 < 12 ? 'p1' : 'p2' };
    else if (k === 4) a = { type: 'hide_card' };
    else if (k === 5) a = { type: 'start_explaining', product: i % 48 < 24 ? 'p1' : 'p2' };
    else if (k === 6) a = { type: 'mute_user', viewer: 1 + (i % 5000), minutes: 5 };
    else if (k === 7) a = { type: 'reply_comment', comment: i % 20000, text: '好的，马上安排' };
    else if (k === 8) a = { type: 'set_price', product: 'p2', price: i % 2 === 0 ? 19.9 : 18.9 };
    else if (k === 9) a = { type: 'issue_coupon', coupon: 'c1' };
    else if (k === 10) a = { type: 'pin_comment', comment: i % 20000 };
    else a = { type: 'no_such_action', junk: i };
    out.push({ t, ...a } as unknown as ActionInput);
  }
  return out;
}

/** Write a run file of `n` actions to JSON text, read it back and verify it; wall time in ms. */
function verifyThroughput(n: number): { ms: number; mb: number; events: number } {
  const scenario = syntheticRoom(300, 20);
  const actions = spamActions(n, 20 * 60000);
  const text = JSON.stringify(makeRunFile(scenario, 1, actions, replay(scenario, 1, actions)));
  const t0 = performance.now();
  const r = verifyRunFile(JSON.parse(text), scenario);
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`bench: the run file did not verify: ${r.reason}`);
  return { ms, mb: text.length / 1e6, events: r.sim.log.length };
}

/** Milliseconds to check 10,000 typical script lines for compliance problems. */
function complianceThroughput(): number {
  const samples = [
    '家人们这件卫衣是加绒的，冬天穿很暖和',
    '这是全网最低价，错过就没了，赶紧去拍',
    '开封后最佳食用期是三天，记得冷藏保存哦',
    '有问题可以私信客服，客服在线帮你查物流',
    '加我微信发你优惠券，私聊下单更便宜',
    '这款面霜主打保湿，干皮姐妹很适合用',
  ];
  const lines = Array.from({ length: 10_000 }, (_, i) => `${samples[i % samples.length]}${i % 97}`);
  for (const l of lines.slice(0, 500)) checkCompliance(l);
  const t0 = performance.now();
  for (const l of lines) checkCompliance(l);
  return performance.now() - t0;
}

export function runBench(flags: Map<string, string | true>): number {
  const minutes = typeof flags.get('minutes') === 'string' ? Number(flags.get('minutes')) : 60;
  const targets = [1000, 10000];
  let last = 0;
  process.stdout.write(`livesim bench: ${minutes} simulated minutes per room, tick ${TICK_MS} ms, expert bot hosting\n`);
  for (const target of targets) {
    const perMin = calibrate(target);
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    const r = simulate(syntheticRoom(perMin, minutes), true);
    const speed = (minutes * 60000) / r.wallMs;
    last = speed;
    let snapLine = '';
    if (target === targets[targets.length - 1]) {
      const t0 = performance.now();
      const text = JSON.stringify(r.sim.snapshot());
      const t1 = performance.now();
      Sim.restore(r.sim.scenario, JSON.parse(text) as Snapshot);
      const t2 = performance.now();
      snapLine = `\n  snapshot at the end: ${(text.length / 1e6).toFixed(1)} MB of JSON, written in ${(t1 - t0).toFixed(0)} ms, restored in ${(t2 - t1).toFixed(0)} ms`;
    }
    process.stdout.write(
      [
        `room ${target}: arrivals ${Math.round(perMin)}/min, avg online ${r.avgOnline}, peak ${r.peakOnline}, UV ${r.sim.metrics().uv}, events ${r.events}`,
        `  wall ${(r.wallMs / 1000).toFixed(2)} s · ${(r.viewerTicks / (r.wallMs / 1000) / 1e6).toFixed(1)} M viewer-ticks/s · ${Math.round(speed)}x realtime · peak heap ${r.peakHeapMb} MB${snapLine}`,
      ].join('\n') + '\n',
    );
  }
  const verifyN = typeof flags.get('verify-actions') === 'string' ? Number(flags.get('verify-actions')) : 1_000_000;
  if (verifyN > 0) {
    const v = verifyThroughput(verifyN);
    process.stdout.write(`verify: a run file of ${verifyN} actions (${v.mb.toFixed(1)} MB, ${v.events} events) verified in ${(v.ms / 1000).toFixed(1)} s\n`);
  }
  const lint = complianceThroughput();
  process.stdout.write(`compliance: 10000 script lines checked in ${lint.toFixed(0)} ms (target < 1000 ms)\n`);
  process.stdout.write(`bench: ${Math.round(last)}x realtime at ${targets[targets.length - 1]} viewers\n`);
  return 0;
}
