import type { LoadResult, Scenario } from '../engine/scenario/load';
import shipped from 'virtual:livesim-scenarios';

/** One shipped scenario file and the engine loader's verdict on it. */
export interface ScenarioEntry {
  /** Repo-relative path, e.g. `scenarios/beauty-drill.yaml`. */
  file: string;
  result: LoadResult;
}

/**
 * Every shipped scenario, validated at build time by the engine's loader (see the
 * `livesim-shipped-scenarios` plugin in vite.config.ts) and inlined as JSON, so the page
 * works offline, needs no server and never parses YAML.
 */
export function loadShippedScenarios(): ScenarioEntry[] {
  return shipped;
}

export function findScenario(id: string): Scenario | undefined {
  for (const e of shipped) if (e.result.ok && e.result.scenario.meta.id === id) return e.result.scenario;
  return undefined;
}
