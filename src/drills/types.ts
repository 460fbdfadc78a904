/**
 * Micro-drills (issue #17): 1–3 minute scored exercises on one skill, each drawn as a new variant
 * from a seed. Pure TypeScript like the engine: no DOM, clocks or Math.random. The same
 * (kind, seed, sources) always gives the same variant, so a drill result is stored as its seed and
 * the student's answers and is scored again from them (a progress file can't carry a made-up mark).
 *
 * A drill kind (`DrillKind`) generates a variant (`DrillVariant`: a list of items, each a prompt
 * with its input) and scores the answers (`DrillResult`, 0–100 with feedback per item). The UI
 * (src/ui/drills/) renders any kind's items the same way.
 */
import type { Scenario, ActionInput } from '../engine';
import type { SkillId } from '../scoring/skills';

export interface Bilingual {
  zh: string;
  en: string;
}

export const DRILL_KIND_IDS = ['compliance-rewrite', 'question-sprint', 'price-maths', 'data-review', 'controller-cues'] as const;
export type DrillKindId = (typeof DRILL_KIND_IDS)[number];

export type DrillInput =
  /** Free text; `multiline` for a rewritten line. */
  | { type: 'text'; multiline?: boolean; placeholder?: Bilingual }
  /** A number (yuan, a percentage…), typed; `unit` is shown after the box. */
  | { type: 'number'; unit?: Bilingual }
  /** One option, by id. */
  | { type: 'choice'; options: { id: string; label: Bilingual }[] };

export interface DrillItem {
  /** Unique within the variant. */
  id: string;
  /** The question or task, in the student's words. */
  prompt: Bilingual;
  /** What the student needs to answer it (a product's facts, the line to rewrite, the price rules…). */
  context?: { label: Bilingual; text: Bilingual }[];
  /** A table (data review): column titles and rows of cells. */
  table?: { columns: Bilingual[]; rows: (string | number)[][] };
  /** A series to chart (data review): per minute, one or more named lines. */
  chart?: { x: Bilingual; series: { name: Bilingual; values: number[] }[] };
  input: DrillInput;
  /** Seconds allowed for this item from when it is shown (controller cues, question sprint); none: the drill's limit only. */
  limitSec?: number;
  /**
   * What the kind needs to score the item and does not show (the right option, the facts a
   * rewrite must keep): plain data, read back by the kind's `score` (answer-key.ts). The UI
   * renders the other fields only.
   */
  key?: unknown;
}

export interface DrillVariant {
  kind: DrillKindId;
  seed: number;
  /** The language the items are asked in (the cross-border room's drills are in English). */
  language: 'zh' | 'en';
  /** What it was drawn from: a scenario id, or a run id for data review. */
  source: string;
  title: Bilingual;
  intro: Bilingual;
  items: DrillItem[];
  /** The whole drill's time limit (s). */
  timeLimitSec: number;
}

export interface DrillAnswer {
  item: string;
  /** As typed or chosen ('' for no answer). */
  value: string;
  /** Milliseconds from the item being shown to the answer. */
  ms: number;
}

export interface ItemResult {
  item: string;
  /** 0–1. */
  credit: number;
  /** The right answer (or what a right answer has), for the feedback. */
  expected: Bilingual;
  feedback: Bilingual;
}

export interface DrillResult {
  kind: DrillKindId;
  /** 0–100, one decimal. */
  percent: number;
  items: ItemResult[];
}

/** A past run a drill may be drawn from (data review): the student's own, or a shipped bot's. */
export interface RunSource {
  id: string;
  title: Bilingual;
  scenario: Scenario;
  seed: number;
  actions: ActionInput[];
  /** The engine version the run was made with (it replays with that one); default the current. */
  engineVersion?: string;
}

/** What a variant is drawn from. */
export interface DrillSources {
  /** Valid scenarios (the shipped ones), in the order of their ids (a seed picks among them by position). */
  scenarios: readonly Scenario[];
  /** Past runs (data review); may be empty. */
  runs?: readonly RunSource[];
  language?: 'zh' | 'en';
}

export interface DrillKind {
  id: DrillKindId;
  skill: SkillId;
  title: Bilingual;
  blurb: Bilingual;
  /** Catalogue clause ids (src/scoring/catalogue.json, `<level>:<clause>`) the drill trains. */
  clauses: readonly string[];
  /** Typical length in minutes (1–3). */
  minutes: number;
  /** Languages it can be drawn in. */
  languages: readonly ('zh' | 'en')[];
  /** A new variant from a seed; throws a clear Error when the sources can't make one. */
  generate(seed: number, sources: DrillSources): DrillVariant;
  /** Score answers (missing items count as unanswered). */
  score(variant: DrillVariant, answers: readonly DrillAnswer[]): DrillResult;
}
