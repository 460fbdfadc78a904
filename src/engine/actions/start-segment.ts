/** Start next segment (进入下一环节). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, reject, segmentOf } from './define';

export const startSegmentAction = defineAction({
  type: 'start_segment',
  console: { panel: 'controls', control: 'custom', order: 20 },
  label: { zh: '进入下一环节', en: 'Start next segment' },
  seat: 'both',
  schema: z.strictObject({ segment: z.string().check(z.minLength(1)) }),
  apply(w, p) {
    if (!w.plan.includes(p.segment)) reject('unknown_segment', `unknown run-of-show segment "${p.segment}" (known: ${w.plan.join(', ')})`);
    if (w.segment === p.segment) reject('already_current', `segment "${p.segment}" is already under way`);
    const seg = segmentOf(w, p.segment);
    w.hostRunOfShow = true;
    w.hostStartedSegment = true;
    w.segment = seg.id;
    emit(w, 'segment.start', { segment: seg.id, index: w.plan.indexOf(seg.id), plannedMs: Math.round(seg.duration * 1000), ...(seg.product ? { product: seg.product } : {}), by: 'host' });
  },
});
