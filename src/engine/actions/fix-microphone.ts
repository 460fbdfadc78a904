/** Switch to backup microphone (切换备用麦克风). */
import * as z from 'zod/mini';
import { defineAction, reject } from './define';

export const fixMicrophoneAction = defineAction({
  type: 'fix_microphone',
  console: { panel: 'incidents', control: 'button', order: 20 },
  label: { zh: '切换备用麦克风', en: 'Switch to backup microphone' },
  seat: 'both',
  schema: z.strictObject({}),
  apply(w) {
    if (!w.micDown) reject('mic_ok', 'the microphone works');
    w.micDown = false;
  },
});
