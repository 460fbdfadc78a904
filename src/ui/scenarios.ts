import type { Scenario, ScenarioIssue } from '../engine';
import type { ScenarioIndexEntry } from '../engine';
import shipped, { loaders } from 'virtual:livesim-scenarios';

/** What the picker shows of a valid scenario: its index entry (src/engine/scenario/catalog.ts). */
export type ScenarioSummary = ScenarioIndexEntry;

/** One shipped scenario file and the engine loader's verdict on it. */
export interface ShippedEntry {
  /** Repo-relative path, e.g. `scenarios/beauty-drill.yaml`. */
  file: string;
  result: { ok: true; hash: string; summary: ScenarioSummary } | { ok: false; errors: ScenarioIssue[] };
}
export type ScenarioEntry = ShippedEntry;

/**
 * Every shipped scenario, validated at build time by the engine's loader (the
 * `livesim-shipped-scenarios` plugin in vite.config.ts): a summary of each for the picker.
 * The page works offline, needs no server and never parses YAML.
 */
export function loadShippedScenarios(): ShippedEntry[] {
  return shipped;
}

const cache = new Map<string, Scenario>();

/** A valid shipped scenario, loaded on first use (each one is its own small chunk). */
export async function loadScenario(id: string): Promise<Scenario | undefined> {
  const hit = cache.get(id);
  if (hit) return hit;
  const load = Object.hasOwn(loaders, id) ? loaders[id] : undefined;
  if (!load) return undefined;
  const scenario = await load();
  cache.set(id, scenario);
  return scenario;
}

/** A scenario already loaded by loadScenario(). */
export function findScenario(id: string): Scenario | undefined {
  return cache.get(id);
}

/** Make a scenario that did not ship with the app (a class exam's, from the hub) the one findScenario() returns for its id. */
export function addScenario(scenario: Scenario): void {
  cache.set(scenario.meta.id, scenario);
}
