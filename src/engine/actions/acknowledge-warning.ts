/** Acknowledge platform warning (处理平台警告). */
import * as z from 'zod/mini';
import { defineAction, reject } from './define';

export const acknowledgeWarningAction = defineAction({
  type: 'acknowledge_warning',
  console: { panel: 'incidents', control: 'custom', order: 30 },
  label: { zh: '处理平台警告', en: 'Acknowledge platform warning' },
  seat: 'both',
  schema: z.strictObject({ incident: z.string().check(z.minLength(1)) }),
  apply(w, p) {
    const task = w.tasks.find((t) => t.id === p.incident && t.kind === 'platform_warning');
    if (!task) reject('unknown_warning', `no platform warning "${p.incident}"`);
  },
});
