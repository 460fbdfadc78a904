/**
 * Shared helpers for the engine tests: loading the shipped scenarios, picking events
 * out of a log, scripted (bot-free) hosts, and a little statistics.
 *
 * Not a test file itself (vitest only collects `*.test.ts`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ActionInput } from '../../../src/engine';
import type { EventType, SimEvent } from '../../../src/engine';
import { loadScenarioText, type Scenario } from '../../../src/engine';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const DRILL_FILE = 'scenarios/drill-stream-drop-5min.yaml';
export const KIDSWEAR_FILE = 'scenarios/imkt-l5-kidswear-20min.yaml';

const cache = new Map<string, Scenario>();

/** Load a scenario file (path relative to the repository root); fails the test with the loader's problems. */
export function loadScenario(file: string): Scenario {
  const hit = cache.get(file);
  if (hit) return structuredClone(hit);
  const r = loadScenarioText(readFileSync(ROOT + file, 'utf8'), file);
  if (!r.ok) throw new Error(`${file} does not load:\n${r.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n')}`);
  cache.set(file, r.scenario);
  return structuredClone(r.scenario);
}

/** Every shipped scenario: `scenarios/*.yaml`, sorted. */
export function shippedScenarioFiles(): string[] {
  return readdirSync(ROOT + 'scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `scenarios/${f}`);
}

export const drill = (): Scenario => loadScenario(DRILL_FILE);
export const kidswear = (): Scenario => loadScenario(KIDSWEAR_FILE);

/** The events of one type, typed. */
export function eventsOf<K extends EventType>(log: readonly SimEvent[], type: K): SimEvent<K>[] {
  return log.filter((e): e is SimEvent<K> => e.type === type);
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : sum(xs) / xs.length);
export const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/** A small deterministic PRNG for the tests' own choices (never the engine's). */
export function testRng(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Start of each run-of-show segment, ms. */
export function segmentStarts(s: Scenario): { startMs: number; endMs: number; product?: string }[] {
  let at = 0;
  return s.runOfShow.map((seg) => {
    const startMs = Math.round(at * 1000);
    at += seg.duration;
    return { startMs, endMs: Math.round(at * 1000), product: seg.product };
  });
}

export interface ScriptedHostOptions {
  /** Pop up the product card of the product being explained, at the start of its segment and every 40 s. */
  cards: boolean;
  /** Reconnect via the backup network this many ms after each stream drop (default 5 s). */
  reconnectAfterMs?: number;
  /**
   * What the host says every few seconds: the product's selling points (default), or only a
   * neutral line that names no fact (so that no viewer's question is answered by chance).
   */
  talk?: 'pitch' | 'neutral';
}

export const NEUTRAL_LINE = '嗯，我们接着往下说，有问题打在公屏上。';

/**
 * A fixed, bot-free host: follows the run of show (list, explain, recite the selling points
 * every 8 s, small talk between products) and reconnects after a stream drop. The same
 * actions every seed, so two variants differ only in what the options change.
 */
export function scriptedHost(s: Scenario, opts: ScriptedHostOptions): ActionInput[] {
  const out: ActionInput[] = [];
  const durationMs = Math.round(s.meta.durationSec * 1000);
  for (const seg of segmentStarts(s)) {
    if (!seg.product) {
      for (let t = seg.startMs + 1000; t < seg.endMs; t += 10000) out.push({ t, type: 'say', text: NEUTRAL_LINE });
      continue;
    }
    const prod = s.products.find((p) => p.id === seg.product)!;
    out.push({ t: seg.startMs, type: 'list_product', product: prod.id });
    out.push({ t: seg.startMs + 300, type: 'start_explaining', product: prod.id });
    let i = 0;
    for (let t = seg.startMs + 1000; t < seg.endMs; t += 8000) {
      const sp = prod.sellingPoints[i++ % prod.sellingPoints.length];
      out.push({ t, type: 'say', text: opts.talk === 'neutral' ? NEUTRAL_LINE : `这款${prod.name.zh}，${sp.text}（${sp.keywords[0]}）` });
    }
    if (opts.cards) for (let t = seg.startMs + 3000; t < seg.endMs; t += 40000) out.push({ t, type: 'show_card', product: prod.id });
  }
  for (const inc of s.incidents) {
    if (inc.kind === 'stream_drop') out.push({ t: Math.round(inc.at * 1000) + (opts.reconnectAfterMs ?? 5000), type: 'reconnect_stream', via: 'backup' });
  }
  return out.filter((a) => a.t < durationMs).sort((a, b) => a.t - b.t);
}
