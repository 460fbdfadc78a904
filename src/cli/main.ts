/**
 * `npm run livesim -- <command>`: the engine, headless.
 *
 *   validate <files…>                      check scenario files; prints file:line:col messages
 *   run <scenario> --seed N (--bot NAME | --actions FILE) [--json] [--save-run FILE] [--save-log FILE] [--snapshot-at MM:SS]
 *   verify <runfile> --scenario FILE       re-simulate a run file and check its digest
 *   schema                                 the scenario JSON Schema (for editor autocompletion)
 *   bench                                  engine speed on synthetic rooms of 1,000 and 10,000 viewers
 *   rubric [<id>] [--coverage] [--json]    a rubric's sections, criteria and weights; or each catalogue clause and the criteria observing it
 *   calibrate [files…] [--seeds N] [--first SEED] [--json]  every bot on every shipped scenario (or the named files), scored, against the calibration bands
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { loadScenarioBytes, type Scenario } from '../engine';
import { scenarioSchema } from '../engine';
import { BOT_NAMES, runWithBot, type BotName } from '../engine';
import { actionLogSchema, makeRunFile, parseRunFileText, replay, verifyRunFile } from '../engine';
import { ENGINE_VERSION, type Sim } from '../engine';
import type { ActionInput } from '../engine';
import { formatClock, parseDurationSec } from '../engine';
import { runBench } from './bench';
import { coverage, loadRubric, rubricIds, scoreRun } from '../scoring';
import { calibrate, checkTargets, formatCalibration, formatTargets, loadForCalibration, rowOk, shippedScenarios } from './calibrate';
import { formatCoverage, formatRubric, formatScore } from './score-report';
import { runLint } from './lint';
import { nearest, OptionError, parseOptions, type OptionSpec } from './options';

const USAGE = `livesim ${ENGINE_VERSION} — live-commerce practice simulator, headless

usage: npm run livesim -- <command> [options]

commands:
  validate <files…>             check scenario files (exit 1 and file:line:col messages when invalid)
  run <scenario> --seed N (--bot ${BOT_NAMES.join('|')} | --actions FILE)
                                [--json] [--save-run FILE] [--save-log FILE] [--snapshot-at MM:SS]
                                run a scenario to the end and print a report; with --snapshot-at,
                                the engine's state is written to JSON text at that time and the
                                run goes on in a fresh engine restored from it (same result)
  verify <runfile> --scenario FILE
                                re-simulate a run file and check it was not altered
  schema                        print the scenario JSON Schema
  bench                         measure engine speed (also: npm run bench)
  rubric [<id>] [--coverage] [--json]
                                show a rubric (sections, criteria, weights and why); with
                                --coverage, each catalogue clause and the criteria observing it
  calibrate [<files…>] [--seeds N] [--first SEED] [--json]
                                run every bot on every shipped scenario, or on the named files
                                (validated first), for 20 seeds by default (from --first, default 1),
                                check the scores against the calibration bands (exit 1 if not
                                met), and compare the scenarios' targets with what the bots reach
  lint [--scenario FILE] [--gate 1|2|3] [--format json|text] [FILE|-]
                                check a script for compliance problems (JSON lines + summary;
                                exit 1 at or above the gate, default 2; see lint --help)
`;

class UsageError extends Error {}

/** The options each command takes (anything else is refused with the nearest one: src/cli/options.ts). */
const COMMAND_OPTIONS: Record<string, OptionSpec> = {
  validate: { values: [], switches: [] },
  run: { values: ['seed', 'bot', 'actions', 'save-run', 'save-log', 'snapshot-at'], switches: ['json'] },
  verify: { values: ['scenario'], switches: [] },
  schema: { values: [], switches: [] },
  bench: { values: ['minutes', 'verify-actions'], switches: [] },
  rubric: { values: [], switches: ['coverage', 'json'] },
  calibrate: { values: ['seeds', 'first'], switches: ['json'] },
};

/** How many positional arguments each command takes at most. */
const MAX_POSITIONAL: Record<string, number> = { validate: Infinity, run: 1, verify: 1, schema: 0, bench: 0, rubric: 1, calibrate: Infinity };

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** A file's bytes, or why it cannot be read. */
function readBytes(file: string): Uint8Array | string {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : (code ?? String(e));
  }
}

function loadScenarioFile(file: string): Scenario {
  const bytes = readBytes(file);
  if (typeof bytes === 'string') throw new UsageError(`${file}: cannot read file (${bytes})`);
  const r = loadScenarioBytes(bytes, file);
  if (!r.ok) {
    for (const e of r.errors) process.stderr.write(`${e.file}:${e.line}:${e.col} ${e.message}\n`);
    throw new UsageError(`${file}: invalid scenario (${r.errors.length} problem${r.errors.length > 1 ? 's' : ''})`);
  }
  return r.scenario;
}

/**
 * Check each file in turn, whatever happened to the one before: problems as `file:line:col
 * message` (exit 1 when any file has one), warnings as `file:line:col warning: message`.
 */
function cmdValidate(files: string[]): number {
  if (files.length === 0) throw new UsageError('validate: name at least one scenario file');
  let bad = 0;
  const rubrics = rubricIds();
  for (const file of files) {
    const bytes = readBytes(file);
    if (typeof bytes === 'string') {
      process.stdout.write(`${file}:1:1 cannot read file (${bytes})\n`);
      bad++;
      continue;
    }
    const r = loadScenarioBytes(bytes, file, { rubrics });
    if (r.ok) {
      for (const w of r.warnings) process.stdout.write(`${w.file}:${w.line}:${w.col} warning: ${w.message}\n`);
      const warned = r.warnings.length > 0 ? `, ${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}` : '';
      process.stdout.write(`${file}: ok (${r.scenario.meta.id}, ${formatClock(r.scenario.meta.durationSec * 1000)}, ${r.scenario.products.length} products${warned})\n`);
    } else {
      bad++;
      for (const e of r.errors) process.stdout.write(`${e.file}:${e.line}:${e.col} ${e.message}\n`);
    }
  }
  return bad > 0 ? 1 : 0;
}

function readActions(file: string, scenario: Scenario): ActionInput[] {
  let json: unknown;
  const text = readText(file);
  try {
    json = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    let where = '';
    if (m) {
      const before = text.slice(0, Number(m[1]));
      const line = before.split('\n').length;
      where = `:${line}:${Number(m[1]) - before.lastIndexOf('\n')}`;
    }
    throw new UsageError(`${file}${where} not valid JSON: ${(e as Error).message}`);
  }
  const parsed = actionLogSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new UsageError(`${file}: ${i.path.join('.') || '(top level)'}: ${i.message}`);
  }
  if (parsed.data.scenario && parsed.data.scenario !== scenario.meta.id) {
    throw new UsageError(`${file}: these actions are for scenario "${parsed.data.scenario}", not "${scenario.meta.id}"`);
  }
  return parsed.data.actions as unknown as ActionInput[];
}

function report(sim: Sim) {
  const m = sim.metrics();
  const incidents = sim.view().tasks.map((t) => ({ id: t.id, kind: t.kind, handled: t.handled, missed: t.missed }));
  const rejected = sim.log.filter((e) => e.type === 'action.rejected').length;
  const violations = sim.log.filter((e) => e.type === 'speech.violation').length;
  return { m, incidents, rejected, violations };
}

function cmdRun(positional: string[], flags: Map<string, string | true>): number {
  const file = positional[0];
  if (!file) throw new UsageError('run: name a scenario file');
  const seedFlag = flags.get('seed');
  const seed = seedFlag === undefined ? 1 : Number(seedFlag);
  if (!Number.isInteger(seed)) throw new UsageError(`run: --seed must be a whole number, got "${String(seedFlag)}"`);
  const botFlag = flags.get('bot');
  const actionsFlag = flags.get('actions');
  if ((botFlag === undefined) === (actionsFlag === undefined)) throw new UsageError('run: give exactly one of --bot NAME or --actions FILE');
  const scenario = loadScenarioFile(file);
  const snapFlag = flags.get('snapshot-at');
  let snapshotAt: number | undefined;
  if (snapFlag !== undefined) {
    // The same time syntax as scenario files: MM:SS, H:MM:SS, seconds, or 7m30s.
    const sec = typeof snapFlag === 'string' ? parseDurationSec(snapFlag) : null;
    const ms = sec === null ? null : Math.round(sec * 1000);
    if (ms === null) throw new UsageError(`run: --snapshot-at takes a time as MM:SS (or seconds), got "${String(snapFlag)}"`);
    if (ms <= 0 || ms >= scenario.meta.durationSec * 1000) throw new UsageError(`run: --snapshot-at ${String(snapFlag)} is not within the run (0:00–${formatClock(scenario.meta.durationSec * 1000)})`);
    snapshotAt = ms;
  }
  let sim: Sim;
  let actions: ActionInput[];
  let source: string;
  if (botFlag !== undefined) {
    if (typeof botFlag !== 'string' || !(BOT_NAMES as readonly string[]).includes(botFlag)) throw new UsageError(`run: --bot must be one of ${BOT_NAMES.join(', ')}`);
    const r = runWithBot(scenario, seed, botFlag as BotName, { snapshotAt });
    sim = r.sim;
    actions = r.actions;
    source = `bot:${botFlag}`;
  } else {
    if (typeof actionsFlag !== 'string') throw new UsageError('run: --actions needs a file');
    actions = readActions(actionsFlag, scenario);
    sim = replay(scenario, seed, actions, undefined, { snapshotAt });
    source = `actions:${actionsFlag}`;
  }
  const saveRun = flags.get('save-run');
  if (typeof saveRun === 'string') writeFileSync(saveRun, JSON.stringify(makeRunFile(scenario, seed, actions, sim, source), null, 1) + '\n');
  const saveLog = flags.get('save-log');
  if (typeof saveLog === 'string') writeFileSync(saveLog, sim.log.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const { m, incidents, rejected, violations } = report(sim);
  const score = scoreRun(scenario, sim.log);
  if (flags.get('json')) {
    const { products, ...rest } = m;
    process.stdout.write(
      JSON.stringify({
        scenario: scenario.meta.id,
        seed,
        engineVersion: ENGINE_VERSION,
        source,
        digest: sim.digest(),
        events: sim.log.length,
        actions: actions.length,
        rejectedActions: rejected,
        violations,
        metrics: rest,
        products,
        incidents,
        score,
      }) + '\n',
    );
    return 0;
  }
  const lines = [
    `${scenario.meta.title.zh} / ${scenario.meta.title.en} (${scenario.meta.id})`,
    `seed ${seed} · ${source} · engine ${ENGINE_VERSION} · ${formatClock(sim.now)} simulated`,
    '',
    `viewers    UV ${m.uv} · peak online ${m.peakOnline} · avg dwell ${m.avgDwellSec}s · interaction ${(m.interactionRate * 100).toFixed(1)}%`,
    `engagement comments ${m.comments} (${m.commentsPerMin}/min) · likes ${m.likes} · new followers ${m.newFollowers} · shares ${m.shares}`,
    `sales      clicks ${m.productClicks} by ${m.clickers} · orders ${m.orders} · paid ${m.paidOrders} · GMV ${m.gmv.toFixed(2)} · refunds ${m.refunds}`,
    `ratios     conversion ${(m.conversion * 100).toFixed(2)}% of UV · ${(m.clickConversion * 100).toFixed(1)}% of clickers · UV value ${m.uvValue} · GPM ${m.gpm}`,
    `room       platform warnings ${m.warnings} · compliance hits ${violations} · rejected actions ${rejected}`,
    '',
    'incidents:',
    ...(incidents.length === 0 ? ['  (none)'] : incidents.map((i) => `  ${i.id.padEnd(16)} ${i.kind.padEnd(22)} ${i.handled ? 'handled' : i.missed ? 'MISSED' : 'open'}`)),
    '',
    'products:',
    ...m.products.map((p) => `  ${p.id.padEnd(12)} explained ${String(p.explainSec).padStart(6)}s · cards ${p.cardPushes} · clicks ${p.clicks} · paid ${p.paidOrders} · GMV ${p.gmv.toFixed(2)}`),
    '',
    ...formatScore(score),
    '',
    `digest ${sim.digest()}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

function cmdVerify(positional: string[], flags: Map<string, string | true>): number {
  const file = positional[0];
  const scenarioFile = flags.get('scenario');
  if (!file || typeof scenarioFile !== 'string') throw new UsageError('verify: usage: verify <runfile> --scenario FILE');
  const scenario = loadScenarioFile(scenarioFile);
  const parsed = parseRunFileText(readText(file));
  if (!parsed.ok) {
    process.stdout.write(`${file}: refused: ${parsed.reason}\n`);
    return 1;
  }
  const r = verifyRunFile(parsed.json, scenario);
  if (!r.ok) {
    process.stdout.write(`${file}: refused: ${r.reason}\n`);
    return 1;
  }
  process.stdout.write(`${file}: ok — every field matches its seal and digest ${r.run.result.digest} is reproduced (${r.run.actions.length} actions, GMV ${r.sim.metrics().gmv.toFixed(2)}${r.run.createdBy ? `, made by ${r.run.createdBy}` : ''}). This shows the actions replay to this result, not that a person played them live.\n`);
  return 0;
}

function cmdRubric(positional: string[], flags: Map<string, string | true>): number {
  const id = positional[0];
  if (id !== undefined && !rubricIds().includes(id)) throw new UsageError(`rubric: unknown rubric "${id}" (known: ${rubricIds().join(', ')})`);
  const rubric = id !== undefined ? loadRubric(id) : undefined;
  if (flags.get('coverage')) {
    const rows = coverage(id);
    if (flags.get('json')) {
      process.stdout.write(JSON.stringify({ rubric: id ?? null, clauses: rows }) + '\n');
      return rows.every((r) => r.criteria.length > 0) ? 0 : 1;
    }
    const { lines, missing } = formatCoverage(rows, rubric);
    process.stdout.write(lines.join('\n') + '\n');
    return missing.length === 0 ? 0 : 1;
  }
  if (!rubric) {
    process.stdout.write(rubricIds().map((r) => `${r.padEnd(30)} ${loadRubric(r).title.zh} / ${loadRubric(r).title.en}`).join('\n') + '\n');
    return 0;
  }
  if (flags.get('json')) {
    process.stdout.write(JSON.stringify(rubric) + '\n');
    return 0;
  }
  process.stdout.write(formatRubric(rubric).join('\n') + '\n');
  return 0;
}

function cmdCalibrate(positional: string[], flags: Map<string, string | true>): number {
  const seedsFlag = flags.get('seeds');
  const seeds = seedsFlag === undefined ? 20 : Number(seedsFlag);
  if (!Number.isInteger(seeds) || seeds < 1) throw new UsageError(`calibrate: --seeds must be a whole number ≥ 1, got "${String(seedsFlag)}"`);
  const t0 = performance.now();
  // Named files: validate them first (exit 1 with file:line:col messages), then calibrate only those.
  const chosen = positional.length > 0 ? loadForCalibration(positional, (line) => process.stdout.write(line + '\n')) : undefined;
  if (chosen === null) return 1;
  const firstFlag = flags.get('first');
  const first = firstFlag === undefined ? 1 : Number(firstFlag);
  if (!Number.isInteger(first)) throw new UsageError(`calibrate: --first must be a whole number, got "${String(firstFlag)}"`);
  const scenarios = chosen ?? shippedScenarios();
  const rows = calibrate(seeds, scenarios, () => performance.now(), (r) => {
    if (!flags.get('json')) process.stderr.write(`  ${r.scenario} ${r.bot}: ${r.totals.join(' ')} (${(r.ms / 1000).toFixed(1)} s)\n`);
  }, first);
  const ok = rows.every(rowOk);
  const targets = checkTargets(rows, scenarios);
  if (flags.get('json')) process.stdout.write(JSON.stringify({ seeds, first, ok, rows, targets }) + '\n');
  else process.stdout.write(formatCalibration(rows, seeds, first) + '\n\n' + formatTargets(targets) + `\n(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  return ok ? 0 : 1;
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (cmd === 'lint') return runLint(rest);
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  const spec = COMMAND_OPTIONS[cmd];
  if (!spec) {
    const guess = cmd.startsWith('-') ? null : unknownCommandGuess(cmd);
    throw new UsageError(`unknown command "${cmd.length > 40 ? `${cmd.slice(0, 39)}…` : cmd}"${guess ? `; did you mean ${guess}?` : ''}\n\n${USAGE}`);
  }
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(rest, spec, cmd);
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(`${e.message}\n(see: npm run livesim -- help)`);
    throw e;
  }
  const { positional, flags } = parsed;
  if (flags.get('help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const most = MAX_POSITIONAL[cmd];
  if (positional.length > most) {
    const extra = positional.slice(most).map((p) => (p.length > 40 ? `${p.slice(0, 39)}…` : p));
    throw new UsageError(`${cmd}: unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((x) => `"${x}"`).join(' ')} (options start with --; see: npm run livesim -- help)`);
  }
  switch (cmd) {
    case 'validate':
      return cmdValidate(positional);
    case 'run':
      return cmdRun(positional, flags);
    case 'verify':
      return cmdVerify(positional, flags);
    case 'schema':
      process.stdout.write(JSON.stringify(z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }), null, 2) + '\n');
      return 0;
    case 'bench':
      return runBench(flags);
    case 'rubric':
      return cmdRubric(positional, flags);
    case 'calibrate':
      return cmdCalibrate(positional, flags);
    default:
      throw new UsageError(`unknown command "${cmd}"\n\n${USAGE}`);
  }
}

/** The command closest to a misspelt one ("valdate" → "validate"). */
function unknownCommandGuess(cmd: string): string | null {
  return nearest(cmd, [...Object.keys(COMMAND_OPTIONS), 'lint', 'help']);
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`livesim: ${e.message}\n`);
    process.exitCode = 2;
  } else throw e;
}
