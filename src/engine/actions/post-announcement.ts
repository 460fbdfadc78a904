/** Post announcement (发布公告). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { analyseSpeech } from '../systems/speech';
import { defineAction } from './define';

export const postAnnouncementAction = defineAction({
  type: 'post_announcement',
  console: { panel: 'marketing', control: 'form', order: 80 },
  cueable: true,
  label: { zh: '发布公告', en: 'Post announcement' },
  seat: 'controller',
  schema: z.strictObject({ text: z.string().check(z.trim(), z.maxLength(200)) }),
  apply(w, p, id) {
    w.announcement = p.text;
    const ev = emit(w, 'room.announcement', { text: p.text });
    if (p.text) analyseSpeech(w, p.text, ev, null, { announcement: true });
    void id;
  },
});
