/**
 * 黑粉刷屏: a wave of trolls floods the comments for `duration` seconds. Handled when at least
 * half of them are muted or blocked, or a keyword filter hides at least half of their comments.
 */
import { F_WAVE_TROLL } from '../audience/pool';
import type { Task, World } from '../kernel/state';
import { schedule } from '../kernel/timers';
import { markNotable, newViewer, personaSlotFor, postComment } from '../systems/viewers';
import type { TaskKindDef } from './types';

const TROLL_TEXTS = {
  zh: ['骗子主播', '全是托，别买', '假货吧这是', '割韭菜的来了', '质量差得要命', '主播赶紧下播吧'],
  en: ['scammer', 'all fake, do not buy', 'this is a rip-off', 'bots everywhere', 'terrible quality'],
};

/**
 * Whether the keyword filter hides at least half of what the wave's trolls have said so far. Their
 * comments are collected as the log grows (`scanned` = how far it has been read), so checking
 * after every moderation action costs only the events since the last check.
 */
function trollTextsFiltered(w: World, task: Task): boolean {
  const trolls = new Set(task.data.trolls as number[]);
  const texts = (task.data.texts ??= []) as string[];
  let i = (task.data.scanned as number | undefined) ?? 0;
  for (; i < w.log.length; i++) {
    const e = w.log[i];
    if (e.type === 'comment' && trolls.has(e.viewer)) texts.push(e.text.toLowerCase());
  }
  task.data.scanned = i;
  return texts.length > 0 && texts.filter((t) => w.filterWords.some((x) => t.includes(x))).length * 2 >= texts.length;
}

export const trollWave: TaskKindDef<'troll_wave'> = {
  kind: 'troll_wave',
  defaultWithinSec: 60,
  message: () => ({ zh: '一批黑粉涌入直播间刷负面评论', en: 'A wave of trolls is flooding the comments' }),
  start(w, inc, task) {
    const trolls: number[] = [];
    for (let i = 0; i < inc.trolls; i++) {
      const slot = newViewer(w, personaSlotFor(w, 'troll'), true);
      w.pool.flags[slot] |= F_WAVE_TROLL;
      markNotable(w, slot);
      trolls.push(w.pool.vid[slot]);
      postComment(w, slot, 'troll', w.rng.pick(TROLL_TEXTS[w.lang]), { incident: inc.id });
    }
    task.data.trolls = trolls;
    // The wave lasts `duration`; its trolls then lose interest.
    schedule(w, w.eventTime + inc.duration * 1000, 'trollwave.end', { trolls });
  },
  handledBy(w, task, a) {
    if (a.type !== 'mute_user' && a.type !== 'block_user' && a.type !== 'set_keyword_filter') return false;
    const trolls = task.data.trolls as number[];
    const silenced = trolls.filter((vid) => (w.muted.get(vid) ?? -1) > w.eventTime || w.blocked.has(vid)).length;
    const filtered = w.filterWords.length > 0 && trollTextsFiltered(w, task);
    return silenced * 2 >= trolls.length || filtered;
  },
  timers: {
    'trollwave.end': (w, p) => {
      for (const vid of p.trolls) {
        const slot = w.notable.get(vid);
        if (slot !== undefined) w.pool.flags[slot] &= ~F_WAVE_TROLL;
      }
    },
  },
};
