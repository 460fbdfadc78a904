/**
 * Action logs and run files: the formats that make a run reproducible.
 *
 * - Action log (`livesim/actions@1`): the time-stamped actions of one run.
 * - Run file (`livesim/run@2`): scenario id and hash, seed, engine version, who made it, the
 *   actions, a digest of the results, and an integrity seal per field. Re-simulating it must
 *   give the same digest, and every field its seal; anything else means the file was edited,
 *   truncated, or made by an incompatible engine or a different scenario.
 * What a run file proves, and what it does not, is in docs/formats.md: its actions replay to its
 * result. It does not prove a person played it live (the exam server does that).
 */
import { z } from 'zod';
import { ACTION_LOG_FORMAT, type ActionInput } from './actions/registry';
import type { Scenario } from './scenario/load';
import { scenarioHash } from './scenario/hash';
import { canonicalJson, sha256Hex } from './sha256';
import { createSim, ENGINE_VERSION, REPLAYABLE_VERSIONS, Sim, type Metrics } from './engine';

export const RUN_FILE_FORMAT = 'livesim/run@2';
/** The format of engine 2.x's run files, which this engine cannot reproduce. */
const OLD_RUN_FILE_FORMAT = 'livesim/run@1';

/** The fields an integrity seal covers: every field of a run file but `format` and the seals. */
export const SEALED_FIELDS = ['engineVersion', 'scenario', 'seed', 'createdBy', 'actions', 'result'] as const;
type SealedField = (typeof SEALED_FIELDS)[number];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * Each action must be an object with a whole, non-negative `t` and a `type`; its payload is the
 * engine's to judge. Checked by hand rather than by a zod schema per action: a run file may hold a
 * million actions, and verifying it must stay linear and fast.
 */
const actionSchema = z.array(z.unknown()).superRefine((actions, ctx) => {
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i] as { t?: unknown; type?: unknown } | null;
    if (typeof a !== 'object' || a === null || Array.isArray(a)) ctx.addIssue({ code: 'custom', path: [i], message: 'an action must be an object { t, type, … }' });
    else if (typeof a.t !== 'number' || !Number.isInteger(a.t) || a.t < 0) ctx.addIssue({ code: 'custom', path: [i, 't'], message: 'must be a whole number of milliseconds ≥ 0' });
    else if (typeof a.type !== 'string' || a.type.length === 0) ctx.addIssue({ code: 'custom', path: [i, 'type'], message: 'must be an action type' });
    else continue;
    return; // the first problem is enough
  }
}) as unknown as z.ZodType<({ t: number; type: string } & Record<string, unknown>)[]>;

export const actionLogSchema = z.strictObject({
  format: z.literal(ACTION_LOG_FORMAT, { error: `format must be "${ACTION_LOG_FORMAT}"` }),
  scenario: z.string().optional(),
  scenarioHash: z.string().optional(),
  seed: z.number().int().optional(),
  actions: actionSchema,
});

export const runFileSchema = z.strictObject({
  format: z.literal(RUN_FILE_FORMAT, { error: `format must be "${RUN_FILE_FORMAT}"` }),
  /**
   * One seal per field: sha256 of the field's canonical JSON bound to the log's digest. It tells
   * which field an edit changed; it is not a signature (anyone with the engine can make a run file).
   */
  integrity: z.strictObject(Object.fromEntries(SEALED_FIELDS.map((f) => [f, hex64])) as Record<SealedField, typeof hex64>),
  engineVersion: z.string(),
  scenario: z.strictObject({ id: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
  seed: z.number().int(),
  createdBy: z.string().optional(),
  actions: actionSchema,
  result: z.strictObject({
    digest: hex64,
    events: z.number().int().nonnegative(),
    endMs: z.number().int().nonnegative(),
    gmv: z.number(),
    uv: z.number().int(),
    orders: z.number().int(),
  }),
});

export type ActionLog = z.output<typeof actionLogSchema>;
export type RunFile = z.output<typeof runFileSchema>;

/** Told how far a replay has got: the sim time reached and the run's scheduled length (ms). */
export type ReplayProgress = (simMs: number, durationMs: number) => void;

/** Replay actions against a scenario: the actions are dispatched up front; time order is the engine's job. */
export function replay(scenario: Scenario, seed: number, actions: readonly ActionInput[], engineVersion = ENGINE_VERSION, opts: { snapshotAt?: number; onProgress?: ReplayProgress } = {}): Sim {
  let sim = createSim(scenario, { seed, engineVersion });
  for (const a of actions) sim.dispatch(a);
  if (opts.snapshotAt !== undefined) {
    // Run to that time, write the state to JSON text, read it back into a fresh engine, go on with it.
    sim.advanceTo(opts.snapshotAt);
    sim = Sim.restore(scenario, JSON.parse(JSON.stringify(sim.snapshot())));
  }
  if (opts.onProgress) {
    // In 1 % steps of sim time (splitting advanceTo never changes the result), reporting after each.
    const d = sim.durationMs;
    for (let k = 1; k <= 100; k++) {
      sim.advanceTo(Math.floor((d * k) / 100));
      opts.onProgress(Math.min(sim.now, d), d);
    }
  }
  sim.runToEnd();
  return sim;
}

/** The seal of one field: its canonical JSON bound to the log's digest (an absent createdBy seals as null). */
function seal(field: SealedField, value: unknown, logDigest: string): string {
  return sha256Hex(`${RUN_FILE_FORMAT}\n${field}\n${logDigest}\n${canonicalJson(value ?? null)}`);
}

/** The seals of a run file's fields as they are now (what makeRunFile stores in `integrity`). */
export function sealRunFile(run: Omit<RunFile, 'format' | 'integrity'>): RunFile['integrity'] {
  return Object.fromEntries(SEALED_FIELDS.map((f) => [f, seal(f, (run as Record<string, unknown>)[f], run.result.digest)])) as RunFile['integrity'];
}

export function makeRunFile(scenario: Scenario, seed: number, actions: readonly ActionInput[], sim: Sim, createdBy?: string): RunFile {
  const m: Metrics = sim.metrics();
  const body = {
    engineVersion: sim.state.engineVersion,
    scenario: { id: scenario.meta.id, hash: scenarioHash(scenario) },
    seed,
    ...(createdBy ? { createdBy } : {}),
    actions: actions.map((a) => ({ ...a })),
    result: { digest: sim.digest(), events: sim.log.length, endMs: sim.now, gmv: m.gmv, uv: m.uv, orders: m.orders },
  };
  return { format: RUN_FILE_FORMAT, integrity: sealRunFile(body), ...body };
}

export type VerifyResult = { ok: true; sim: Sim; run: RunFile } | { ok: false; reason: string };

/** Run-file text as JSON: a UTF-8 byte-order mark is accepted; bad JSON says where. */
export function parseRunFileText(text: string): { ok: true; json: unknown } | { ok: false; reason: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, json: JSON.parse(body) };
  } catch (e) {
    const m = /position (\d+)/.exec(String(e));
    if (!m) return { ok: false, reason: `not valid JSON: ${(e as Error).message}` };
    const before = body.slice(0, Number(m[1]));
    const line = before.split('\n').length;
    return { ok: false, reason: `not valid JSON at line ${line}, column ${Number(m[1]) - before.lastIndexOf('\n')}: ${(e as Error).message.slice(0, 120)}` };
  }
}

/** Check a run file against a scenario by re-simulating it (`onProgress`: told the sim time as it goes). Never throws. */
export function verifyRunFile(json: unknown, scenario: Scenario, opts: { onProgress?: ReplayProgress } = {}): VerifyResult {
  const format = typeof json === 'object' && json !== null ? (json as { format?: unknown }).format : undefined;
  if (format === OLD_RUN_FILE_FORMAT) {
    const v = (json as { engineVersion?: unknown }).engineVersion;
    return { ok: false, reason: `a ${OLD_RUN_FILE_FORMAT} file made by engine ${JSON.stringify(v).slice(0, 40)}, which is incompatible with this engine (${ENGINE_VERSION} reproduces runs of ${REPLAYABLE_VERSIONS.join(', ')})` };
  }
  const parsed = runFileSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { ok: false, reason: `not a valid run file: ${i.path.join('.') || '(top level)'}: ${i.message}` };
  }
  const run = parsed.data;
  // Every field against its seal: an edit is named before anything is re-simulated.
  const changed = SEALED_FIELDS.filter((f) => seal(f, (run as Record<string, unknown>)[f], run.result.digest) !== run.integrity[f]);
  if (changed.length === SEALED_FIELDS.length) return { ok: false, reason: 'the file was edited: result.digest (or the integrity seals) changed, so no field matches its seal' };
  if (changed.length > 0) return { ok: false, reason: `the file was edited: ${changed.join(', ')} changed since it was made (integrity seal)` };
  if (!REPLAYABLE_VERSIONS.includes(run.engineVersion)) {
    return { ok: false, reason: `made by engine ${JSON.stringify(run.engineVersion).slice(0, 40)}, which is incompatible with this engine (${ENGINE_VERSION} reproduces runs of ${REPLAYABLE_VERSIONS.join(', ')})` };
  }
  if (run.scenario.id !== scenario.meta.id) return { ok: false, reason: `made for scenario "${run.scenario.id}", not "${scenario.meta.id}"` };
  if (run.scenario.hash !== scenarioHash(scenario)) return { ok: false, reason: `scenario "${scenario.meta.id}" has changed since this run was recorded (hash mismatch)` };
  // A run of an earlier engine that this one reproduces is replayed with that engine's version stamp.
  const sim = replay(scenario, run.seed, run.actions as unknown as ActionInput[], run.engineVersion, { onProgress: opts.onProgress });
  if (sim.digest() !== run.result.digest) {
    return { ok: false, reason: 'replaying the actions gives a different result: the file was edited or truncated' };
  }
  // The digest covers the log; the stated summary must agree with it too.
  const m = sim.metrics();
  const actual = { events: sim.log.length, endMs: sim.now, gmv: m.gmv, uv: m.uv, orders: m.orders };
  for (const key of Object.keys(actual) as (keyof typeof actual)[]) {
    if (actual[key] !== run.result[key]) {
      return { ok: false, reason: `the stated result.${key} (${run.result[key]}) does not match the replayed run (${actual[key]}): the file was edited` };
    }
  }
  return { ok: true, sim, run };
}
