/** End stream (下播). */
import * as z from 'zod/mini';
import { endRun } from '../systems/room';
import { defineAction } from './define';

export const endStreamAction = defineAction({
  type: 'end_stream',
  console: { panel: 'controls', control: 'button', order: 30 },
  label: { zh: '下播', en: 'End stream' },
  seat: 'both',
  schema: z.strictObject({}),
  apply(w) {
    endRun(w, 'host');
  },
});
