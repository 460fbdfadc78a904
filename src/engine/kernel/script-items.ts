/**
 * The scenario's scripted events as data: run-of-show segments, VIPs, scripted comments, host
 * lines and incidents, each pointing at its entry in the scenario, in time order (ties keep
 * the order above). Built from the scenario, so a snapshot stores only how far it has got.
 */
import type { Scenario } from '../scenario/load';

export interface ScriptItem {
  at: number;
  kind: 'segment' | 'vip' | 'comment' | 'host' | 'incident';
  /** Index into the scenario's list of that kind. */
  index: number;
  /** For segments: its scheduled start, ms. */
  startMs?: number;
}

export function buildScript(s: Scenario): ScriptItem[] {
  const items: (ScriptItem & { order: number })[] = [];
  let order = 0;
  const add = (atSec: number, kind: ScriptItem['kind'], index: number, startMs?: number) =>
    items.push({ at: Math.round(atSec * 1000), kind, index, order: order++, ...(startMs !== undefined ? { startMs } : {}) });
  let segAt = 0;
  s.runOfShow.forEach((seg, index) => {
    add(segAt, 'segment', index, Math.round(segAt * 1000));
    segAt += seg.duration;
  });
  s.script.vips.forEach((v, i) => add(v.at, 'vip', i));
  s.script.comments.forEach((c, i) => add(c.at, 'comment', i));
  s.script.host.forEach((h, i) => add(h.at, 'host', i));
  s.incidents.forEach((inc, i) => add(inc.at, 'incident', i));
  items.sort((a, b) => a.at - b.at || a.order - b.order);
  return items.map(({ order: _order, ...item }) => item);
}
