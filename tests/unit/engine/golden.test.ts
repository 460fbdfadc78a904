/**
 * Behaviour changes only on purpose: every shipped scenario × the 4 bots × seeds 1–3, and random
 * action streams, give the digests recorded in tests/golden/digests.json. The runs are stamped with
 * the recording engine's version, so the logs must be identical byte for byte. (Engine 2.1.0, the
 * restructured engine, reproduced every digest recorded by 2.0.0.) A change that alters event logs
 * on purpose records the file again (`npx tsx tests/golden/record.ts`) and says why in its commit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPLAYABLE_VERSIONS } from '../../../src/engine';
import { goldenRuns } from '../../golden/runs';
import { loadScenario, ROOT, shippedScenarioFiles } from './helpers';

const golden = JSON.parse(readFileSync(`${ROOT}tests/golden/digests.json`, 'utf8')) as { engineVersion: string; digests: Record<string, string> };

describe('the restructured engine reproduces the recorded runs', () => {
  it('can replay the recording engine version', () => {
    expect(REPLAYABLE_VERSIONS).toContain(golden.engineVersion);
  });
  for (const file of shippedScenarioFiles()) {
    const id = file.replace(/^scenarios\//, '').replace(/\.yaml$/, '');
    it(`${id}: every bot and random stream gives the recorded digest`, () => {
      let n = 0;
      for (const run of goldenRuns(id, loadScenario(file), golden.engineVersion)) {
        expect(golden.digests[run.key], `${run.key} has a golden digest`).toBeDefined();
        expect(run.sim.digest(), run.key).toBe(golden.digests[run.key]);
        n++;
      }
      expect(n).toBe(14);
    });
  }
  it('covers every recorded run', () => {
    const ids = new Set(shippedScenarioFiles().map((f) => f.replace(/^scenarios\//, '').replace(/\.yaml$/, '')));
    for (const key of Object.keys(golden.digests)) expect(ids.has(key.split(' ')[0]), key).toBe(true);
  });
});
