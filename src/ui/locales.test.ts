import { describe, expect, it } from 'vitest';
import i18n, { DEFAULT_LANGUAGE, ensureLanguage, loadMessages, storedLanguage } from './i18n';
import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';

/** Dotted keys of a nested message object, plural suffixes folded (`a_one`, `a_other` → `a`). */
function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`],
  );
}

describe('locales', () => {
  it('zh-CN and en define the same messages', () => {
    expect([...new Set(keys(en))].sort()).toEqual([...new Set(keys(zhCN))].sort());
  });

  it('defaults to Simplified Chinese when nothing is stored', () => {
    expect(DEFAULT_LANGUAGE).toBe('zh-CN');
    expect(storedLanguage()).toBe('zh-CN');
    expect(i18n.language).toBe('zh-CN');
    expect(i18n.t('app.name')).toBe('直播电商实训模拟器');
  });

  it('pluralises English and interpolates Chinese', async () => {
    await ensureLanguage('en');
    const tEn = i18n.getFixedT('en');
    expect(tEn('app.name')).toBe('Live Commerce Practice Simulator');
    expect(tEn('card.errorsHeading', { count: 1 })).toBe('1 problem:');
    expect(tEn('card.errorsHeading', { count: 3 })).toBe('3 problems:');
    await loadMessages('screens'); // (the picker's messages load with the screens around the live room: message-parts.ts)
    expect(i18n.getFixedT('zh-CN')('list.summary', { count: 4, valid: 3 })).toBe('共 4 个场景，3 个通过校验');
  });
});

describe('every message the UI asks for exists', () => {
  it('in Simplified Chinese and in English', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f) && !f.endsWith('.test.ts')) files.push(p);
      }
    };
    walk('src/ui');
    const used = new Set<string>();
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
      for (const m of src.matchAll(/(?:labelKey|detailKey): '([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    const zhKeys = new Set(keys(zhCN));
    const enKeys = new Set(keys(en));
    const has = (set: Set<string>, k: string) => set.has(k) || [...set].some((x) => x.startsWith(`${k}.`)); // arrays: quick replies
    const missing = [...used].filter((k) => !has(zhKeys, k) || !has(enKeys, k));
    expect(used.size).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
