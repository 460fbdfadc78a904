/**
 * How a criterion is defined: once, in the registry (./index.ts), with its id, title,
 * the catalogue clauses it observes, its parameters (a zod schema with defaults that a
 * rubric may override) and an evaluation that reads only the run index (event log +
 * scenario) and returns a share of its points with evidence and feedback.
 */
import type { z } from 'zod';
import type { SimEvent } from '../../engine';
import type { RunIndex } from '../run-index';
import type { Bilingual, CriterionOutcome, Evidence } from '../types';

export interface EvalContext {
  /** The student's answers to the review quiz (复盘), by question id, when they took it. */
  quizAnswers?: Record<string, unknown>;
}

export interface CriterionDef<S extends z.ZodType = z.ZodType> {
  id: string;
  title: Bilingual;
  /** What the criterion looks at in the log, for the docs and the coverage listing. */
  observes: Bilingual;
  /** Catalogue clause ids (src/scoring/catalogue.json) this criterion observes. */
  clauses: string[];
  params: S;
  evaluate(run: RunIndex, params: z.output<S>, ctx: EvalContext): CriterionOutcome;
}

export function defineCriterion<S extends z.ZodType>(d: CriterionDef<S>): CriterionDef<S> {
  return d;
}

/** Evidence from one event of the log. `quote` must be words of that event (its text, match or quoted phrase). */
export function ev(e: SimEvent, good: boolean, zh: string, en: string, quote?: string): Evidence {
  const out: Evidence = { event: e.id, t: e.t, type: e.type, note: { zh, en }, good };
  if (quote !== undefined && quote.length > 0) out.quote = quote;
  return out;
}

/**
 * Evidence of an omission: something due in [fromMs, toMs) that never happened. It points at the
 * event that opens the window (the segment's start when the log has it, else the last event
 * before the window), so every point lost for doing nothing still names a moment of the log.
 */
export function omission(run: RunIndex, fromMs: number, toMs: number, zh: string, en: string): Evidence {
  const e = run.anchorAt(fromMs);
  return { event: e?.id ?? 0, t: Math.max(0, Math.round(fromMs)), type: e?.type ?? 'run.start', note: { zh, en }, good: false, missing: { fromMs: Math.max(0, Math.round(fromMs)), toMs: Math.round(toMs) } };
}

/**
 * Credit for doing something `ms` after it was due: full up to `fullSec`, then falling
 * linearly to `lateCredit` at `lateSec`, and `lateCredit` after that.
 */
export function graded(ms: number, fullSec: number, lateSec: number, lateCredit: number): number {
  const s = ms / 1000;
  if (s <= fullSec) return 1;
  if (s >= lateSec || lateSec <= fullSec) return lateCredit;
  return 1 - ((1 - lateCredit) * (s - fullSec)) / (lateSec - fullSec);
}

/** "1 question" / "3 questions". */
export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
export const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Weighted mean of (value, weight) pairs. */
export function wmean(items: readonly { v: number; w: number }[]): number {
  const w = items.reduce((s, x) => s + x.w, 0);
  return w === 0 ? 0 : items.reduce((s, x) => s + x.v * x.w, 0) / w;
}

export const NOT_APPLICABLE = (zh: string, en: string): CriterionOutcome => ({
  applicable: false,
  fraction: 0,
  evidence: [],
  feedback: { zh, en },
});

/**
 * Feedback from a list of problems found (most important first): the first two, or
 * the praise when there is none.
 */
export function feedback(problems: Bilingual[], praise: Bilingual): Bilingual {
  if (problems.length === 0) return praise;
  const top = problems.slice(0, 2);
  const more = problems.length > 2 ? problems.length - 2 : 0;
  return {
    zh: top.map((p) => p.zh).join('；') + (more ? `（另有${more}处类似问题）` : '') + '。',
    en: top.map((p) => p.en).join('; ') + (more ? ` (and ${more} more like this)` : '') + '.',
  };
}
