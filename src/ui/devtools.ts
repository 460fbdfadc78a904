/**
 * A small console handle on the engine: `window.livesim` in the browser's devtools.
 * Teachers can re-check a run's digest by hand, and the browser tests use it to
 * prove the engine gives byte-identical results in the browser and in Node.
 */
import { runWithBot, BOT_NAMES, type BotName } from '../engine/bots';
import { ENGINE_VERSION } from '../engine/sim';
import { loadShippedScenarios } from './scenarios';

export interface LivesimHandle {
  engineVersion: string;
  bots: readonly string[];
  scenarios(): string[];
  /** Run a shipped scenario with a bot; returns the event-log digest and headline metrics. */
  runBot(scenarioId: string, seed: number, bot: BotName): { digest: string; events: number; gmv: number; uv: number };
}

export function installDevtools(target: { livesim?: LivesimHandle }): void {
  const find = (id: string) => {
    for (const e of loadShippedScenarios()) if (e.result.ok && e.result.scenario.meta.id === id) return e.result.scenario;
    throw new Error(`no valid shipped scenario "${id}"`);
  };
  target.livesim = {
    engineVersion: ENGINE_VERSION,
    bots: BOT_NAMES,
    scenarios: () => loadShippedScenarios().flatMap((e) => (e.result.ok ? [e.result.scenario.meta.id] : [])),
    runBot(scenarioId, seed, bot) {
      const { sim } = runWithBot(find(scenarioId), seed, bot);
      const m = sim.metrics();
      return { digest: sim.digest(), events: sim.log.length, gmv: m.gmv, uv: m.uv };
    },
  };
}
