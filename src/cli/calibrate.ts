/**
 * Calibration: every bot on every shipped scenario for a number of seeds, scored with
 * each scenario's own rubric, against the bands the scoring must meet (docs/scoring.md):
 * expert ≥ 85, competent 55–80, passive ≤ 25, reckless fails the compliance gate, and
 * one bot's totals on one scenario spread by at most 8 points across seeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BOT_NAMES, runWithBot, type BotName } from '../engine';
import { loadScenarioText, type Scenario } from '../engine';
import { rubricIds, scoreRun } from '../scoring';

export interface Band {
  min?: number;
  max?: number;
  /** The compliance gate must fail on every seed. */
  failsGate?: boolean;
}

export const BANDS: Record<BotName, Band> = {
  expert: { min: 85 },
  competent: { min: 55, max: 80 },
  passive: { max: 25 },
  reckless: { failsGate: true },
};

export const MAX_SPREAD = 8;

export interface CalibrationRow {
  scenario: string;
  bot: BotName;
  totals: number[];
  gateFailures: number;
  mean: number;
  min: number;
  max: number;
  spread: number;
  ms: number;
  /** Problems with the band or the spread; empty when the row is fine. */
  problems: string[];
}

export function shippedScenarios(dir = 'scenarios'): { file: string; scenario: Scenario }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const r = loadScenarioText(readFileSync(file, 'utf8'), file, { rubrics: rubricIds() });
      if (!r.ok) throw new Error(`${file} does not load: ${r.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('; ')}`);
      return { file, scenario: r.scenario };
    });
}

/**
 * The named scenario files, validated (including that their rubric exists), for
 * `calibrate <files…>`. Each problem is printed as `file:line:col message`; null when any
 * file is invalid, so nothing is calibrated on a file that would not load in the app.
 */
export function loadForCalibration(files: string[], print: (line: string) => void): { file: string; scenario: Scenario }[] | null {
  const out: { file: string; scenario: Scenario }[] = [];
  let bad = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      print(`${file}:1:1 cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      bad = true;
      continue;
    }
    const r = loadScenarioText(text, file, { rubrics: rubricIds() });
    if (!r.ok) {
      bad = true;
      for (const e of r.errors) print(`${e.file}:${e.line}:${e.col} ${e.message}`);
    } else out.push({ file, scenario: r.scenario });
  }
  return bad ? null : out;
}

/** Run and score one bot on one scenario for seeds 1..n. */
export function calibrateOne(scenario: Scenario, bot: BotName, seeds: number, now: () => number = () => 0): CalibrationRow {
  const t0 = now();
  const totals: number[] = [];
  let gateFailures = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const { sim } = runWithBot(scenario, seed, bot);
    const rep = scoreRun(scenario, sim.log);
    totals.push(rep.total);
    if (rep.failedGates.some((g) => g.id === 'compliance')) gateFailures++;
  }
  const min = Math.min(...totals);
  const max = Math.max(...totals);
  const mean = Math.round((10 * totals.reduce((a, b) => a + b, 0)) / totals.length) / 10;
  const band = BANDS[bot];
  const problems: string[] = [];
  if (band.min !== undefined && min < band.min) problems.push(`lowest total ${min} is below ${band.min}`);
  if (band.max !== undefined && max > band.max) problems.push(`highest total ${max} is above ${band.max}`);
  if (band.failsGate && gateFailures < totals.length) problems.push(`compliance gate passed on ${totals.length - gateFailures} seeds`);
  // Only the reckless host may fail the gate: a clean bot failing it means a text in the scenario is flagged.
  if (!band.failsGate && gateFailures > 0) problems.push(`compliance gate failed on ${gateFailures} seeds`);
  const spread = Math.round((max - min) * 10) / 10;
  if (spread > MAX_SPREAD) problems.push(`totals spread ${spread} > ${MAX_SPREAD}`);
  return { scenario: scenario.meta.id, bot, totals, gateFailures, mean, min, max, spread, ms: now() - t0, problems };
}

export function calibrate(seeds: number, scenarios = shippedScenarios(), now?: () => number, onRow?: (r: CalibrationRow) => void): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  for (const { scenario } of scenarios) {
    for (const bot of BOT_NAMES) {
      const row = calibrateOne(scenario, bot, seeds, now);
      rows.push(row);
      onRow?.(row);
    }
  }
  return rows;
}

export function bandText(bot: BotName): string {
  const b = BANDS[bot];
  if (b.failsGate) return 'fails gate';
  if (b.min !== undefined && b.max !== undefined) return `${b.min}–${b.max}`;
  if (b.min !== undefined) return `≥ ${b.min}`;
  return `≤ ${b.max}`;
}

export function formatCalibration(rows: CalibrationRow[], seeds: number): string {
  const w = Math.max(26, ...rows.map((r) => r.scenario.length + 1));
  const head = `${'scenario'.padEnd(w)} ${'bot'.padEnd(10)} ${'band'.padEnd(11)} ${'mean'.padStart(6)} ${'min'.padStart(6)} ${'max'.padStart(6)} ${'spread'.padStart(6)} ${'gate✗'.padStart(6)}  ok`;
  const lines = [`calibration: ${seeds} seeds per bot and scenario, each scenario's own rubric`, '', head, '-'.repeat(head.length + 4)];
  for (const r of rows) {
    lines.push(
      `${r.scenario.padEnd(w)} ${r.bot.padEnd(10)} ${bandText(r.bot).padEnd(11)} ${r.mean.toFixed(1).padStart(6)} ${r.min.toFixed(1).padStart(6)} ${r.max.toFixed(1).padStart(6)} ${r.spread.toFixed(1).padStart(6)} ${`${r.gateFailures}/${r.totals.length}`.padStart(6)}  ${r.problems.length === 0 ? 'ok' : `NO: ${r.problems.join('; ')}`}`,
    );
  }
  const bad = rows.filter((r) => r.problems.length > 0).length;
  lines.push('', bad === 0 ? 'all bands met' : `${bad} row(s) outside their band`);
  return lines.join('\n');
}
