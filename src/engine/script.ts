/** Running the scenario's scripted events (kernel/script-items.ts) as their time comes. */
import { emit } from './kernel/log';
import type { World } from './kernel/state';
import type { ScriptItem } from './kernel/script-items';
import { analyseSpeech } from './systems/speech';
import { scriptedComment, vipArrives } from './systems/audience';
import { issueCue, startIncident } from './incidents/lifecycle';

export function runScriptItem(w: World, item: ScriptItem): void {
  const s = w.scenario;
  switch (item.kind) {
    case 'segment': {
      // Once the student runs the show (set_plan / start_segment), the schedule no longer starts segments.
      if (w.hostRunOfShow) return;
      const seg = s.runOfShow[item.index];
      w.segment = seg.id;
      emit(w, 'segment.start', { segment: seg.id, index: item.index, plannedMs: Math.round(seg.duration * 1000), ...(seg.product ? { product: seg.product } : {}) }, undefined, item.startMs);
      return;
    }
    case 'vip': {
      const v = s.script.vips[item.index];
      vipArrives(w, v.user, v.persona, v.fanLevel);
      return;
    }
    case 'comment':
      scriptedComment(w, s.script.comments[item.index]);
      return;
    case 'host': {
      const h = s.script.host[item.index];
      const heard = w.status === 'live' && !w.micDown;
      const id = emit(w, 'host.say', { text: h.say, heard, source: 'script' });
      if (heard) analyseSpeech(w, h.say, id, null, { scriptedHost: true });
      if (h.cue) issueCue(w, h, item.index, id);
      return;
    }
    case 'incident':
      startIncident(w, s.incidents[item.index]);
      return;
  }
}
