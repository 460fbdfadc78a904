/** Reconnect stream (重新连接推流). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { schedule } from '../kernel/timers';
import { BACKUP_DEGRADED_MS } from '../systems/tuning';
import { defineAction, reject } from './define';

export const reconnectStreamAction = defineAction({
  type: 'reconnect_stream',
  console: { panel: 'incidents', control: 'form', order: 10 },
  label: { zh: '重新连接推流', en: 'Reconnect stream' },
  seat: 'both',
  schema: z.strictObject({ via: z._default(z.enum(['retry', 'backup']), 'retry') }),
  apply(w, p) {
    if (w.status !== 'interrupted') reject('not_interrupted', 'the stream is not interrupted');
    if (p.via === 'retry' && w.eventTime < w.streamDropRetryAt) {
      emit(w, 'stream.reconnect.failed', { via: 'retry' });
      return;
    }
    w.status = 'live';
    emit(w, 'room.restored', { via: p.via });
    if (p.via === 'backup') {
      // The backup (4G) line carries a lower bitrate until the primary line is back.
      w.quality = 'degraded';
      emit(w, 'room.quality', { quality: 'degraded', reason: 'backup_network' });
      schedule(w, w.eventTime + BACKUP_DEGRADED_MS, 'quality.restore', {});
    } else if (w.quality === 'degraded') {
      w.quality = 'good';
      emit(w, 'room.quality', { quality: 'good', reason: 'primary_restored' });
    }
  },
});
