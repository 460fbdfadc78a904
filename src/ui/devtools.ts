/**
 * A small console handle on the engine: `window.livesim` in the browser's devtools.
 * Teachers can re-check a run's digest by hand, and the browser tests use it to
 * prove the engine gives byte-identical results in the browser and in Node.
 */
import { ENGINE_VERSION, loadBots } from '../engine';
import { loadScenario, shippedScenarioIds } from './scenario-loader';
import type { LiveRun } from './store/run';
import { currentRecording, type SnapshotStatus } from './storage/recorder';
import { currentRunInfo, useSession, type RunInfo } from './store/session';

export const BOT_NAMES = ['expert', 'competent', 'passive', 'reckless'] as const;

export interface LivesimHandle {
  engineVersion: string;
  bots: readonly string[];
  scenarios(): string[];
  /** Run a shipped scenario with a bot (the bots load on first use); resolves to the event-log digest and headline metrics. */
  runBot(scenarioId: string, seed: number, bot: (typeof BOT_NAMES)[number]): Promise<{ digest: string; events: number; gmv: number; uv: number }>;
  /** The run on screen (live or just ended), or null. */
  current(): RunInfo | null;
  /** The action log of the run on screen (`livesim/actions@1`, what the end screen downloads), or null. */
  actionLog(): ReturnType<LiveRun['actionLog']> | null;
  /** The run journal's latest snapshot on disk and the last snapshot error, for the run on screen (docs/review.md). */
  snapshots(): SnapshotStatus | null;
}

export function installDevtools(target: { livesim?: LivesimHandle }): void {
  target.livesim = {
    engineVersion: ENGINE_VERSION,
    bots: BOT_NAMES,
    scenarios: shippedScenarioIds,
    async runBot(scenarioId, seed, bot) {
      const scenario = await loadScenario(scenarioId);
      if (!scenario) throw new Error(`no valid shipped scenario "${scenarioId}"`);
      const { runWithBot } = await loadBots();
      const { sim } = runWithBot(scenario, seed, bot);
      const m = sim.metrics();
      return { digest: sim.digest(), events: sim.log.length, gmv: m.gmv, uv: m.uv };
    },
    current: currentRunInfo,
    actionLog: () => useSession.getState().run?.actionLog() ?? null,
    snapshots: () => {
      const s = currentRecording()?.snapshots;
      return s ? { saved: s.saved && { ...s.saved }, error: s.error } : null;
    },
  };
}
