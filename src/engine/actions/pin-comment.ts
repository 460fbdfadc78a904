/** Pin comment (置顶评论). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, reject } from './define';

export const pinCommentAction = defineAction({
  type: 'pin_comment',
  console: { panel: 'comments', control: 'comment', order: 20 },
  shortcut: { display: 'P', key: 'p', target: 'comment' },
  cueable: true,
  label: { zh: '置顶评论', en: 'Pin comment' },
  seat: 'controller',
  schema: z.strictObject({ comment: z.number().check(z.int(), z.nonnegative()) }),
  apply(w, p) {
    const ev = w.log[p.comment];
    if (!ev || ev.type !== 'comment') reject('unknown_comment', `event ${p.comment} is not a comment`);
    w.pinned = p.comment;
    emit(w, 'comment.pinned', { comment: p.comment }, [p.comment]);
  },
});
