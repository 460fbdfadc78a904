/**
 * Schema of the compliance lexicon (lexicon.json) and its loader.
 *
 * The lexicon is data, versioned separately from the code, so teachers can review and
 * extend it. A broken file must fail loudly at load time with the entry id and the field,
 * never silently produce a checker that misses words.
 *
 * lexicon.json holds what matching needs (ids, categories, severities, patterns, product
 * classes, exemption patterns) and ships with the engine. The words shown to people — rule,
 * source, reason, suggestion, examples and exemption reasons — are in lexicon-text.json
 * (lexicon-text.schema.ts), loaded only by explain.ts, so the live room does not carry them.
 */
// zod/mini, as the engine's action schemas (actions/define.ts): the live room loads this file.
import * as z from 'zod/mini';
import { SCHEMA_MESSAGES } from '../schema-messages';
import { normalizeText } from './normalize';

export const COMPLIANCE_CATEGORIES = [
  'absolute',
  'off_platform',
  'medical_claim',
  'false_scarcity',
  'false_price',
  'inducement',
  'insult',
  'other',
] as const;

export const COMPLIANCE_CLASSES = [
  'ordinary',
  'food',
  'cosmetics',
  'health',
  'children',
  'appliance',
  'clothing',
  'cultural',
  'agricultural',
] as const;

/** Default half-width (in normalised characters) of the context window exemptions look at. */
export const DEFAULT_EXEMPTION_WINDOW = 8;

/**
 * A JavaScript regex source, matched on the normalised text (lowercase, simplified, no spaces or
 * punctuation). It must compile, must not match the empty string, must not use backreferences
 * and must not repeat a group without a bound.
 */
const regexSource = z.string().check(
  z.minLength(1),
  z.superRefine((src, ctx) => {
    let re: RegExp;
    try {
      re = new RegExp(src);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `does not compile: ${(e as Error).message}` });
      return;
    }
    if (re.test('')) ctx.addIssue({ code: 'custom', message: 'matches the empty string' });
    // Backreferences and the reserved group name would break how check.ts compiles patterns.
    if (/\\[1-9]|\\k</.test(src)) ctx.addIssue({ code: 'custom', message: 'must not use backreferences' });
    // "(我|我的|的)*" backtracks exponentially on "我的我的我的…": groups may only repeat a bounded
    // number of times, so a host (or a student probing the checker) cannot stall the engine.
    if (/\)[*+]/.test(src)) {
      ctx.addIssue({ code: 'custom', message: 'repeats a group without a bound; use {0,n} instead of * or +' });
    }
  }),
);

const term = z.string().check(
  z.minLength(1),
  z.refine((t) => normalizeText(t).norm.length > 0, {
    message: 'is empty after normalisation (only spaces, punctuation or emoji)',
  }),
);

const exemption = z.strictObject({
  /** Matched on the normalised text around the hit; it must overlap the hit to exempt it. */
  regex: regexSource,
  /** If this matches anywhere in the same window, the exemption does not apply. */
  unless: z.optional(regexSource),
  /** Half-width of the window in normalised characters (default 8). */
  window: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(32))),
  /**
   * "overlap" (default): a match of `regex` must overlap the hit (e.g. 最佳食用期 for 最佳).
   * "window": a match anywhere in the window is enough (e.g. 防伪/查真伪 near 二维码).
   */
  scope: z.optional(z.enum(['overlap', 'window'])),
  /**
   * A negation or disclaimer (不是医用面膜, 没有美白功效): it also covers the claims listed right
   * after the exempted words (不宣称美白、祛斑、祛痘 — see check.ts, negated lists).
   */
  negation: z.optional(z.literal(true)),
});

/**
 * `terms`: literal strings (normalised like the text, so "No.1" matches "no1").
 * `regex`: one pattern; a named group `hit` narrows the reported span, in place of a
 * lookbehind, e.g. `(?:^|[^a-z])(?<hit>sb)(?![a-z])` reports "sb" but not the "u" of "usb".
 */
const match = z
  .strictObject({
    terms: z.optional(z.array(term).check(z.minLength(1))),
    regex: z.optional(regexSource),
  })
  .check(
    z.refine((m) => (m.terms === undefined) !== (m.regex === undefined), {
      message: 'needs exactly one of "terms" or "regex"',
    }),
  );

/**
 * Severity policy used by the lexicon:
 * 3 severe — disease treatment/prevention or bodily-function claims, steering buyers off the
 *   platform, insults and threats aimed at people, guaranteed returns, state endorsement,
 *   counterfeits: what a platform would cut the stream for.
 * 2 major — absolute claims, false price anchors, inducement, medical-sounding wording
 *   (医用级, 药妆, 临床验证), cosmetic claims that need a certificate, profanity.
 * 1 minor — soft pressure and scarcity phrases, vague superlatives (完美, 极致), claims that are
 *   legal with evidence (祛痘 for cosmetics with an efficacy evaluation).
 */
export const lexiconEntrySchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be kebab-case ascii' })),
  category: z.enum(COMPLIANCE_CATEGORIES),
  severity: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  match,
  appliesTo: z.optional(z.array(z.enum(COMPLIANCE_CLASSES)).check(z.minLength(1))),
  exemptions: z.optional(z.array(exemption)),
  /**
   * Also match the terms by sound (sounds.ts): homophones (醉低价), pinyin (zui di jia), initials
   * (zdj) and mixtures (最d价). Only terms of 3 or more Chinese characters are matched by sound;
   * their syllables come from sounds.json, generated from this file (sounds.gen.ts).
   */
  sounds: z.optional(z.literal(true)),
  /**
   * Which text an off-platform entry reads: by default the contact-folded text (薇信, vx and
   * wechat all read 微信); "plain" reads the text as written, for entries about the disguise
   * itself (a bare "wechat" or 薇信 in Chinese speech).
   */
  view: z.optional(z.literal('plain')),
}).check(
  z.superRefine((e, ctx) => {
    if (e.sounds && e.match.terms === undefined) {
      ctx.addIssue({ code: 'custom', path: ['sounds'], message: 'needs "match.terms" (only literal terms are matched by sound)' });
    }
  }),
);

export const lexiconSchema = z
  .strictObject({
    version: z.string().check(z.minLength(1)),
    entries: z.array(lexiconEntrySchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((lex, ctx) => {
      const seen = new Set<string>();
      lex.entries.forEach((e, i) => {
        if (seen.has(e.id)) {
          ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate id "${e.id}"` });
        }
        seen.add(e.id);
      });
    }),
  );

export type LexiconEntry = z.infer<typeof lexiconEntrySchema>;
export type Lexicon = z.infer<typeof lexiconSchema>;
export type LexiconExemption = z.infer<typeof exemption>;

/**
 * Validates raw lexicon data. Throws an Error whose message names, for every problem, the
 * entry id (or index when the id itself is unusable) and the field path.
 */
export function parseLexicon(data: unknown): Lexicon {
  const result = lexiconSchema.safeParse(data, SCHEMA_MESSAGES);
  if (result.success) return result.data;
  const rawEntries =
    data !== null && typeof data === 'object' && Array.isArray((data as { entries?: unknown }).entries)
      ? ((data as { entries: unknown[] }).entries)
      : [];
  const lines = result.error.issues.slice(0, 20).map((issue) => {
    const path = issue.path;
    if (path[0] === 'entries' && typeof path[1] === 'number') {
      const raw = rawEntries[path[1]];
      const id =
        raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
          ? (raw as { id: string }).id
          : `#${path[1]}`;
      const field = formatPath(path.slice(2));
      return `entry "${id}" (entries[${path[1]}]) field "${field || '(entry)'}": ${issue.message}`;
    }
    return `field "${formatPath(path) || '(root)'}": ${issue.message}`;
  });
  const more = result.error.issues.length > 20 ? `\n  … and ${result.error.issues.length - 20} more` : '';
  throw new Error(`Invalid compliance lexicon:\n  ${lines.join('\n  ')}${more}`);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}
