/**
 * Records the golden digests: every shipped scenario × the 4 bots × seeds 1–3.
 * Run once, before a change that must not alter behaviour:
 *   npx tsx tests/golden/record.ts
 * The test tests/unit/engine/golden.test.ts checks the engine against the file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENGINE_VERSION, loadScenarioText } from '../../src/engine';
import { goldenRuns } from './runs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const digests: Record<string, string> = {};
for (const f of readdirSync(ROOT + 'scenarios').filter((x) => x.endsWith('.yaml')).sort()) {
  const r = loadScenarioText(readFileSync(`${ROOT}scenarios/${f}`, 'utf8'), f);
  if (!r.ok) throw new Error(`${f} does not load`);
  for (const run of goldenRuns(f.replace(/\.yaml$/, ''), r.scenario, ENGINE_VERSION)) digests[run.key] = run.sim.digest();
  process.stderr.write(`${f}\n`);
}
writeFileSync(`${ROOT}tests/golden/digests.json`, JSON.stringify({ engineVersion: ENGINE_VERSION, digests }, null, 1) + '\n');
