/**
 * Viewers' comment texts (data/comment-templates.json): what the audience says, per room
 * language, and which complaints fit which kind of product.
 */
import templatesData from '../data/comment-templates.json' with { type: 'json' };

type Templates = { zh: Record<string, string[]>; en: Record<string, string[]> };
type ComplaintGroup = { group: string; category: string; class: string[] };
export const TEMPLATES = templatesData as unknown as Templates & { version: number; complaintGroups: ComplaintGroup[] };
const COMPLAINT_GROUPS = TEMPLATES.complaintGroups.map((g) => ({ ...g, re: new RegExp(g.category) }));

/**
 * The complaint group of a product (comment-templates.json `complaintGroups`): the first whose
 * pattern matches its category, else the first that lists its compliance class; '' for none.
 * Complaints about a product come from its group's lists, so nobody says 有点小 of a dishwasher.
 */
export function complaintGroup(product: { category: string; class: string }): string {
  return (COMPLAINT_GROUPS.find((g) => g.re.test(product.category)) ?? COMPLAINT_GROUPS.find((g) => g.class.includes(product.class)))?.group ?? '';
}

/** The room's comment texts of one kind (English rooms fall back to Chinese), or undefined. */
export function templates(lang: 'zh' | 'en', kind: string): readonly string[] | undefined {
  return TEMPLATES[lang][kind] ?? TEMPLATES.zh[kind];
}
