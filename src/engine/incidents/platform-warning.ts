/** 平台警告: the platform warns the room. Handled by acknowledging it; ignored, traffic is throttled. */
import { penalise, warn } from '../systems/moderation';
import type { TaskKindDef } from './types';

export const platformWarning: TaskKindDef<'platform_warning'> = {
  kind: 'platform_warning',
  defaultWithinSec: 60,
  message: (_w, inc) => ({ zh: `平台警告：${inc.reason.zh}`, en: `Platform warning: ${inc.reason.en}` }),
  start(w, inc) {
    warn(w, inc.reason.en, inc.id);
  },
  handledBy: (_w, task, a) => a.type === 'acknowledge_warning' && a.incident === task.id,
  onMissed(w) {
    penalise(w, 'warning not acted on', 0.5, 5 * 60000);
  },
};
