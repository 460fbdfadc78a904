/** Set keyword filter (设置屏蔽词). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction } from './define';

export const setKeywordFilterAction = defineAction({
  type: 'set_keyword_filter',
  console: { panel: 'comments', control: 'form', order: 60 },
  label: { zh: '设置屏蔽词', en: 'Set keyword filter' },
  seat: 'controller',
  schema: z.strictObject({ words: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(20))).check(z.maxLength(200, { error: 'at most 200 words (as on real consoles)' })) }),
  apply(w, p) {
    w.filterWords = [...new Set(p.words.map((w) => w.toLowerCase()))];
    emit(w, 'filter.set', { words: w.filterWords });
  },
});
