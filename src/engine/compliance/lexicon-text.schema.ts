/**
 * Schema of lexicon-text.json: the words people read about each lexicon entry — the rule and
 * its source, a reason and a suggestion in Chinese and English, the example sentences the entry
 * must flag, and the reason of each exemption (by its index in the entry's `exemptions`).
 *
 * Matching never reads this file (lexicon.json has everything check.ts needs); explain.ts does,
 * and only the screens that show explanations load it. Both files must name exactly the same
 * entries with the same number of exemptions: `textProblems` says where they differ (the tests
 * run it, so a half-added entry fails CI with its id).
 */
import { z } from 'zod';
import type { Lexicon } from './lexicon.schema';

export const bilingual = z.strictObject({
  zh: z.string().min(1),
  en: z.string().min(1),
});

export const ruleTextSchema = z.strictObject({
  /** Short citation, e.g. "广告法 第九条第三项". */
  rule: z.string().min(1),
  /** The full source, e.g. "《中华人民共和国广告法》第九条第三项". */
  source: z.string().min(1),
  reason: bilingual,
  suggestion: bilingual.optional(),
  /** Reason of each exemption, in the order of the entry's `exemptions` in lexicon.json. */
  exemptions: z.array(bilingual).optional(),
  /** Sentences this entry must flag; the test suite checks every one of them. */
  examples: z.array(z.string().min(1)).optional(),
});

export const lexiconTextSchema = z.strictObject({
  rules: z.record(z.string(), ruleTextSchema),
});

export type RuleText = z.infer<typeof ruleTextSchema>;
export type LexiconText = z.infer<typeof lexiconTextSchema>;

/** Validates raw lexicon-text data; throws an Error naming the entry id and the field. */
export function parseLexiconText(data: unknown): LexiconText {
  const result = lexiconTextSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, 20).map((issue) => {
    const [root, id, ...rest] = issue.path;
    if (root === 'rules' && typeof id === 'string') return `entry "${id}" field "${rest.map(String).join('.') || '(entry)'}": ${issue.message}`;
    return `field "${issue.path.map(String).join('.') || '(root)'}": ${issue.message}`;
  });
  const more = result.error.issues.length > 20 ? `\n  … and ${result.error.issues.length - 20} more` : '';
  throw new Error(`Invalid compliance lexicon text (lexicon-text.json):\n  ${lines.join('\n  ')}${more}`);
}

/** Where lexicon.json and lexicon-text.json disagree (missing or extra ids, exemption counts). */
export function textProblems(lexicon: Lexicon, text: LexiconText): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const e of lexicon.entries) {
    ids.add(e.id);
    const t = text.rules[e.id];
    if (!t) {
      problems.push(`entry "${e.id}" is in lexicon.json but has no text in lexicon-text.json`);
      continue;
    }
    const want = e.exemptions?.length ?? 0;
    const got = t.exemptions?.length ?? 0;
    if (want !== got) problems.push(`entry "${e.id}" has ${want} exemptions in lexicon.json but ${got} reasons in lexicon-text.json`);
  }
  for (const id of Object.keys(text.rules)) {
    if (!ids.has(id)) problems.push(`entry "${id}" is in lexicon-text.json but not in lexicon.json`);
  }
  return problems;
}
