/**
 * The shipped scenarios (scenarios/*.yaml), loaded with the engine's loader, in the order of their
 * ids — the order the app hands them to the micro-drills (src/ui/drills/sources.ts), so a seed
 * draws the same variant in a test as on the page. A file that does not load throws, naming it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioText, type Scenario } from '../src/engine';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'scenarios');

export function shippedScenarios(): Scenario[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      const r = loadScenarioText(readFileSync(path.join(DIR, f), 'utf8'), `scenarios/${f}`);
      if (!r.ok) throw new Error(`scenarios/${f} does not load: ${r.errors.map((e) => e.message).join('; ')}`);
      return r.scenario;
    })
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
}
