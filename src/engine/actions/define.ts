/**
 * What an action is: one object per host/controller action, defined once in its own file — its
 * payload schema with defaults, how the engine applies it, its label in zh/en, where the console
 * offers it and its shortcut, and whether a scenario's host can cue it. The console's panels,
 * buttons, forms, shortcuts and help overlay, the CLI's action files and the bots all read the
 * registry (registry.ts), so adding an action is one file here plus its line in the registry.
 *
 * An action is `{ t, type, ...payload }` with `t` in ms of sim time. An invalid action (bad
 * payload, unknown product, acting on an ended stream…) is rejected with a logged reason and
 * changes nothing; it never throws.
 */
// zod/mini: the live room carries the engine's schemas, and zod's full API would add ~8 KB
// gzipped to it (method chains and JSON Schema export that nothing in the room uses).
import * as z from 'zod/mini';
import { SCHEMA_MESSAGES } from '../schema-messages';
import type { World } from '../kernel/state';

/** Where the console offers an action. */
export type ConsolePanel = 'products' | 'marketing' | 'comments' | 'talk' | 'incidents' | 'controls';

/**
 * How the console offers an action:
 * - `product`: a button on each product's row; the payload is `{ product }`.
 * - `comment`: a button for the selected comment; the payload is `{ comment }` or `{ viewer }`
 *   (the comment's author), other fields take their schema defaults.
 * - `form`: a form whose fields, limits and defaults come from the payload schema.
 * - `button`: a plain button; the payload is empty (or all defaults).
 * - `custom`: the panel's own component draws it (talk box, replies, the run of show).
 */
export type ConsoleControl = 'product' | 'comment' | 'form' | 'button' | 'custom';

/** A keyboard shortcut as data (the engine reads no keyboard; the console matches it). */
export interface ShortcutDef {
  /** As shown in the help overlay and on buttons. */
  display: string;
  /** The key (lower case), or a digit 1–9 that picks the product with that number. */
  key?: string;
  digit?: boolean;
  shift?: boolean;
  /** What the key acts on: the product of the digit, the selected comment, or nothing. */
  target?: 'product' | 'comment';
}

export interface ActionDef<S extends z.ZodMiniType = z.ZodMiniType> {
  type: string;
  /** Where and how the console offers it; `order` sorts the controls within a panel. */
  console: { panel: ConsolePanel; control: ConsoleControl; order: number };
  shortcut?: ShortcutDef;
  /** A scenario's scripted host may cue the controller to do this (scenario `script.host[].cue`). */
  cueable?: boolean;
  label: { zh: string; en: string };
  /** Who normally does this in a real room. */
  seat: 'host' | 'controller' | 'both';
  schema: S;
  /** The engine version that added it: a run stamped with an older version does not know it. Default: always there. */
  since?: string;
  /** Whether the action works while the stream is interrupted. Default: yes. */
  whileDown?: boolean;
  /** Validate against the state (throw via reject()), then apply. Called only with a schema-valid payload. */
  apply(w: World, p: z.output<S>, acceptedEvent: number): void;
}

export function defineAction<S extends z.ZodMiniType>(d: ActionDef<S>): ActionDef<S> {
  return d;
}

/** Validate a payload against an action's (or the script's) schema, with the engine's messages (schema-messages.ts). */
export function parsePayload<S extends z.ZodMiniType>(schema: S, raw: unknown) {
  return schema.safeParse(raw, SCHEMA_MESSAGES);
}

/**
 * Why an action is refused. Not an Error: refusals are ordinary (a run file may hold a million
 * spammed actions), and capturing a stack trace for each would dominate the cost of verifying it.
 */
export class Rejection {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

/** Refuse the action: nothing it did so far may have been logged. */
export function reject(code: string, message: string): never {
  throw new Rejection(code, message);
}

// ---------------------------------------------------------------- payload fields shared by several actions

export const productId = z.string().check(z.minLength(1));
export const money = z.number().check(
  z.positive({ error: 'must be above 0' }),
  z.refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { error: 'at most two decimals' }),
);
export const text = z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty' }), z.maxLength(2000, { error: 'at most 2000 characters' }));

// ---------------------------------------------------------------- lookups that reject

export function product(w: World, id: string) {
  const i = w.productIndex.get(id);
  if (i === undefined) reject('unknown_product', `unknown product "${id}"`);
  return w.products[i];
}

export function segmentOf(w: World, id: string) {
  const seg = w.scenario.runOfShow.find((x) => x.id === id);
  if (!seg) reject('unknown_segment', `unknown run-of-show segment "${id}"`);
  return seg;
}
