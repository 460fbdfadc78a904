/** Say (讲话). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { analyseSpeech } from '../systems/speech';
import { defineAction, text } from './define';

export const sayAction = defineAction({
  type: 'say',
  console: { panel: 'talk', control: 'custom', order: 10 },
  label: { zh: '讲话', en: 'Say' },
  seat: 'host',
  schema: z.strictObject({ text, source: z._default(z.enum(['typed', 'voice']), 'typed') }),
  apply(w, p) {
    const heard = w.status === 'live' && !w.micDown;
    const id = emit(w, 'host.say', { text: p.text, heard, source: p.source });
    if (heard) analyseSpeech(w, p.text, id, null);
  },
});
