/** Unpin comment (取消置顶). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, reject } from './define';

export const unpinCommentAction = defineAction({
  type: 'unpin_comment',
  console: { panel: 'comments', control: 'button', order: 30 },
  shortcut: { display: 'U', key: 'u' },
  label: { zh: '取消置顶', en: 'Unpin comment' },
  seat: 'controller',
  schema: z.strictObject({}),
  apply(w) {
    if (w.pinned < 0) reject('nothing_pinned', 'no comment is pinned');
    const c = w.pinned;
    w.pinned = -1;
    emit(w, 'comment.unpinned', { comment: c }, [c]);
  },
});
