/**
 * The competency catalogue (catalogue.json): clauses of the standards a run can be
 * marked against, each quoted verbatim from the seed it comes from, with the seed file
 * and lines, an English gloss, and whether (and how) a run can observe it.
 */
import { z } from 'zod';
import catalogueData from './catalogue.json' with { type: 'json' };
import { DataFileError, formatIssue } from './data-error';

export const CATALOGUE_FILE = 'src/scoring/catalogue.json';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

export const LEVEL_IDS = ['1x-primary', '1x-intermediate', '1x-advanced', 'imkt-l5', 'imkt-l4', 'imkt-l3', 'platform-l5', 'platform-l4'] as const;

const entrySchema = z.strictObject({
  /** `<level>:<clause>`, e.g. `1x-primary:2.3.1`, `imkt-l5:2-2-1`. */
  id: z.string().regex(/^[a-z0-9-]+:[0-9.-]+$/, { error: 'must be <level>:<clause>' }),
  document: z.enum(['1x', 'imkt']),
  level: z.enum(LEVEL_IDS),
  /** For the 互联网营销师 package: the work type (直播销售员, 平台管理员). */
  role: z.string().min(1).optional(),
  clause: z.string().min(1),
  area: z.string().min(1),
  task: z.string().min(1),
  /** The clause text, verbatim from the seed (PDF line breaks removed). */
  text: z.string().min(1),
  /** The training details (培训细目) listed under the clause, verbatim. */
  details: z.array(z.string().min(1)).optional(),
  gloss: z.string().min(1),
  observable: z.enum(['yes', 'partly', 'no']),
  /** How a run observes it (events), or why it cannot. */
  observation: bilingual,
  source: z.strictObject({ file: z.string().min(1), lines: z.tuple([z.number().int().positive(), z.number().int().positive()]) }),
  sourceNote: z.string().optional(),
});

export const catalogueSchema = z
  .strictObject({
    format: z.literal('livesim/catalogue@1'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    documents: z.record(z.string(), z.strictObject({ title: bilingual, file: z.string().min(1) })),
    levels: z.record(z.enum(LEVEL_IDS), z.strictObject({ short: z.string().min(1), zh: z.string().min(1), en: z.string().min(1) })),
    entries: z.array(entrySchema).min(1),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.entries.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate clause id "${e.id}"` });
      seen.add(e.id);
      if (e.id !== `${e.level}:${e.clause}`) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `must be "${e.level}:${e.clause}"` });
      if (!c.documents[e.document]) ctx.addIssue({ code: 'custom', path: ['entries', i, 'document'], message: `unknown document "${e.document}"` });
    });
  });

export type Catalogue = z.output<typeof catalogueSchema>;
export type CatalogueEntry = Catalogue['entries'][number];

/** Validate catalogue data; errors name the file and the field. */
export function parseCatalogue(data: unknown, file = CATALOGUE_FILE): Catalogue {
  const r = catalogueSchema.safeParse(data);
  if (!r.success) throw new DataFileError(file, r.error.issues.map((i) => formatIssue(file, i)));
  return r.data;
}

let cached: { catalogue: Catalogue; byId: Map<string, CatalogueEntry> } | null = null;

export function catalogue(): Catalogue {
  return catalogueIndex().catalogue;
}

export function catalogueIndex(): { catalogue: Catalogue; byId: Map<string, CatalogueEntry> } {
  if (!cached) {
    const c = parseCatalogue(catalogueData);
    cached = { catalogue: c, byId: new Map(c.entries.map((e) => [e.id, e])) };
  }
  return cached;
}

export function clauseEntry(id: string): CatalogueEntry | undefined {
  return catalogueIndex().byId.get(id);
}

/** A short label for a clause: 初级 2.3.1 / 五级 2-2-1 …, and its level's name. */
export function clauseLabel(id: string): string {
  const e = clauseEntry(id);
  if (!e) return id;
  const lvl = catalogue().levels[e.level];
  return `${lvl?.short ?? e.level} ${e.clause}`;
}
