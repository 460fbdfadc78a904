/** How the hub names statuses and flags for teachers (the CSV; the gradebook screen has its own locale strings). */
import type { FlagKind } from './hub';
import type { AttemptStatus } from './protocol';

const STATUS: Record<AttemptStatus, { zh: string; en: string }> = {
  joined: { zh: '已加入', en: 'joined' },
  live: { zh: '进行中', en: 'in progress' },
  submitted: { zh: '已交卷', en: 'submitted' },
  'timed-out': { zh: '超时收卷', en: 'timed out' },
  closed: { zh: '老师收卷', en: 'closed by teacher' },
  voided: { zh: '已作废', en: 'voided' },
};

export function statusText(s: AttemptStatus, lang: 'zh' | 'en'): string {
  return STATUS[s]?.[lang] ?? s;
}

type Detail = Record<string, unknown>;
const num = (d: Detail, k: string) => (typeof d[k] === 'number' ? (d[k] as number) : 0);

export function flagText(f: { kind: FlagKind; detail: Detail }, lang: 'zh' | 'en'): string {
  const d = f.detail;
  const zh = lang === 'zh';
  switch (f.kind) {
    case 'ahead':
      return zh ? `模拟时间超前墙钟 ${Math.round(num(d, 'maxAheadMs') / 1000)} 秒（${num(d, 'count')} 次）` : `sim time ahead of the wall clock by ${Math.round(num(d, 'maxAheadMs') / 1000)} s (${num(d, 'count')}×)`;
    case 'backdated':
      return zh ? `操作晚到，最多晚 ${Math.round(num(d, 'maxLagMs') / 1000)} 秒（${num(d, 'count')} 条；断线重发时正常）` : `actions arrived up to ${Math.round(num(d, 'maxLagMs') / 1000)} s after their time (${num(d, 'count')}; expected after a disconnect)`;
    case 'disconnect':
      return zh ? `断线 ${num(d, 'seconds')} 秒` : `disconnected ${num(d, 'seconds')} s`;
    case 'hidden':
      return typeof d.seconds === 'number' ? (zh ? `切走页面 ${d.seconds} 秒` : `tab hidden ${d.seconds} s`) : zh ? '切走页面（未回来）' : 'tab hidden (never came back)';
    case 'paste':
      return zh ? `粘贴大段文字（${num(d, 'chars')} 字）` : `large paste (${num(d, 'chars')} characters)`;
    case 'conflict':
      return zh ? `重发的第 ${num(d, 'seq')} 条与已收到的不同` : `entry ${num(d, 'seq')} resent with different content`;
    case 'late':
      return zh ? '时间到后仍在发送' : 'sent after the time was up';
    case 'rejoined':
      return zh ? `经老师允许换机重新加入${d.sameName === false ? `（姓名为「${String(d.name)}」）` : ''}` : `rejoined from another computer with the teacher's leave${d.sameName === false ? ` (as "${String(d.name)}")` : ''}`;
    case 'no-finish':
      return zh ? '页面未交卷，按时限收卷' : 'the page never finished; closed at the time limit';
  }
}
