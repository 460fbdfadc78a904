/**
 * Shared helpers for the scoring tests: the shipped scenarios, bot runs (cached per
 * scenario, bot and seed), and the log edits the monotonicity properties use.
 * Not a test file itself (vitest only collects `*.test.ts`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSim, runWithBot, type ActionInput, type BotName } from '../../../src/engine';
import type { SimEvent } from '../../../src/engine';
import type { Metrics } from '../../../src/engine';
import { loadScenarioText, type Scenario } from '../../../src/engine';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const KIDSWEAR = 'scenarios/imkt-l5-kidswear-20min.yaml';
export const DRILL = 'scenarios/drill-stream-drop-5min.yaml';

const scenarios = new Map<string, Scenario>();

export function scenario(file: string): Scenario {
  let s = scenarios.get(file);
  if (!s) {
    const r = loadScenarioText(readFileSync(ROOT + file, 'utf8'), file);
    if (!r.ok) throw new Error(`${file} does not load`);
    scenarios.set(file, (s = r.scenario));
  }
  return s;
}

export function shippedScenarioFiles(): string[] {
  return readdirSync(ROOT + 'scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `scenarios/${f}`);
}

export interface Run {
  scenario: Scenario;
  log: readonly SimEvent[];
  metrics: Metrics;
}

const runs = new Map<string, Run>();

/** A bot's run of a shipped scenario (computed once per file, bot and seed). */
export function botRun(file: string, bot: BotName, seed: number): Run {
  const key = `${file}|${bot}|${seed}`;
  let r = runs.get(key);
  if (!r) {
    const s = scenario(file);
    const { sim } = runWithBot(s, seed, bot);
    runs.set(key, (r = { scenario: s, log: sim.log, metrics: sim.metrics() }));
  }
  return r;
}

/**
 * The log without one accepted action: its `action.accepted` event, the events its
 * application produced (those right after it at the same time, up to the next action),
 * and every later event that refers to a removed one (an answer to a removed reply, the
 * incident it handled). Everything the audience did stays as it was.
 */
export function withoutAction(log: readonly SimEvent[], acceptedId: number): SimEvent[] {
  const i = log.findIndex((e) => e.id === acceptedId);
  const a = log[i];
  if (!a || a.type !== 'action.accepted') throw new Error(`event ${acceptedId} is not an accepted action`);
  const removed = new Set<number>([a.id]);
  for (let j = i + 1; j < log.length; j++) {
    const e = log[j];
    if (e.t !== a.t || e.type === 'action.accepted' || e.type === 'action.rejected') break;
    removed.add(e.id);
  }
  const out: SimEvent[] = [];
  for (const e of log) {
    if (removed.has(e.id)) continue;
    if (e.refs && e.refs.some((r) => removed.has(r))) {
      removed.add(e.id);
      continue;
    }
    out.push(e);
  }
  return out;
}

/** The log with one more compliance finding on an utterance the student said. */
export function withViolation(log: readonly SimEvent[], sayId: number, severity: 1 | 2 | 3, category: 'absolute' | 'off_platform' | 'medical_claim' | 'insult' | 'false_scarcity'): SimEvent[] {
  const say = log.find((e) => e.id === sayId);
  if (!say || say.type !== 'host.say') throw new Error(`event ${sayId} is not host speech`);
  const maxId = log.reduce((m, e) => Math.max(m, e.id), 0);
  const text = say.text.slice(0, 4);
  const v = {
    id: maxId + 1,
    t: say.t,
    type: 'speech.violation',
    refs: [say.id],
    ruleId: `test-${category}`,
    category,
    severity,
    text,
    start: 0,
    end: text.length,
  } as SimEvent;
  const at = log.findIndex((e) => e.id === sayId);
  return [...log.slice(0, at + 1), v, ...log.slice(at + 1)];
}

/** Every string inside an event (its text, matches, quoted words…). */
export function stringsOf(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(stringsOf);
  if (x && typeof x === 'object') return Object.values(x).flatMap(stringsOf);
  return [];
}

/** An action as the engine received it, at its time. */
export type TimedAction = ActionInput & { t: number };

/** The run's actions (accepted and refused), in order, as they were dispatched. */
export function actionsOf(log: readonly SimEvent[]): TimedAction[] {
  return log.flatMap((e) => (e.type === 'action.accepted' || e.type === 'action.rejected' ? [{ t: e.t, type: e.action, ...e.payload } as TimedAction] : []));
}

/**
 * Play the actions again through the engine (createSim, then each action dispatched at its time);
 * the host's behaviour stays as it was, the audience reacts anew. Actions that name a comment by
 * its event id (a reply, a pin) are pointed at the same comment of the new run (same time, viewer
 * name and words), since inserting or removing an action shifts event ids. A reply to a comment the
 * new audience never wrote is said to the room instead (the same words; a notice at the
 * controller seat), and a pin of one is dropped.
 */
export function resimulate(s: Scenario, seed: number, baseLog: readonly SimEvent[], actions: readonly TimedAction[]): SimEvent[] {
  const byId = new Map(baseLog.map((e) => [e.id, e]));
  const sim = createSim(s, { seed });
  for (const a of [...actions].sort((x, y) => x.t - y.t)) {
    const ref = (a as { comment?: unknown }).comment;
    if (typeof ref !== 'number') {
      sim.dispatch(a);
      continue;
    }
    const orig = byId.get(ref);
    sim.advanceTo(a.t);
    const now = orig && orig.type === 'comment' ? sim.log.find((e) => e.type === 'comment' && e.t === orig.t && e.user === orig.user && e.text === orig.text) : undefined;
    const text = (a as { text?: unknown }).text;
    if (now) sim.dispatch({ ...a, comment: now.id } as ActionInput);
    else if (typeof text === 'string') sim.dispatch((s.meta.seat === 'host' ? { t: a.t, type: 'say', text, source: 'typed' } : { t: a.t, type: 'post_announcement', text }) as ActionInput);
  }
  sim.runToEnd();
  return sim.log as SimEvent[];
}
