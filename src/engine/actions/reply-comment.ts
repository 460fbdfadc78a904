/** Reply to comment (回复评论). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { analyseReply } from '../systems/speech';
import { defineAction, reject, text } from './define';

export const replyCommentAction = defineAction({
  type: 'reply_comment',
  console: { panel: 'comments', control: 'custom', order: 10 },
  label: { zh: '回复评论', en: 'Reply to comment' },
  seat: 'both',
  schema: z.strictObject({ comment: z.number().check(z.int(), z.nonnegative()), text }),
  apply(w, p) {
    const ev = w.log[p.comment];
    if (!ev || ev.type !== 'comment') reject('unknown_comment', `event ${p.comment} is not a comment`);
    const id = emit(w, 'comment.replied', { comment: p.comment, text: p.text }, [p.comment]);
    analyseReply(w, p.text, id, p.comment);
  },
});
