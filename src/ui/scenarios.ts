import type { ScenarioIssue } from '../engine';
import type { ScenarioIndexEntry } from '../engine';
import shipped from 'virtual:livesim-scenarios';

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

// Loading a scenario by id, and the ones loaded: their own module (the live room needs them, not the summaries).
export { addScenario, findScenario, loadScenario } from './scenario-loader';
