/** Launch lucky bag (发福袋). */
import * as z from 'zod/mini';
import { launchLuckyBag } from '../systems/promotions';
import { defineAction, reject, text } from './define';

export const launchLuckyBagAction = defineAction({
  type: 'launch_lucky_bag',
  console: { panel: 'marketing', control: 'form', order: 60 },
  cueable: true,
  label: { zh: '发福袋', en: 'Launch lucky bag' },
  seat: 'controller',
  schema: z.strictObject({
    entry: z.enum(['follow', 'comment']),
    keyword: z.optional(z.string().check(z.trim(), z.maxLength(20))),
    prize: text,
    winners: z.number().check(z.int(), z.minimum(1), z.maximum(100)),
    /** Seconds until the draw (real consoles: 3–15 minutes; 1 minute allowed for drills). */
    drawAfter: z._default(z.number().check(z.int(), z.minimum(60), z.maximum(900)), 180),
  }),
  whileDown: false,
  apply(w, p) {
    if (w.luckyBag) reject('bag_running', 'a lucky bag is already running');
    if (p.entry === 'comment' && !p.keyword) reject('no_keyword', 'a comment-entry lucky bag needs a keyword');
    launchLuckyBag(w, p.entry, p.keyword ?? '', p.winners, p.drawAfter * 1000, p.prize);
  },
});
