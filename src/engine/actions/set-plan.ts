/** Set run-of-show order (确定直播脚本顺序). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, reject, segmentOf } from './define';

export const setPlanAction = defineAction({
  type: 'set_plan',
  console: { panel: 'controls', control: 'custom', order: 10 },
  label: { zh: '确定直播脚本顺序', en: 'Set run-of-show order' },
  seat: 'both',
  schema: z.strictObject({ order: z.array(z.string().check(z.minLength(1))).check(z.minLength(1, { error: 'must list the segments' })) }),
  apply(w, p) {
    const ids = new Set(w.plan);
    const seen = new Set<string>();
    for (const id of p.order) {
      if (!ids.has(id)) reject('unknown_segment', `unknown run-of-show segment "${id}" (known: ${w.plan.join(', ')})`);
      if (seen.has(id)) reject('duplicate_segment', `segment "${id}" is listed twice`);
      seen.add(id);
    }
    const missing = w.plan.filter((id) => !seen.has(id));
    if (missing.length > 0) reject('incomplete_plan', `the plan leaves out ${missing.map((id) => `"${id}"`).join(', ')}`);
    const first = w.scenario.runOfShow[0].id;
    if (w.hostRunOfShow ? w.hostStartedSegment : w.segment !== first) reject('plan_locked', 'the run of show can only be reordered before the second segment starts');
    const seg = segmentOf(w, p.order[0]);
    w.plan = p.order.slice();
    w.hostRunOfShow = true;
    emit(w, 'plan.set', { order: w.plan, plannedMs: w.plan.map((id) => Math.round(segmentOf(w, id).duration * 1000)) });
    if (w.segment !== seg.id) {
      w.segment = seg.id;
      emit(w, 'segment.start', { segment: seg.id, index: 0, plannedMs: Math.round(seg.duration * 1000), ...(seg.product ? { product: seg.product } : {}), by: 'plan' });
    }
  },
});
