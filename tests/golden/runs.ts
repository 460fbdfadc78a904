/**
 * The runs behind the golden digests: every bot with seeds 1–3, and random action streams
 * (fuzz.ts) mixed into the expert's actions with seeds 1–2, dispatched a little ahead of time
 * while the run advances in 1 s steps.
 */
import { createSim, runWithBot, type ActionInput, type BotName, type Scenario, type Sim } from '../../src/engine';
import { fuzzActions } from './fuzz';

export interface GoldenRun {
  key: string;
  sim: Sim;
}

/** The bots the golden digests were first recorded with (newer bots are covered by calibration). */
const GOLDEN_BOTS: BotName[] = ['expert', 'competent', 'passive', 'reckless'];

export function* goldenRuns(id: string, scenario: Scenario, engineVersion: string): Generator<GoldenRun> {
  for (const bot of GOLDEN_BOTS) {
    for (const seed of [1, 2, 3]) {
      const { actions } = runWithBot(scenario, seed, bot);
      // Replaying the bot's actions gives the bot's log (bots.test checks that), stamped with the version asked for.
      const sim = createSim(scenario, { seed, engineVersion });
      for (const a of actions) sim.dispatch(a);
      sim.runToEnd();
      yield { key: `${id} ${bot} ${seed}`, sim };
    }
  }
  for (const seed of [1, 2]) {
    const { actions } = runWithBot(scenario, seed, 'expert');
    const sim = createSim(scenario, { seed, engineVersion });
    const extra = fuzzActions(scenario, sim.durationMs, seed, 400);
    const all = [...actions, ...extra].sort((a, b) => (a.t as number) - (b.t as number));
    let i = 0;
    while (!sim.finished) {
      while (i < all.length && (all[i].t as number) < sim.now + 2000) sim.dispatch(all[i++] as ActionInput);
      sim.advanceTo(sim.now + 1000);
    }
    while (i < all.length) sim.dispatch(all[i++] as ActionInput);
    yield { key: `${id} fuzz ${seed}`, sim };
  }
}
