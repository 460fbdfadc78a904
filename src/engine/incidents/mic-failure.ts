/** 麦克风故障: viewers cannot hear the host (speech is not heard). Handled by switching to the backup microphone. */
import type { TaskKindDef } from './types';

export const micFailure: TaskKindDef<'mic_failure'> = {
  kind: 'mic_failure',
  defaultWithinSec: 30,
  message: () => ({ zh: '麦克风故障：观众听不到声音', en: 'Microphone failure: viewers cannot hear you' }),
  start(w) {
    w.micDown = true;
  },
  handledBy: (_w, _task, a) => a.type === 'fix_microphone',
};
