/**
 * Scenario tags are the author's own words (scenario meta.tags), in Chinese. In English the
 * shipped scenarios' tags are shown from a glossary (locales/tags-en.json); a tag it lacks (a
 * teacher's own scenario) is shown as written.
 */
import tagsEn from './locales/tags-en.json' with { type: 'json' };

const EN: Record<string, string> = tagsEn;

export function tagLabel(tag: string, lang: string): string {
  return lang.startsWith('en') && Object.hasOwn(EN, tag) ? EN[tag] : tag;
}
