/** Mute viewer (禁言). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, reject } from './define';

export const muteUserAction = defineAction({
  type: 'mute_user',
  console: { panel: 'comments', control: 'comment', order: 40 },
  shortcut: { display: 'M', key: 'm', target: 'comment' },
  label: { zh: '禁言', en: 'Mute viewer' },
  seat: 'controller',
  schema: z.strictObject({ viewer: z.number().check(z.int(), z.positive()), minutes: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(1440)), 10) }),
  apply(w, p) {
    if (p.viewer >= w.nextViewerId) reject('unknown_viewer', `no viewer ${p.viewer} has been in the room`);
    const until = w.eventTime + p.minutes * 60000;
    w.muted.set(p.viewer, until);
    emit(w, 'viewer.muted', { viewer: p.viewer, untilMs: until });
  },
});
