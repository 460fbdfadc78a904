/**
 * Determinism: a run is a pure function of (scenario, seed, time-stamped actions).
 *
 * This is what makes a student's run reproducible for grading and review: the same
 * inputs always give the same event log (compared by its sha256 digest), however the
 * time is stepped; a different seed gives a different room; and a saved run file is
 * accepted only when it still reproduces its result (docs/formats.md, "Run file").
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ActionInput } from '../../../src/engine';
import { runWithBot } from '../../../src/engine';
import { makeRunFile, parseRunFileText, replay, sealRunFile, verifyRunFile, type RunFile } from '../../../src/engine';
import { scenarioHash } from '../../../src/engine';
import { createSim, ENGINE_VERSION, REPLAYABLE_VERSIONS } from '../../../src/engine';
import { drill, kidswear, range, testRng } from './helpers';

/** The log without its first event (`run.start`, which quotes the seed), hashed. */
function audienceDigest(log: readonly unknown[]): string {
  const h = createHash('sha256');
  for (const e of log.slice(1)) h.update(JSON.stringify(e) + '\n');
  return h.digest('hex');
}

describe('the same scenario, seed and actions always give the same run', () => {
  it('over 200 seeds of the 5-minute drill, a competent bot run, its replay from the recorded actions and a second bot run have identical logs', () => {
    const scenario = drill();
    const hashBefore = scenarioHash(scenario);
    const mismatches: string[] = [];
    let actionsSeen = 0;
    for (const seed of range(1, 200)) {
      const first = runWithBot(scenario, seed, 'competent');
      const replayed = replay(scenario, seed, first.actions);
      const second = runWithBot(scenario, seed, 'competent');
      actionsSeen += first.actions.length;
      const d = first.sim.digest();
      if (replayed.digest() !== d) mismatches.push(`seed ${seed}: replay differs from the bot run`);
      if (second.sim.digest() !== d) mismatches.push(`seed ${seed}: second bot run differs from the first`);
      if (seed === 1) expect(replayed.log).toEqual(first.sim.log);
    }
    expect(mismatches).toEqual([]);
    // The bot really acted (otherwise this would only test the audience).
    expect(actionsSeen).toBeGreaterThan(200 * 10);
    // Running a scenario never modifies it.
    expect(scenarioHash(scenario)).toBe(hashBefore);
  }, 120_000);

  it('splitting time differently never changes the run: one big step, many random-size steps, or every action sent up front', () => {
    const cases = [
      ...range(1, 12).map((seed) => ({ name: 'drill', scenario: drill(), seed })),
      ...range(1, 2).map((seed) => ({ name: 'kidswear', scenario: kidswear(), seed })),
    ];
    for (const { name, scenario, seed } of cases) {
      const { sim: botSim, actions } = runWithBot(scenario, seed, 'competent');
      const expected = botSim.digest();
      const durationMs = botSim.durationMs;

      // 1. Every action sent up front, then one call to the end.
      const upFront = createSim(scenario, { seed });
      for (const a of actions) upFront.dispatch(a);
      upFront.advanceTo(durationMs);
      expect(upFront.digest(), `${name} seed ${seed}: all up front, one step`).toBe(expected);

      // 2. Every action sent up front, then many random-size steps (not whole ticks), reading the state in between.
      const rnd = testRng(seed * 7919);
      const chunked = createSim(scenario, { seed });
      for (const a of actions) chunked.dispatch(a);
      while (!chunked.finished) {
        chunked.advanceTo(chunked.now + Math.floor(rnd() * 2500));
        if (rnd() < 0.05) {
          chunked.digest();
          chunked.metrics();
        }
        if (rnd() < 0.02) chunked.advanceTo(chunked.now - 5000); // going back is a no-op
        if (chunked.now >= durationMs - 100) chunked.runToEnd();
      }
      expect(chunked.digest(), `${name} seed ${seed}: up front, random steps`).toBe(expected);

      // 3. Each action sent only when its time comes, with random-size steps in between (as the live console does).
      const live = createSim(scenario, { seed });
      let i = 0;
      while (!live.finished) {
        const next = i < actions.length ? actions[i].t : Infinity;
        const target = Math.min(next, live.now + 1 + Math.floor(rnd() * 3000));
        live.advanceTo(target);
        while (i < actions.length && actions[i].t <= live.now + 99 && actions[i].t >= live.now) live.dispatch(actions[i++]);
        if (live.now >= durationMs - 100 && i >= actions.length) live.runToEnd();
      }
      expect(i, `${name} seed ${seed}: every action was sent`).toBe(actions.length);
      expect(live.digest(), `${name} seed ${seed}: sent just in time, random steps`).toBe(expected);
    }
  }, 60_000);

  it('different seeds give different rooms: over 50 seeds with the same host actions, no two logs are alike (ignoring the seed itself)', () => {
    const scenario = drill();
    const actions: ActionInput[] = [
      { t: 500, type: 'start_explaining', product: 'oranges' },
      { t: 3000, type: 'show_card', product: 'oranges' },
      { t: 5000, type: 'say', text: '欢迎宝宝们！云南高山冰糖橙，海拔1500米，直播间到手价29.9元' },
      { t: 125000, type: 'reconnect_stream', via: 'backup' },
    ];
    const digests = range(1, 50).map((seed) => audienceDigest(replay(scenario, seed, actions).log));
    expect(new Set(digests).size).toBe(50);
  }, 30_000);
});

describe('a run file reproduces its run, and an altered one is refused with a clear reason', () => {
  const scenario = drill();
  const seed = 11;
  const { sim, actions } = runWithBot(scenario, seed, 'competent');
  /** As it would be written to disk and read back. */
  const file = (): RunFile => JSON.parse(JSON.stringify(makeRunFile(scenario, seed, actions, sim, 'bot:competent'))) as RunFile;
  /** What a tamperer with the engine's source would do after an edit: compute the seals again. */
  const reseal = (run: RunFile): RunFile => ({ ...run, integrity: sealRunFile(run) });

  it('a run file made from a run verifies against the same scenario and reproduces its digest and figures', () => {
    const run = file();
    expect(run.engineVersion).toBe(ENGINE_VERSION);
    expect(run.actions.length).toBeGreaterThan(5);
    const r = verifyRunFile(run, scenario);
    if (!r.ok) throw new Error(`refused: ${r.reason}`);
    expect(r.sim.digest()).toBe(sim.digest());
    expect(r.sim.metrics().gmv).toBe(run.result.gmv);
    expect(r.sim.log.length).toBe(run.result.events);
  });

  it('a run file relabelled with another engine version is refused: the version is part of what it proves', () => {
    for (const label of [`${ENGINE_VERSION.split('.')[0]}.99.0`, '2.99.0-evil<script>']) {
      const run = file();
      run.engineVersion = label;
      const r = verifyRunFile(run, scenario);
      expect(r.ok, label).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/edited: engineVersion changed/);
      // Resealed by someone who has the engine: still refused, as a version this engine cannot reproduce.
      const resealed = verifyRunFile(reseal(run), scenario);
      expect(resealed.ok).toBe(false);
      if (!resealed.ok) expect(resealed.reason).toMatch(/incompatible/);
    }
  });

  it('relabelling who made it (a bot\'s run as "ui") is refused, naming the field', () => {
    const run = file();
    run.createdBy = 'ui';
    const r = verifyRunFile(run, scenario);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/edited: createdBy changed/);
    const gone = file() as Partial<RunFile>;
    delete gone.createdBy;
    const r2 = verifyRunFile(gone, scenario);
    expect(!r2.ok && r2.reason).toMatch(/edited: createdBy changed/);
  });

  it('every field is sealed: changing any one of them is caught and named', () => {
    const edits: [string, (r: RunFile) => void][] = [
      ['scenario', (r) => (r.scenario = { ...r.scenario, id: 'other-room' })],
      ['seed', (r) => (r.seed += 1)],
      ['actions', (r) => r.actions.pop()],
      ['result', (r) => (r.result = { ...r.result, gmv: r.result.gmv + 1 })],
      ['engineVersion', (r) => (r.engineVersion = '3.0.1')],
    ];
    for (const [field, edit] of edits) {
      const run = file();
      edit(run);
      const r = verifyRunFile(run, scenario);
      expect(r.ok, field).toBe(false);
      if (!r.ok) expect(r.reason, field).toContain(`edited: ${field} changed`);
    }
    const digest = file();
    digest.result = { ...digest.result, digest: '0'.repeat(64) };
    const r = verifyRunFile(digest, scenario);
    expect(!r.ok && r.reason).toMatch(/result\.digest/);
  });

  it('a run file with a byte-order mark is read; bad JSON says where', () => {
    const text = '\uFEFF' + JSON.stringify(file(), null, 1);
    const p = parseRunFileText(text);
    expect(p.ok).toBe(true);
    if (p.ok) expect(verifyRunFile(p.json, scenario).ok).toBe(true);
    const bad = parseRunFileText('{\n "format": "livesim/run@2",\n "seed": 1,,\n}');
    expect(!bad.ok && bad.reason).toMatch(/not valid JSON at line 3/);
  });

  it('a run file of the old format (engine 2.x) is refused as incompatible, not as malformed', () => {
    const r = verifyRunFile({ format: 'livesim/run@1', engineVersion: '2.1.0' }, scenario);
    expect(!r.ok && r.reason).toMatch(/livesim\/run@1 file made by engine "2\.1\.0", which is incompatible/);
  });

  it('a run file of an earlier engine that this one reproduces still verifies, with its own version stamp', () => {
    for (const version of REPLAYABLE_VERSIONS) {
      const old = replay(scenario, seed, actions, version);
      const run = makeRunFile(scenario, seed, actions, old);
      expect(run.engineVersion).toBe(version);
      expect(old.log[0]).toMatchObject({ type: 'run.start', engineVersion: version });
      const r = verifyRunFile(JSON.parse(JSON.stringify(run)), scenario);
      expect(r.ok, version).toBe(true);
      // Relabelling it with another version breaks it, even resealed.
      expect(verifyRunFile(reseal({ ...run, engineVersion: `${version}-x` }), scenario).ok).toBe(false);
    }
  });

  it('editing one field of one action makes the file refused as edited', () => {
    const run = file();
    const i = run.actions.findIndex((a) => a.type === 'say');
    expect(i).toBeGreaterThanOrEqual(0);
    run.actions[i] = { ...run.actions[i], text: `${String(run.actions[i].text)}！` };
    const r = verifyRunFile(run, scenario);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/edited: actions changed/);
    // Resealed (as anyone with the engine could), the replay still gives it away.
    const r2 = verifyRunFile(reseal(run), scenario);
    expect(!r2.ok && r2.reason).toMatch(/different result.*edited or truncated/);
  });

  it('moving one action by a second makes the file refused as edited', () => {
    const run = file();
    const i = run.actions.findIndex((a) => a.type === 'show_card');
    expect(i).toBeGreaterThanOrEqual(0);
    run.actions[i] = { ...run.actions[i], t: run.actions[i].t + 1000 };
    const r = verifyRunFile(reseal(run), scenario);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/edited or truncated/);
  });

  it('a truncated action list makes the file refused', () => {
    const run = file();
    run.actions = run.actions.slice(0, run.actions.length - 1);
    const r = verifyRunFile(reseal(run), scenario);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/edited or truncated/);
  });

  it('changing the seed makes the file refused', () => {
    const run = file();
    run.seed = seed + 1;
    const r = verifyRunFile(reseal(run), scenario);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/different result/);
  });

  it('a run file from another engine major version is refused as incompatible', () => {
    const run = file();
    run.engineVersion = `${Number(ENGINE_VERSION.split('.')[0]) + 1}.0.0`;
    const r = verifyRunFile(reseal(run), scenario);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/incompatible/);
  });

  it('a run file is refused when the scenario has changed since it was recorded', () => {
    const changed = structuredClone(scenario);
    changed.products[0].livePrice = 28.9;
    const r = verifyRunFile(file(), changed);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/has changed/);
  });

  it('a run file is refused when it was made for another scenario', () => {
    const r = verifyRunFile(file(), kidswear());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/made for scenario "drill-stream-drop-5min"/);
  });

  it('a file that is not a run file is refused with the field that is wrong', () => {
    const run = file() as unknown as Record<string, unknown>;
    delete run.seed;
    const r = verifyRunFile(run, scenario);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not a valid run file: seed/);
  });

  it('a run file whose stated result (GMV, orders, viewers) was edited is refused', () => {
    const run = file();
    run.result = { ...run.result, gmv: run.result.gmv + 10000, orders: run.result.orders + 100, uv: run.result.uv * 10 };
    const r = verifyRunFile(run, scenario);
    expect(r.ok, 'the figures no longer match their seal').toBe(false);
    const r2 = verifyRunFile(reseal(run), scenario);
    expect(!r2.ok && r2.reason, 'resealed, they no longer match the re-simulated run').toMatch(/does not match the replayed run/);
  });
});

describe('a reading rule that changed with the engine version', () => {
  it('"1袋2只" is a price of 2 in a run stamped 3.1.0 and a count in 3.2.0: each version replays with its own rules', () => {
    const scenario = drill();
    const product = scenario.products[0].id;
    const wrongPrices = (engineVersion: string) => {
      const sim = createSim(scenario, { seed: 3, engineVersion });
      sim.dispatch({ t: 1000, type: 'list_product', product });
      sim.dispatch({ t: 2000, type: 'start_explaining', product });
      sim.dispatch({ t: 5000, type: 'say', text: '规格是1袋2只，放在包里正好' });
      sim.advanceTo(8000);
      return sim.log.filter((e) => e.type === 'speech.price' && !e.ok).length;
    };
    expect(wrongPrices('3.1.0')).toBe(1);
    expect(wrongPrices('3.2.0')).toBe(0);
  });
});
