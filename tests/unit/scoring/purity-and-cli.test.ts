/**
 * The scoring module stays pure (it reads the event log and the scenario, nothing else),
 * and the command line exposes it: `run --json` carries the score with its evidence,
 * `rubric <id> --coverage` lists what each criterion observes, `calibrate` checks the bands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';
import { BOT_NAMES } from '../../../src/engine';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('the scoring module is pure', () => {
  it('uses no clock, timer, DOM or randomness, and imports only types from the engine', () => {
    for (const f of files(path.join(ROOT, 'src/scoring'))) {
      const src = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const bad of [/\bDate\b/, /Math\.random/, /\bperformance\b/, /setTimeout|setInterval/, /\bwindow\.|\bdocument\.|localStorage/]) expect(src, `${f}: ${bad}`).not.toMatch(bad);
      for (const m of src.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)) {
        // The one exception is compliance/explain: the words behind a rule id (a text table, no engine logic).
        if (m[2].includes('/engine/') && !m[2].endsWith('/engine/compliance/explain')) expect(m[1], `${f} imports engine code at run time: ${m[0]}`).toBe('type ');
      }
    }
  });
});

describe('the command line', () => {
  it('run --json adds the score: total, passed, failed gates and every criterion with its clauses, points and evidence', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', 'scenarios/drill-stream-drop-5min.yaml', '--seed', '3', '--bot', 'reckless', '--json'], { cwd: ROOT, encoding: 'utf8' });
    const json = JSON.parse(out);
    expect(json.metrics).toBeDefined(); // the existing report is still there
    const s = json.score;
    expect(typeof s.total).toBe('number');
    expect(s.passed).toBe(false);
    expect(s.failedGates.map((g: { id: string }) => g.id)).toEqual(['compliance']);
    expect(s.criteria.length).toBeGreaterThan(10);
    for (const c of s.criteria) {
      expect(typeof c.id).toBe('string');
      expect(Array.isArray(c.clauses)).toBe(true);
      expect(c.points).toBeLessThanOrEqual(c.max + 1e-9);
      expect(Array.isArray(c.evidence)).toBe(true);
    }
    expect(s.criteria.find((c: { id: string }) => c.id === 'compliance').evidence.some((e: { quote?: string }) => e.quote === '加我微信，私聊下单')).toBe(true);
  }, 120_000); // a child process: generous, so it holds on a busy 2-core machine

  it('the human report prints the total, the gates and three things to improve', () => {
    const r = cli('run', 'scenarios/drill-stream-drop-5min.yaml', '--seed', '3', '--bot', 'reckless');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/score\s+\d+(\.\d)? \/ 100 .* NOT PASSED/);
    expect(r.stdout).toMatch(/gate\s+FAILED/);
    expect(r.stdout).toMatch(/three things to improve first:\n {2}1\. .*\n.*\n {2}2\. .*\n.*\n {2}3\. /);
  }, 120_000); // a child process: generous, so it holds on a busy 2-core machine

  it('rubric <id> --coverage lists every catalogue clause and the criteria that observe it', () => {
    const r = cli('rubric', 'imkt-l5-live-selling', '--coverage');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('imkt-l5:2-2-1');
    expect(r.stdout).toMatch(/imkt-l5:2-2-1\s+yes\s+.*fab-then-ask\*/);
    expect(r.stdout).toContain('every clause is observed by at least one criterion');
    const all = cli('rubric', '--coverage', '--json');
    expect(all.status).toBe(0);
    expect(JSON.parse(all.stdout).clauses.every((c: { criteria: unknown[] }) => c.criteria.length > 0)).toBe(true);
  }, 120_000); // a child process: generous, so it holds on a busy 2-core machine

  it('rubric <id> explains the weights; an unknown rubric is a usage error', () => {
    const r = cli('rubric', 'imkt-l4-live-selling');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2-2 直播销售');
    expect(r.stdout).toMatch(/fab-then-ask\s+\d+/);
    const bad = cli('rubric', 'nope');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown rubric "nope"');
  }, 120_000); // a child process: generous, so it holds on a busy 2-core machine

  it('calibrate runs every bot on every scenario and reports the bands', () => {
    const r = cli('calibrate', '--seeds', '1', '--json');
    const json = JSON.parse(r.stdout);
    expect(json.seeds).toBe(1);
    // Every bot on every shipped scenario but the rehearsal tasks (the bots write no scripts).
    const rehearsals = readdirSync(`${ROOT}scenarios`).filter((f) => f.endsWith('.yaml') && /^\s*task:\s*rehearsal\s*$/m.test(readFileSync(`${ROOT}scenarios/${f}`, 'utf8')));
    expect(rehearsals.length).toBeGreaterThan(0);
    expect(json.rows).toHaveLength(BOT_NAMES.length * (readdirSync(`${ROOT}scenarios`).filter((f) => f.endsWith('.yaml')).length - rehearsals.length));
    for (const f of rehearsals) expect(json.rows.some((row: { scenario: string }) => `${row.scenario}.yaml` === f)).toBe(false);
    // Each scenario's targets are compared with what the bots reach.
    expect(json.targets.length).toBeGreaterThan(0);
    expect(json.ok).toBe(true);
    expect(r.status).toBe(0);
  }, 300_000); // every bot on the whole library, in a child process: generous for a busy 2-core machine
});
