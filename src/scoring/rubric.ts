/**
 * Rubrics as versioned data (src/scoring/rubrics/*.json): one per assessment, naming
 * the catalogue clauses it covers, its sections (for 互联网营销师 rubrics, the seed's exam
 * units with their weights), its criteria with weights, parameters and the reason for
 * each weight, its gates and its pass mark. The loader validates the file with zod and
 * against the criterion registry and the catalogue, and names the file and the field of
 * every problem.
 */
import { z } from 'zod';
import { catalogueIndex } from './catalogue';
import { CRITERIA } from './criteria';
import { DataFileError, formatIssue } from './data-error';
import { RUBRIC_FILES } from './rubrics';
import { LEVEL_IDS } from './catalogue';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

const criterionRefSchema = z.strictObject({
  criterion: z.string().min(1),
  weight: z.number().positive(),
  params: z.record(z.string(), z.unknown()).default({}),
  /** Why this weight. */
  why: bilingual,
});

const sectionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: bilingual,
  weight: z.number().positive(),
  /** The exam unit of the seed this section stands for (互联网营销师: 2-2, 2-1, 3-2 …). */
  examUnit: z.string().optional(),
  /** Where the weight comes from (seed file and line), or why we chose it. */
  weightSource: z.string().min(1),
  /**
   * `quiz`: the review quiz, marked on its own line once answered. `rehearsal`: assessed by the
   * rehearsal task (2-1 直播预演), not by a selling run: shown as not assessed, its weight left out.
   */
  when: z.enum(['always', 'quiz', 'rehearsal']).default('always'),
  criteria: z.array(criterionRefSchema).min(1),
});

export const rubricSchema = z.strictObject({
  format: z.literal('livesim/rubric@1'),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { error: 'must be a version like 1.0.0' }),
  title: bilingual,
  summary: bilingual,
  level: z.enum(LEVEL_IDS),
  seat: z.enum(['host', 'controller']),
  passMark: z.number().min(0).max(100),
  passMarkWhy: bilingual,
  /** Catalogue clause ids this assessment covers. */
  covers: z.array(z.string().min(1)).min(1),
  exam: z
    .strictObject({
      source: z.string().min(1),
      note: bilingual,
      units: z.array(z.strictObject({ unit: z.string().min(1), title: bilingual, weight: z.number().positive(), minutes: z.number().positive().optional(), form: z.string().optional() })).min(1),
    })
    .optional(),
  sections: z.array(sectionSchema).min(1),
  gates: z.array(z.strictObject({ id: z.string().min(1), criterion: z.string().min(1), title: bilingual, why: bilingual })).default([]),
});

type RawRubric = z.output<typeof rubricSchema>;
export type Rubric = RawRubric;
export type RubricSection = Rubric['sections'][number];

/** Validate rubric data: its schema, then its criteria (and their params), clauses, gates and exam units. */
export function parseRubric(data: unknown, file: string): Rubric {
  const r = rubricSchema.safeParse(data);
  if (!r.success) throw new DataFileError(file, r.error.issues.map((i) => formatIssue(file, i)));
  const rubric = r.data;
  const problems: string[] = [];
  const at = (path: (string | number)[], msg: string) => problems.push(`${file}: ${path.join('.')}: ${msg}`);
  const { byId } = catalogueIndex();
  rubric.covers.forEach((c, i) => {
    if (!byId.has(c)) at(['covers', i], `unknown catalogue clause "${c}" (see src/scoring/catalogue.json)`);
  });
  const seenSections = new Set<string>();
  const seenCriteria = new Set<string>();
  rubric.sections.forEach((s, si) => {
    if (seenSections.has(s.id)) at(['sections', si, 'id'], `duplicate section "${s.id}"`);
    seenSections.add(s.id);
    if (s.examUnit && rubric.exam && !rubric.exam.units.some((u) => u.unit === s.examUnit)) at(['sections', si, 'examUnit'], `"${s.examUnit}" is not one of exam.units`);
    s.criteria.forEach((c, ci) => {
      const def = CRITERIA[c.criterion];
      if (!def) {
        at(['sections', si, 'criteria', ci, 'criterion'], `unknown criterion "${c.criterion}" (known: ${Object.keys(CRITERIA).join(', ')})`);
        return;
      }
      if (seenCriteria.has(c.criterion)) at(['sections', si, 'criteria', ci, 'criterion'], `criterion "${c.criterion}" is used twice`);
      seenCriteria.add(c.criterion);
      const p = def.params.safeParse(c.params);
      if (!p.success) for (const issue of p.error.issues) problems.push(formatIssue(file, { ...issue, path: ['sections', si, 'criteria', ci, 'params', ...issue.path] }));
      else c.params = p.data as Record<string, unknown>;
      if (!def.clauses.some((cl) => rubric.covers.includes(cl))) at(['sections', si, 'criteria', ci, 'criterion'], `"${c.criterion}" observes none of the clauses this rubric covers`);
    });
  });
  rubric.gates.forEach((g, gi) => {
    if (!seenCriteria.has(g.criterion)) at(['gates', gi, 'criterion'], `gate criterion "${g.criterion}" is not one of the rubric's criteria`);
  });
  if (problems.length > 0) throw new DataFileError(file, problems);
  return rubric;
}

let cache: Map<string, Rubric> | null = null;

function all(): Map<string, Rubric> {
  if (!cache) {
    const m = new Map<string, Rubric>();
    for (const f of RUBRIC_FILES) {
      const r = parseRubric(f.data, f.file);
      const expected = f.file.replace(/^.*\//, '').replace(/\.json$/, '');
      if (r.id !== expected) throw new DataFileError(f.file, [`${f.file}: id: must match the file name ("${expected}")`]);
      m.set(r.id, r);
    }
    cache = m;
  }
  return cache;
}

export function rubricIds(): string[] {
  return [...all().keys()];
}

export function loadRubric(id: string): Rubric {
  const r = all().get(id);
  if (!r) throw new Error(`unknown rubric "${id}" (known: ${rubricIds().join(', ')})`);
  return r;
}

export interface CoverageRow {
  clause: string;
  text: string;
  observable: string;
  /** Criteria in the registry observing the clause; `inRubric` when this rubric uses them. */
  criteria: { id: string; inRubric: boolean }[];
  coveredByRubric: boolean;
}

/**
 * Each catalogue clause and the criteria that observe it. With a rubric: every clause of
 * the catalogue, marking the ones the rubric covers and the criteria it uses.
 */
export function coverage(rubricId?: string): CoverageRow[] {
  const rubric = rubricId ? loadRubric(rubricId) : undefined;
  const used = new Set(rubric?.sections.flatMap((s) => s.criteria.map((c) => c.criterion)) ?? []);
  const { catalogue } = catalogueIndex();
  return catalogue.entries.map((e) => ({
    clause: e.id,
    text: e.text,
    observable: e.observable,
    criteria: Object.values(CRITERIA)
      .filter((c) => c.clauses.includes(e.id))
      .map((c) => ({ id: c.id, inRubric: used.has(c.id) })),
    coveredByRubric: rubric ? rubric.covers.includes(e.id) : false,
  }));
}
