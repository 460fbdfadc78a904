/** Mute viewer (禁言). */
import { z } from 'zod';
import { emit } from '../kernel/log';
import { defineAction, reject } from './define';

export const muteUserAction = defineAction({
  type: 'mute_user',
  console: { panel: 'comments', control: 'comment', order: 40 },
  shortcut: { display: 'M', key: 'm', target: 'comment' },
  label: { zh: '禁言', en: 'Mute viewer' },
  seat: 'controller',
  schema: z.strictObject({ viewer: z.number().int().positive(), minutes: z.number().int().min(1).max(1440).default(10) }),
  apply(w, p) {
    if (p.viewer >= w.nextViewerId) reject('unknown_viewer', `no viewer ${p.viewer} has been in the room`);
    const until = w.eventTime + p.minutes * 60000;
    w.muted.set(p.viewer, until);
    emit(w, 'viewer.muted', { viewer: p.viewer, untilMs: until });
  },
});
