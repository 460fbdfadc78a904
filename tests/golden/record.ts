/**
 * Records the golden digests: every shipped scenario × the 4 bots × seeds 1–3.
 * Run once, before a change that must not alter behaviour:
 *   npx tsx tests/golden/record.ts
 * The test tests/unit/engine/golden.test.ts checks the engine against the file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BOT_NAMES, runWithBot } from '../../src/engine/bots';
import { ENGINE_VERSION } from '../../src/engine/sim';
import { loadScenarioText } from '../../src/engine/scenario/load';
import { createSim } from '../../src/engine/sim';
import type { ActionInput } from '../../src/engine/actions';
import { fuzzActions } from './fuzz';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const digests: Record<string, string> = {};
for (const f of readdirSync(ROOT + 'scenarios').filter((x) => x.endsWith('.yaml')).sort()) {
  const r = loadScenarioText(readFileSync(`${ROOT}scenarios/${f}`, 'utf8'), f);
  if (!r.ok) throw new Error(`${f} does not load`);
  for (const bot of BOT_NAMES) {
    for (const seed of [1, 2, 3]) {
      const { sim } = runWithBot(r.scenario, seed, bot);
      digests[`${f.replace(/\.yaml$/, '')} ${bot} ${seed}`] = sim.digest();
    }
  }
  // Random actions mixed into the expert's: every action type, valid or not, early, late and after the end.
  for (const seed of [1, 2]) {
    const scenario = r.scenario;
    const { actions } = runWithBot(scenario, seed, 'expert');
    const sim = createSim(scenario, { seed });
    const extra = fuzzActions(scenario, sim.durationMs, seed, 400);
    const all = [...actions, ...extra].sort((a, b) => (a.t as number) - (b.t as number));
    let i = 0;
    while (!sim.finished) {
      while (i < all.length && (all[i].t as number) < sim.now + 2000) sim.dispatch(all[i++] as ActionInput);
      sim.advanceTo(sim.now + 1000);
    }
    while (i < all.length) sim.dispatch(all[i++] as ActionInput);
    digests[`${f.replace(/\.yaml$/, '')} fuzz ${seed}`] = sim.digest();
  }
  process.stderr.write(`${f}\n`);
}
writeFileSync(`${ROOT}tests/golden/digests.json`, JSON.stringify({ engineVersion: ENGINE_VERSION, digests }, null, 1) + '\n');
