/**
 * Shipped scenarios by id, each loaded on first use (its own small chunk), and the scenarios
 * the page has loaded. Apart from the picker's summaries of every file (scenarios.ts), so the
 * live room, the session and the devtools handle start a run without carrying them.
 */
import type { Scenario } from '../engine';
import { loaders } from 'virtual:livesim-scenario-loaders';

const cache = new Map<string, Scenario>();

/** The ids of the valid shipped scenarios, in file order (the picker's order). */
export function shippedScenarioIds(): string[] {
  return Object.keys(loaders);
}

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
