/**
 * Checks on a scenario that has passed the schema: the audience-size limits (errors: they
 * bound what a run costs) and the authoring advice of docs/authoring.md (warnings: shown by
 * `validate`, never blocking a load). docs/scenario-format.md §12 lists both.
 */
import { PERSONA_DEFAULTS } from '../audience/personas';
import { formatClock } from '../time';
import { cut, LIMITS } from './fields';
import type { ScenarioData } from './schema';

export interface Finding {
  /** Path of the field the finding is about (the position is looked up from it). */
  path: (string | number)[];
  message: string;
}

/** Viewers arriving over [0, end] seconds, reading the curve as the engine does (linear between points, flat outside). */
export function expectedArrivals(traffic: readonly { at: number; perMin: number }[], end: number): number {
  if (traffic.length === 0 || end <= 0) return 0;
  let total = 0;
  let t = 0;
  let rate = traffic[0].perMin;
  for (const pt of traffic) {
    const until = Math.min(pt.at, end);
    if (until > t) {
      // Trapezoid from (t, rate) to (until, value at until).
      const to = pt.at > t ? rate + ((pt.perMin - rate) * (until - t)) / (pt.at - t) : pt.perMin;
      total += ((rate + to) / 2) * (until - t);
      t = until;
    }
    rate = pt.perMin;
    if (t >= end) break;
  }
  if (t < end) total += rate * (end - t);
  return total / 60;
}

/** The persona mix's average stay in seconds (a weighted mean of each persona's `dwell`). */
export function averageDwellSec(personas: ScenarioData['audience']['personas']): number {
  const shares = personas.reduce((sum, p) => sum + p.share, 0);
  if (!(shares > 0)) return 0;
  return personas.reduce((sum, p) => sum + p.share * (p.dwell ?? PERSONA_DEFAULTS[p.type].dwell), 0) / shares;
}

/** The audience-size limits: refused, because they bound the engine's work for any run of the file. */
export function audienceLimits(s: ScenarioData): Finding[] {
  const out: Finding[] = [];
  const end = s.meta.duration;
  const arrivals = expectedArrivals(s.audience.traffic, end);
  const n = (x: number) => Math.round(x).toLocaleString('en');
  if (arrivals > LIMITS.arrivals) {
    out.push({
      path: ['audience', 'traffic'],
      message: `the traffic curve brings about ${n(arrivals)} viewers over the run; at most ${n(LIMITS.arrivals)} are allowed (lower perMin or shorten the run; docs/scenario-format.md §Limits)`,
    });
    return out;
  }
  const stayMin = Math.min(averageDwellSec(s.audience.personas), end) / 60;
  const viewerMinutes = arrivals * stayMin;
  if (viewerMinutes > LIMITS.viewerMinutes) {
    out.push({
      path: ['audience'],
      message: `about ${n(arrivals)} viewers staying ${stayMin.toFixed(1)} minutes on average make ${n(viewerMinutes)} viewer-minutes; at most ${n(LIMITS.viewerMinutes)} are allowed (lower perMin or the personas' dwell; docs/scenario-format.md §Limits)`,
    });
  }
  return out;
}

const clock = (sec: number) => formatClock(sec * 1000);

/**
 * The advice of docs/authoring.md that `validate` checks, as warnings. `file` is the path the
 * file was read from: its name (without .yaml) should be `meta.id`.
 */
export function authoringWarnings(s: ScenarioData, file: string): Finding[] {
  const out: Finding[] = [];
  const base = /([^/\\]+)\.ya?ml$/i.exec(file)?.[1];
  if (base !== undefined && base !== s.meta.id) {
    out.push({
      path: ['meta', 'id'],
      message: `meta.id "${cut(s.meta.id, 64)}" is not the file name "${cut(base, 64)}": rename the file to ${s.meta.id}.yaml, or change meta.id (run files and reports use meta.id)`,
    });
  }

  const end = s.meta.duration;
  const planned = s.runOfShow.reduce((sum, seg) => sum + seg.duration, 0);
  if (planned < end) {
    out.push({
      path: ['runOfShow'],
      message: `the run of show adds up to ${clock(planned)}, ${clock(end - planned)} shorter than the stream (${clock(end)}): the last ${clock(end - planned)} have no segment; lengthen a segment or add one`,
    });
  }

  // A scripted question about a product, asked during another product's segment before its own product was presented.
  let t = 0;
  const segments = s.runOfShow.map((seg) => {
    const from = t;
    t += seg.duration;
    return { id: seg.id, product: seg.product, from, to: t };
  });
  const firstShown = new Map<string, number>();
  for (const seg of segments) if (seg.product !== undefined && !firstShown.has(seg.product)) firstShown.set(seg.product, seg.from);
  s.script.comments.forEach((c, i) => {
    if (c.kind !== 'question' || c.product === undefined) return;
    const seg = segments.find((x) => c.at >= x.from && c.at < x.to);
    if (!seg || seg.product === undefined || seg.product === c.product) return;
    const shown = firstShown.get(c.product);
    if (shown !== undefined && shown <= c.at) return; // a viewer coming back to a product already presented
    const own = shown === undefined ? `no segment presents "${cut(c.product, 40)}"` : `"${cut(c.product, 40)}" is presented from ${clock(shown)}`;
    out.push({
      path: ['script', 'comments', i, 'at'],
      message: `a question about "${cut(c.product, 40)}" at ${clock(c.at)} falls in segment "${cut(seg.id, 40)}", which presents "${cut(seg.product, 40)}", and ${own}: move it into a segment of its product, a few seconds after the pitch begins`,
    });
  });
  return out;
}
