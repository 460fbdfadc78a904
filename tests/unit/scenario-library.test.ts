/**
 * The scenario library (issue #4): what a teacher relies on when picking a shipped scenario.
 *
 * - at least 12 scenarios, every one valid and naming a rubric that exists;
 * - the durations of the standards' slots: 5-minute drills, 10-, 15- and 20-minute runs, 30–60-minute rooms;
 * - both seats, and an English (cross-border) room;
 * - every incident kind the engine supports in at least two scenarios;
 * - every catalogue clause observed by the criteria of at least two scenarios' rubrics, except
 *   the clauses listed in UNCOVERED_CLAUSES with the reason;
 * - every bot runs every scenario to the end;
 * - every scripted question is answered correctly by the expert bot, whose answer is the
 *   product's fact (label and value) and nothing else;
 * - the index the picker reads (src/engine/scenario/catalog.ts) says what the files say.
 *
 * The calibration bands on every shipped scenario are checked by tests/unit/scoring/calibration.test.ts
 * (5 seeds per bot and scenario; `npm run livesim -- calibrate` runs 20).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BOT_NAMES, runWithBot } from '../../src/engine';
import { DURATION_CLASSES, scenarioIndexEntry } from '../../src/engine';
import { loadScenarioText, type Scenario } from '../../src/engine';
import { INCIDENT_KINDS } from '../../src/engine';
import { catalogue, coverage, loadRubric, rubricIds } from '../../src/scoring';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const files = readdirSync(`${ROOT}scenarios`).filter((f) => f.endsWith('.yaml')).sort();
const loaded = files.map((f) => ({ file: `scenarios/${f}`, result: loadScenarioText(readFileSync(`${ROOT}scenarios/${f}`, 'utf8'), `scenarios/${f}`, { rubrics: rubricIds() }) }));
const scenarios: Scenario[] = loaded.flatMap((l) => (l.result.ok ? [l.result.scenario] : []));
const index = scenarios.map(scenarioIndexEntry);

/**
 * Clauses no shipped scenario's rubric can observe twice, and why. Each entry must still be
 * true (the test fails when a clause listed here becomes covered, so the list stays honest).
 */
const UNCOVERED_CLAUSES: Record<string, string> = {
  'imkt-l3:2-1-2': 'adjusting the plan after a rehearsal and rehearsing again: only the 三级 rehearsal task (imkt-l3-rehearsal-noodles-15min) sets it so far; a second 三级 rehearsal room would make two',
  'platform-l4:2-2-1': 'no 平台管理员四级 rubric yet: its clauses are observed by criteria (questions-answered, negative-comments) but no rubric covers them',
  'platform-l4:2-2-2': 'no 平台管理员四级 rubric yet (the FAQ library and rules are written work; questions-answered observes the live part)',
  // The 1+X 高级 rubric (1x-advanced-live-selling) is new: the cross-border room uses it. The heritage
  // (2.4.2) and rural-aid (2.4.3) practice rooms are meant to switch to it; then these entries go.
};

describe('the scenario library', () => {
  it('has at least 12 scenarios, every one valid with a rubric that exists', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    const bad = loaded.filter((l) => !l.result.ok).map((l) => `${l.file}: ${l.result.ok ? '' : l.result.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('; ')}`);
    expect(bad).toEqual([]);
  });

  it('ids are unique and match the file names', () => {
    for (const l of loaded) if (l.result.ok) expect(`scenarios/${l.result.scenario.meta.id}.yaml`).toBe(l.file);
  });

  it('covers the durations of the standards: 5-minute drills, 10-, 15- and 20-minute runs, 30–60-minute practice rooms', () => {
    const have = new Set(index.map((e) => e.duration));
    for (const d of DURATION_CLASSES.filter((c) => c !== 'other')) expect(have, `a ${d}-minute scenario`).toContain(d);
    // Drills are short and train one incident kind.
    for (const e of index.filter((x) => x.mode === 'drill')) {
      expect(e.duration, e.id).toBe('5');
      expect(e.incidents.length, `${e.id} trains one incident kind`).toBe(1);
    }
  });

  it('has both seats, the controller-seat levels and an English cross-border room', () => {
    expect(index.some((e) => e.seat === 'controller' && e.level === '1x-primary' && e.rubric === '1x-primary-live-ops')).toBe(true);
    expect(index.some((e) => e.level === 'platform-l5' && e.rubric === 'imkt-platform-l5' && e.duration === '15')).toBe(true);
    const en = index.filter((e) => e.language === 'en');
    expect(en.length).toBeGreaterThanOrEqual(1);
    expect(en[0].currency).toBe('USD');
    for (const level of ['1x-intermediate', 'imkt-l5', 'imkt-l4', 'imkt-l3', 'platform-l5', '1x-primary']) expect(index.map((e) => e.level), level).toContain(level);
  });

  it('has every incident kind in at least two scenarios', () => {
    const count = new Map<string, string[]>();
    for (const e of index) for (const k of e.incidents) count.set(k, [...(count.get(k) ?? []), e.id]);
    const thin = INCIDENT_KINDS.filter((k) => (count.get(k) ?? []).length < 2).map((k) => `${k}: ${(count.get(k) ?? []).join(', ') || 'none'}`);
    expect(thin).toEqual([]);
  });

  it('has every catalogue clause observed by the criteria of at least two scenarios’ rubrics (exceptions listed with a reason)', () => {
    // A scenario observes a clause when its rubric covers the clause and uses a criterion observing it.
    const byRubric = new Map(rubricIds().map((id) => [id, coverage(id)]));
    const seen = new Map<string, Set<string>>();
    for (const s of scenarios) {
      for (const row of byRubric.get(s.meta.rubric)!) {
        if (row.coveredByRubric && row.criteria.some((c) => c.inRubric)) {
          if (!seen.has(row.clause)) seen.set(row.clause, new Set());
          seen.get(row.clause)!.add(s.meta.id);
        }
      }
    }
    const thin = catalogue().entries.map((e) => e.id).filter((id) => (seen.get(id)?.size ?? 0) < 2);
    expect(thin.sort()).toEqual(Object.keys(UNCOVERED_CLAUSES).sort());
  });

  it('names, for every scenario, a rubric for its seat', () => {
    for (const s of scenarios) expect(loadRubric(s.meta.rubric).seat, s.meta.id).toBe(s.meta.seat);
  });
});

describe('every bot on every scenario', () => {
  it.each(scenarios.map((s) => [s.meta.id, s] as const))('%s runs to the end with every bot', (_id, s) => {
    for (const bot of BOT_NAMES) {
      const { sim, actions } = runWithBot(s, 1, bot);
      expect(sim.finished, bot).toBe(true);
      expect(sim.log[sim.log.length - 1].type, bot).toBe('room.ended');
      if (bot !== 'passive') expect(actions.length, `${bot} acts`).toBeGreaterThan(0);
    }
  });
});

describe('scripted questions are answerable from the facts', () => {
  it.each(scenarios.map((s) => [s.meta.id, s] as const))('%s: the expert answers every scripted question correctly with the fact', (_id, s) => {
    const { sim } = runWithBot(s, 1, 'expert');
    const asked = sim.log.filter((e) => e.type === 'comment' && e.kind === 'question' && e.scripted);
    expect(asked.length).toBe(s.script.comments.filter((c) => c.kind === 'question').length);
    const wrong: string[] = [];
    for (const q of asked) {
      if (q.type !== 'comment') continue;
      const a = sim.log.find((e) => e.type === 'question.answered' && e.comment === q.id);
      if (!a || a.type !== 'question.answered' || !a.correct) {
        const fact = s.products.find((p) => p.id === q.product)?.facts.find((f) => f.key === q.fact);
        wrong.push(`"${q.text}" (${q.product}.${q.fact} = "${fact?.value}", accept: ${fact?.accept.join('|')}): ${a ? 'judged wrong' : 'not answered'}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the scenario index (what the picker reads)', () => {
  it('derives duration, incidents and category from the files', () => {
    for (const [i, s] of scenarios.entries()) {
      const e = index[i];
      expect(e.durationSec).toBe(s.meta.durationSec);
      expect(new Set(e.incidents)).toEqual(new Set(s.incidents.map((x) => x.kind)));
      expect(e.category.zh.length).toBeGreaterThan(0);
      expect(e.rubric).toBe(s.meta.rubric);
      if (s.meta.category) expect(e.category).toEqual(s.meta.category);
      else expect(s.products[0].category.startsWith(e.category.zh)).toBe(true);
    }
  });
});

describe('`calibrate` on one file', () => {
  const cli = (...args: string[]) => spawnSync(`${ROOT}node_modules/.bin/tsx`, ['src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('prints the band table for that file only', () => {
    const r = cli('calibrate', 'scenarios/drill-stream-drop-5min.yaml', '--seeds', '1');
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => new RegExp(`^\\S+\\s+(${BOT_NAMES.join('|')})\\s`).test(l));
    expect(rows.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(BOT_NAMES.map((b) => `drill-stream-drop-5min ${b}`));
    expect(r.stdout).toContain('all bands met');
  }, 120_000); // a child process: generous, so it holds on a busy 2-core machine

  it('validates the file first: an invalid file gets file:line:col messages and exit 1, and nothing is run', () => {
    const r = cli('calibrate', 'tests/fixtures/scenarios/invalid/type-stock-is-text.yaml', '--seeds', '1');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^tests\/fixtures\/scenarios\/invalid\/type-stock-is-text\.yaml:\d+:\d+ products\.0\.stock: /m);
    expect(r.stdout).not.toContain('expert');
  }, 120_000); // a child process: generous, so it holds on a busy 2-core machine
});
