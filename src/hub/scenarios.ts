/**
 * The scenarios an exam can use: the shipped ones (read once from the folder) and every scenario an
 * exam has stored, by the hash of its content (an exam keeps grading with the scenario it was
 * created with even if the shipped file changes later).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadScenarioText, type Scenario, type ScenarioIssue } from '../engine';
import { rubricIds } from '../scoring';
import { loadExamScenario } from './grade';
import type { Hub } from './hub';
import { HubError, type ShippedScenario } from './model';

const scenarioCache = new Map<string, Scenario>();

/** The shipped scenarios (read once from the folder). */
export function shippedScenarios(hub: Hub): ShippedScenario[] {
  return [...loadShipped(hub).values()].map(({ yaml: _yaml, ...s }) => s);
}

export function loadShipped(hub: Hub): Map<string, ShippedScenario & { yaml: string }> {
  if (hub.shipped) return hub.shipped;
  const out = new Map<string, ShippedScenario & { yaml: string }>();
  for (const f of readdirSync(hub.opts.scenariosDir).filter((x) => x.endsWith('.yaml')).sort()) {
    const file = path.join(hub.opts.scenariosDir, f);
    const yaml = readFileSync(file, 'utf8');
    const r = loadScenarioText(yaml, `scenarios/${f}`, { rubrics: rubricIds() });
    if (!r.ok) continue; // the tests keep every shipped scenario valid
    const m = r.scenario.meta;
    out.set(m.id, { id: m.id, file: f, title: m.title, durationSec: m.durationSec, level: m.level, language: m.language, seat: m.seat, ...(m.task ? { task: m.task } : {}), mode: m.mode, yaml });
  }
  hub.shipped = out;
  return out;
}

/** Check a teacher's YAML with the same messages as `livesim validate`. */
export function checkScenario(yaml: string, fileName = 'scenario.yaml'): { ok: true; scenario: Scenario; warnings: ScenarioIssue[] } | { ok: false; errors: ScenarioIssue[] } {
  const r = loadScenarioText(yaml, fileName, { rubrics: rubricIds() });
  return r.ok ? { ok: true, scenario: r.scenario, warnings: r.warnings } : { ok: false, errors: r.errors };
}

export async function scenarioOf(hub: Hub, hash: string): Promise<{ scenario: Scenario; yaml: string; file: string }> {
  const row = await hub.db.get<{ yaml: string; scenario_id: string; file_name: string | null }>('SELECT yaml, scenario_id, file_name FROM scenarios WHERE hash = ?', [hash]);
  if (!row) throw new HubError(404, 'the exam\'s scenario is missing from the database');
  const file = row.file_name ?? `${row.scenario_id}.yaml`;
  let s = scenarioCache.get(hash);
  if (!s) {
    s = loadExamScenario(row.yaml, file);
    scenarioCache.set(hash, s);
  }
  return { scenario: s, yaml: row.yaml, file };
}
