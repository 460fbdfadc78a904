/** 推流中断: the picture stops. Handled by reconnecting (a retry fails for `retryFailsFor` s; the backup line works). */
import { emit } from '../kernel/log';
import type { TaskKindDef } from './types';

export const streamDrop: TaskKindDef<'stream_drop'> = {
  kind: 'stream_drop',
  defaultWithinSec: 60,
  message: () => ({ zh: '推流中断：网络异常，直播画面已停止', en: 'Stream dropped: network failure, the picture has stopped' }),
  start(w, inc, _task, started) {
    if (w.status !== 'live') return;
    w.status = 'interrupted';
    w.streamDropRetryAt = w.eventTime + inc.retryFailsFor * 1000;
    emit(w, 'room.interrupted', { cause: 'stream_drop' }, [started]);
  },
  handledBy: (w, _task, a) => w.status === 'live' && a.type === 'reconnect_stream',
};
