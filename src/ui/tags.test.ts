import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../engine';
import { tagLabel } from './tags';

describe('scenario tags in English', () => {
  it('every tag of a shipped scenario has an English label', () => {
    const missing: string[] = [];
    for (const f of readdirSync('scenarios').filter((x) => x.endsWith('.yaml'))) {
      const r = loadScenarioText(readFileSync(`scenarios/${f}`, 'utf8'), f);
      if (!r.ok) throw new Error(`${f} does not load`);
      for (const tag of r.scenario.meta.tags) if (tagLabel(tag, 'en') === tag && /\p{Script=Han}/u.test(tag)) missing.push(`${f}: ${tag}`);
    }
    expect(missing, 'add them to src/ui/locales/tags-en.json').toEqual([]);
  });

  it('Chinese keeps the author’s words; an unknown tag is shown as written', () => {
    expect(tagLabel('童装', 'zh-CN')).toBe('童装');
    expect(tagLabel('童装', 'en')).toBe("kids' wear");
    expect(tagLabel('自编标签', 'en')).toBe('自编标签');
    expect(tagLabel('toString', 'en')).toBe('toString');
  });
});

describe('the English tag glossary', () => {
  it('gives two tags two different labels', async () => {
    const { default: glossary } = await import('./locales/tags-en.json', { with: { type: 'json' } });
    const labels = Object.values(glossary as Record<string, string>);
    expect(labels.filter((x, i) => labels.indexOf(x) !== i)).toEqual([]);
  });
});
