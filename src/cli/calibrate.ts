/**
 * Calibration: every bot on every shipped scenario for a number of seeds, scored with
 * each scenario's own rubric, against the bands the scoring must meet (docs/scoring.md):
 * expert ≥ 85, competent 55–80, typist ≥ 65, passive ≤ 25, reckless fails the compliance
 * gate, each adversarial strategy (clicks, canned, stuffer, spammer) fails on every seed and
 * stays at least 15 points below the competent host, and one bot's totals on one scenario
 * spread by at most 8 points across seeds. It also compares the scenario's targets with
 * what the bots reach, and suggests targets.
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
  /** Must not pass on any seed: below the pass mark, or a gate failed. */
  fails?: boolean;
  /** Its mean must be at least this many points below the competent bot's on the same scenario. */
  belowCompetent?: number;
}

const ADVERSARIAL: Band = { fails: true, belowCompetent: 15 };

export const BANDS: Record<BotName, Band> = {
  expert: { min: 85 },
  competent: { min: 55, max: 80 },
  typist: { min: 65 },
  passive: { max: 25 },
  reckless: { failsGate: true },
  clicks: ADVERSARIAL,
  canned: ADVERSARIAL,
  stuffer: ADVERSARIAL,
  spammer: ADVERSARIAL,
};

/** Headline outcomes of a run, compared with the scenario's targets. */
export interface Outcome {
  gmv: number;
  orders: number;
  conversion: number;
  uvValue: number;
}

export const MAX_SPREAD = 8;

export interface CalibrationRow {
  scenario: string;
  bot: BotName;
  totals: number[];
  gateFailures: number;
  /** Seeds on which the run passed (total ≥ pass mark and no gate failed). */
  passes: number;
  /** Mean outcomes over the seeds. */
  outcome: Outcome;
  mean: number;
  min: number;
  max: number;
  spread: number;
  ms: number;
  /** Problems with the band or the spread; empty when the row is fine. */
  problems: string[];
}

/** Whether a row is within its band. */
export const rowOk = (r: CalibrationRow): boolean => r.problems.length === 0;

/**
 * The shipped selling and drill scenarios, validated. Rehearsal tasks (meta.task: rehearsal) are
 * left out: the bots sell, they do not write a script, so a rehearsal has no bot bands (its scoring
 * is checked by tests/unit/scoring/rehearsal.test.ts with written scripts and gaming attempts).
 */
export function shippedScenarios(dir = 'scenarios'): { file: string; scenario: Scenario }[] {
  return shippedScenarioFiles(dir).filter((x) => x.scenario.meta.task !== 'rehearsal');
}

/** Every shipped scenario file, validated (including that its rubric exists). */
export function shippedScenarioFiles(dir = 'scenarios'): { file: string; scenario: Scenario }[] {
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
    } else if (r.scenario.meta.task === 'rehearsal') {
      bad = true;
      print(`${file}:1:1 a rehearsal task (meta.task: rehearsal): the bots sell but do not write scripts, so there is nothing to calibrate`);
    } else out.push({ file, scenario: r.scenario });
  }
  return bad ? null : out;
}

/**
 * Run and score one bot on one scenario for seeds first..first+n-1. `competentMean` (the
 * competent bot's mean on the same scenario) is needed for the adversarial bands.
 */
export function calibrateOne(scenario: Scenario, bot: BotName, seeds: number, now: () => number = () => 0, opts: { first?: number; competentMean?: number } = {}): CalibrationRow {
  const t0 = now();
  const totals: number[] = [];
  let gateFailures = 0;
  let passes = 0;
  const sum: Outcome = { gmv: 0, orders: 0, conversion: 0, uvValue: 0 };
  const first = opts.first ?? 1;
  for (let seed = first; seed < first + seeds; seed++) {
    const { sim } = runWithBot(scenario, seed, bot);
    const rep = scoreRun(scenario, sim.log);
    totals.push(rep.total);
    if (rep.failedGates.some((g) => g.id === 'compliance')) gateFailures++;
    if (rep.passed) passes++;
    const m = sim.metrics();
    sum.gmv += m.gmv;
    sum.orders += m.paidOrders;
    sum.conversion += m.conversion;
    sum.uvValue += m.uvValue;
  }
  const outcome: Outcome = { gmv: round(sum.gmv / seeds, 0), orders: round(sum.orders / seeds, 1), conversion: round(sum.conversion / seeds, 4), uvValue: round(sum.uvValue / seeds, 2) };
  const min = Math.min(...totals);
  const max = Math.max(...totals);
  const mean = Math.round((10 * totals.reduce((a, b) => a + b, 0)) / totals.length) / 10;
  const band = BANDS[bot];
  const problems: string[] = [];
  if (band.min !== undefined && min < band.min) problems.push(`lowest total ${min} is below ${band.min}`);
  if (band.max !== undefined && max > band.max) problems.push(`highest total ${max} is above ${band.max}`);
  if (band.failsGate && gateFailures < totals.length) problems.push(`compliance gate passed on ${totals.length - gateFailures} seeds`);
  // Only the reckless host (and strategies that must fail anyway) may fail the gate: a clean bot failing it means a text in the scenario is flagged.
  if (!band.failsGate && !band.fails && gateFailures > 0) problems.push(`compliance gate failed on ${gateFailures} seeds`);
  if (band.fails && passes > 0) problems.push(`passed on ${passes} of ${totals.length} seeds`);
  if (band.belowCompetent !== undefined && opts.competentMean !== undefined && mean > opts.competentMean - band.belowCompetent) {
    problems.push(`mean ${mean} is not ${band.belowCompetent} points below the competent host's ${opts.competentMean}`);
  }
  const spread = Math.round((max - min) * 10) / 10;
  if (spread > MAX_SPREAD) problems.push(`totals spread ${spread} > ${MAX_SPREAD}`);
  return { scenario: scenario.meta.id, bot, totals, gateFailures, passes, outcome, mean, min, max, spread, ms: now() - t0, problems };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Every bot (the competent one first: the adversarial bands are relative to it) on every scenario. */
export function calibrate(seeds: number, scenarios = shippedScenarios(), now?: () => number, onRow?: (r: CalibrationRow) => void, first = 1): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  const order: BotName[] = ['competent', ...BOT_NAMES.filter((b) => b !== 'competent')];
  for (const { scenario } of scenarios) {
    let competentMean: number | undefined;
    const mine: CalibrationRow[] = [];
    for (const bot of order) {
      const row = calibrateOne(scenario, bot, seeds, now, { first, competentMean });
      if (bot === 'competent') competentMean = row.mean;
      mine.push(row);
      onRow?.(row);
    }
    rows.push(...BOT_NAMES.map((b) => mine.find((r) => r.bot === b)!));
  }
  return rows;
}

/**
 * The scenario's targets against what the bots reach, with a suggestion: halfway between the
 * competent host and the expert (a good run beats the competent host; the expert can reach it).
 * A target that even the expert misses on average is flagged.
 */
export interface TargetCheck {
  scenario: string;
  metric: keyof Outcome;
  target: number | undefined;
  expert: number;
  typist: number;
  competent: number;
  suggested: number;
  unreachable: boolean;
}

export function checkTargets(rows: CalibrationRow[], scenarios: { scenario: Scenario }[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const { scenario } of scenarios) {
    const of = (bot: BotName) => rows.find((r) => r.scenario === scenario.meta.id && r.bot === bot)?.outcome;
    const e = of('expert');
    const c = of('competent');
    const t = of('typist');
    if (!e || !c || !t) continue;
    for (const metric of ['gmv', 'orders', 'conversion', 'uvValue'] as const) {
      const target = scenario.targets[metric];
      const digits = metric === 'conversion' ? 3 : metric === 'uvValue' ? 1 : 0;
      const suggested = round((c[metric] + e[metric]) / 2, digits);
      out.push({ scenario: scenario.meta.id, metric, target, expert: e[metric], typist: t[metric], competent: c[metric], suggested, unreachable: target !== undefined && e[metric] < target });
    }
  }
  return out;
}

export function formatTargets(checks: TargetCheck[]): string {
  const lines = ['targets: the scenario\'s target, the mean of the expert, typist and competent bots, and a suggestion (halfway between competent and expert)', ''];
  for (const c of checks) {
    const fmt = (x: number | undefined) => (x === undefined ? '—' : String(x));
    lines.push(`${c.scenario.padEnd(38)} ${c.metric.padEnd(10)} target ${fmt(c.target).padStart(7)}  expert ${fmt(c.expert).padStart(7)}  typist ${fmt(c.typist).padStart(7)}  competent ${fmt(c.competent).padStart(7)}  suggest ${fmt(c.suggested).padStart(7)}${c.unreachable ? '  WARNING: even the expert does not reach it' : ''}`);
  }
  return lines.join('\n');
}

export function bandText(bot: BotName): string {
  const b = BANDS[bot];
  if (b.failsGate) return 'fails gate';
  if (b.fails) return `fails, −${b.belowCompetent ?? 0}`;
  if (b.min !== undefined && b.max !== undefined) return `${b.min}–${b.max}`;
  if (b.min !== undefined) return `≥ ${b.min}`;
  return `≤ ${b.max}`;
}

export function formatCalibration(rows: CalibrationRow[], seeds: number, first = 1): string {
  const w = Math.max(26, ...rows.map((r) => r.scenario.length + 1));
  const head = `${'scenario'.padEnd(w)} ${'bot'.padEnd(10)} ${'band'.padEnd(11)} ${'mean'.padStart(6)} ${'min'.padStart(6)} ${'max'.padStart(6)} ${'spread'.padStart(6)} ${'gate✗'.padStart(6)}  ok`;
  const lines = [`calibration: seeds ${first}–${first + seeds - 1} for each bot and scenario, each scenario's own rubric`, '', head, '-'.repeat(head.length + 4)];
  for (const r of rows) {
    lines.push(
      `${r.scenario.padEnd(w)} ${r.bot.padEnd(10)} ${bandText(r.bot).padEnd(11)} ${r.mean.toFixed(1).padStart(6)} ${r.min.toFixed(1).padStart(6)} ${r.max.toFixed(1).padStart(6)} ${r.spread.toFixed(1).padStart(6)} ${`${r.gateFailures}/${r.totals.length}`.padStart(6)}  ${r.problems.length === 0 ? 'ok' : `NO: ${r.problems.join('; ')}`}`,
    );
  }
  const bad = rows.filter((r) => !rowOk(r)).length;
  lines.push('', bad === 0 ? 'all bands met' : `${bad} row(s) outside their band`);
  return lines.join('\n');
}
