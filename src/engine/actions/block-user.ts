/** Block viewer (拉黑). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { leave, slotOf } from '../systems/viewers';
import { defineAction, reject } from './define';

export const blockUserAction = defineAction({
  type: 'block_user',
  console: { panel: 'comments', control: 'comment', order: 50 },
  shortcut: { display: 'Shift + B', key: 'b', shift: true, target: 'comment' },
  label: { zh: '拉黑', en: 'Block viewer' },
  seat: 'controller',
  schema: z.strictObject({ viewer: z.number().check(z.int(), z.positive()) }),
  apply(w, p) {
    if (p.viewer >= w.nextViewerId) reject('unknown_viewer', `no viewer ${p.viewer} has been in the room`);
    if (w.blocked.has(p.viewer)) reject('already_blocked', `viewer ${p.viewer} is already blocked`);
    w.blocked.add(p.viewer);
    emit(w, 'viewer.blocked', { viewer: p.viewer });
    const slot = slotOf(w, p.viewer);
    if (slot >= 0) leave(w, slot);
  },
});
