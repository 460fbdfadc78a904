/**
 * The building blocks of the scenario schema (ids, text, times, money) and the documented
 * limits (docs/scenario-format.md §Limits). Kept apart from schema.ts so that the loader's
 * pre-parse checks and the messages can use them without the whole schema.
 */
import { z } from 'zod';
import { parseDurationSec } from '../time';

/** The limits a scenario file must keep (docs/scenario-format.md §Limits): they bound the engine's cost. */
export const LIMITS = {
  /** Size of the file in bytes (UTF-8). The largest shipped scenario is about 31 KB. */
  fileBytes: 256 * 1024,
  /** Lists and mappings inside each other (the format itself needs 6). */
  nesting: 24,
  /** Characters in any one text (a name, a note, a fact value, a keyword…). */
  text: 2000,
  products: 50,
  sellingPoints: 20,
  facts: 50,
  /** aliases, keywords, accept, topic, ask, tags, a coupon's products. */
  words: 50,
  coupons: 50,
  trafficPoints: 500,
  personas: 50,
  segments: 100,
  comments: 2000,
  hostLines: 2000,
  vips: 500,
  incidents: 100,
  /** Viewers arriving a minute at any traffic point. */
  perMin: 10_000,
  /** Viewers arriving over the whole run: the area under the traffic curve. */
  arrivals: 300_000,
  /** Arrivals × the persona mix's average stay (capped at the run's length), in minutes. */
  viewerMinutes: 600_000,
} as const;

/** A value as it may appear in a message: at most `max` characters, cut with "…". */
export function cut(value: unknown, max = 80): string {
  const s = typeof value === 'string' ? value : String(value);
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A list of ids for a message ("a, b, c"), cut to about 80 characters. */
export function listIds(ids: Iterable<string>, max = 80): string {
  const all = [...ids];
  let out = '';
  for (let i = 0; i < all.length; i++) {
    const next = out === '' ? cut(all[i], 40) : `${out}, ${cut(all[i], 40)}`;
    if (next.length > max) return `${out}, … (${all.length} in all)`;
    out = next;
  }
  return out;
}

const ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const idSchema = z
  .string({ error: 'must be an id: 1-64 lowercase letters, digits, "-" or "_"' })
  .regex(ID_RE, { error: (iss) => `must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter or digit (got "${cut(iss.input, 40)}")` });

const DURATION_FORMS = 'write seconds (90), "90s", "5m", "1m30s" or "1:30"';

/** Why a text is not a duration, in words a teacher understands. */
export function durationProblem(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? `${v} is negative: a time is never below 0` : 'is not a finite number';
  const s = String(v).trim();
  const clock = /^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(s);
  if (clock) {
    if (Number(clock[3]) >= 60) {
      const total = Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
      const m = Math.floor(total / 60);
      const sec = String(Math.round((total - m * 60) * 1000) / 1000).padStart(2, '0');
      const fix = m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
      return `"${cut(s)}": the seconds must be below 60 (did you mean ${fix}?)`;
    }
    if (clock[1] && Number(clock[2]) >= 60) return `"${cut(s)}": in h:mm:ss the minutes must be below 60`;
  }
  if (/^-/.test(s)) return `"${cut(s)}" is negative: a time is never below 0`;
  return `"${cut(s)}" is not a duration: ${DURATION_FORMS}`;
}

/** A duration or moment: seconds, "90s", "5m", "1m30s", "1:30". Output: seconds. */
export const durationSchema = z
  .union([z.number(), z.string()], { error: `must be a duration: ${DURATION_FORMS}` })
  .transform((v, ctx) => {
    const sec = parseDurationSec(v);
    if (sec === null) {
      ctx.addIssue({ code: 'custom', message: durationProblem(v) });
      return z.NEVER;
    }
    return sec;
  });

export const money = z
  .number({ error: 'must be a number (an amount of money)' })
  .nonnegative({ error: 'must not be negative' })
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { error: 'at most two decimals' });

/** Text; a bare number (e.g. `value: 500`, `keywords: [316]`) is read as text, as a teacher would expect. */
export const text = z
  .union([z.string(), z.number().transform(String)], { error: 'must be text' })
  .pipe(
    z
      .string()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(LIMITS.text, { error: (iss) => `is ${(iss.input as string).length} characters long; at most ${LIMITS.text} are allowed (shorten it)` }),
  );

/** A list with at most `max` items: `what` names them in the message ("products"). */
export function limitedList<T extends z.ZodType>(item: T, max: number, what: string) {
  return z.array(item).max(max, { error: (iss) => `${(iss.input as unknown[]).length} ${what}; at most ${max} are allowed (docs/scenario-format.md §Limits)` });
}

/** A list of words (aliases, keywords, accept, topic, ask, tags). */
export const words = limitedList(text, LIMITS.words, 'entries');

/** Bilingual text. Chinese is required; English is shown when the UI is in English (falls back to Chinese). */
export const bilingualSchema = z.union(
  [
    text.transform((zh) => ({ zh, en: zh })),
    z.strictObject({ zh: text, en: text.optional() }).transform((v) => ({ zh: v.zh, en: v.en ?? v.zh })),
  ],
  { error: 'must be text in Chinese, or { zh: 中文, en: English }' },
);
