/**
 * A student's skills from their own runs in this browser, and what to practise next.
 *
 * - **Samples.** Each graded run gives one sample per skill it observed: the points its criteria
 *   of that skill earned over their maximum (criteria not assessed or not applicable in the run
 *   are left out; a penalty below zero counts as zero).
 * - **Level.** A skill's level is the mean of its samples weighted by recency (a sample's weight
 *   halves every `HALF_LIFE_DAYS`), so old runs fade and what the student does now counts most.
 * - **Next.** The due skill with the lowest level, and a room that trains it: a drill room whose
 *   incident the skill handles, else the room where that skill was weakest (the same audience
 *   again, to compare). A skill at `GOOD` or above is due again only after a growing interval
 *   (spaced repetition: 1, 3, 7, 14, 30 days after its last sample, by how many of its latest
 *   samples in a row were good). With no run yet: a short drill to start with. With nothing due:
 *   a room not tried yet.
 *
 * Pure: the caller passes the runs and the time (src/ui/practice/useProgress.ts reads IndexedDB).
 */
import type { ScenarioIndexEntry } from '../../engine';
import { drillSkills, SKILLS, skillOf, type SkillId } from '../../scoring/skills';
import type { ScoreReport } from '../../scoring/types';

export const HALF_LIFE_DAYS = 21;
/** A skill at or above this level is good: it comes back after a growing interval. */
export const GOOD = 80;
/** Days until a good skill is due again, by how many of its latest samples in a row were good. */
export const INTERVAL_DAYS = [1, 3, 7, 14, 30] as const;
const DAY = 86_400_000;

/** One graded run, as the history holds it. */
export interface GradedRun {
  id: string;
  scenarioId: string;
  /** When it ended (ms since 1970). */
  at: number;
  /** How long it ran (sim ms), for the time practised. */
  durationMs?: number;
  report: Pick<ScoreReport, 'criteria'>;
}

export interface SkillSample {
  /** The run's id, or the micro-drill record's. */
  runId: string;
  /** The run's scenario id, or `drill:<kind>` for a micro-drill. */
  scenarioId: string;
  at: number;
  /** 0–100. */
  percent: number;
  /** How much it counts in the level: 1 for a run, DRILL_WEIGHT for a micro-drill. */
  weight?: number;
}

/** One micro-drill done (src/drills), as the history holds it. */
export interface DrillDone {
  id: string;
  kind: string;
  skill: SkillId;
  at: number;
  percent: number;
  /** How long it took (wall ms). */
  durationMs?: number;
  /** The seed its variant was drawn from: the same variant again is practice, not new evidence. */
  seed?: number;
  /**
   * How many items were answered. A drill begun and left before its first answer still counts for
   * its skill (at 0 %), but not as practice: not for the streak, nor as "done lately" in the plan.
   */
  answered?: number;
}

/** A drill that was practice (at least one answer), for the streak and the plan's "done lately". */
export const practised = (d: Pick<DrillDone, 'answered'>): boolean => d.answered === undefined || d.answered > 0;

/** A micro-drill (a minute or three on one skill) counts half as much as a graded live run. */
export const DRILL_WEIGHT = 0.5;

/** The drills that are evidence: of each variant (kind and seed), the first attempt only. */
function firstOfEachVariant(drills: readonly DrillDone[]): DrillDone[] {
  const seen = new Set<string>();
  return [...drills]
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
    .filter((d) => {
      if (d.seed === undefined) return true;
      const k = `${d.kind}:${d.seed}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** A micro-drill kind on offer (src/drills/index.ts). */
export interface MicroDrill {
  id: string;
  skill: SkillId;
  minutes: number;
}

export const drillSource = (kind: string) => `drill:${kind}`;

export interface SkillLevel {
  skill: SkillId;
  /** 0–100, null with no evidence yet. */
  level: number | null;
  samples: SkillSample[];
  lastAt: number | null;
  /** Good samples in a row, newest first. */
  goodStreak: number;
  /** When it is due for practice again (ms), null with no evidence. */
  dueAt: number | null;
}

/** The skills one run observed, one sample each. */
export function samplesOf(run: GradedRun): Map<SkillId, SkillSample> {
  const sums = new Map<SkillId, { points: number; max: number }>();
  for (const c of run.report.criteria) {
    if (c.verdict === 'not_assessed' || c.verdict === 'not_applicable' || !(c.max > 0)) continue;
    const skill = skillOf(c.id);
    if (!skill) continue;
    const s = sums.get(skill) ?? { points: 0, max: 0 };
    s.points += Math.max(0, Math.min(c.points, c.max));
    s.max += c.max;
    sums.set(skill, s);
  }
  const out = new Map<SkillId, SkillSample>();
  for (const [skill, s] of sums) out.set(skill, { runId: run.id, scenarioId: run.scenarioId, at: run.at, percent: Math.round((1000 * s.points) / s.max) / 10 });
  return out;
}

/** Every skill's level from the runs and micro-drills (any order), at `now`. */
export function skillLevels(runs: readonly GradedRun[], now: number, drills: readonly DrillDone[] = []): SkillLevel[] {
  const by = new Map<SkillId, SkillSample[]>(SKILLS.map((s) => [s.id, []]));
  for (const r of runs) for (const [skill, sample] of samplesOf(r)) by.get(skill)!.push(sample);
  for (const d of firstOfEachVariant(drills)) by.get(d.skill)?.push({ runId: d.id, scenarioId: drillSource(d.kind), at: d.at, percent: d.percent, weight: DRILL_WEIGHT });
  return SKILLS.map((s) => {
    const samples = by.get(s.id)!.sort((a, b) => b.at - a.at || (a.runId < b.runId ? -1 : 1));
    if (samples.length === 0) return { skill: s.id, level: null, samples, lastAt: null, goodStreak: 0, dueAt: null };
    let w = 0;
    let sum = 0;
    for (const x of samples) {
      const weight = (x.weight ?? 1) * 0.5 ** (Math.max(0, now - x.at) / DAY / HALF_LIFE_DAYS);
      w += weight;
      sum += weight * x.percent;
    }
    const level = Math.round((10 * sum) / w) / 10;
    let goodStreak = 0;
    while (goodStreak < samples.length && samples[goodStreak].percent >= GOOD) goodStreak++;
    const lastAt = samples[0].at;
    const dueAt = level < GOOD || goodStreak === 0 ? lastAt : lastAt + INTERVAL_DAYS[Math.min(goodStreak, INTERVAL_DAYS.length) - 1] * DAY;
    return { skill: s.id, level, samples, lastAt, goodStreak, dueAt };
  });
}

export type Suggestion =
  | { kind: 'start'; room: ScenarioIndexEntry }
  | { kind: 'skill'; skill: SkillId; level: number; room: ScenarioIndexEntry; drill: boolean }
  | { kind: 'micro'; skill: SkillId; level: number; micro: MicroDrill }
  | { kind: 'new-room'; room: ScenarioIndexEntry };

/** What else the suggestion may draw on: the micro-drills on offer and those done. */
export interface PracticeOffer {
  micro?: readonly MicroDrill[];
  drills?: readonly DrillDone[];
}

const byLengthThenId = (a: ScenarioIndexEntry, b: ScenarioIndexEntry) => a.durationSec - b.durationSec || (a.id < b.id ? -1 : 1);
/** The entry levels first: where a new student starts. */
const ENTRY_LEVELS = ['imkt-l5', '1x-primary'];
const entryFirst = (xs: readonly ScenarioIndexEntry[]) => [...xs].sort((a, b) => Number(!ENTRY_LEVELS.includes(a.level)) - Number(!ENTRY_LEVELS.includes(b.level)) || byLengthThenId(a, b));
const MODE_RANK = ['exam', 'practice', 'drill'];

/** What to practise next, from the skills' levels, the runs and the rooms and micro-drills on offer (null: nothing on offer). */
export function suggestNext(levels: readonly SkillLevel[], runs: readonly GradedRun[], rooms: readonly ScenarioIndexEntry[], now: number, offer: PracticeOffer = {}): Suggestion | null {
  return practicePlan(levels, runs, rooms, now, offer, 1)[0] ?? null;
}

/**
 * Up to `n` things to practise, in order, each for a different skill while due skills last; the
 * first is `suggestNext`'s.
 * - No run and no drill yet: a short host drill room at an entry level.
 * - Each due skill, weakest first: a drill room that trains it or a micro-drill of it, whichever
 *   was done least lately (one never done first); a skill neither trains: the room where it was
 *   weakest lately.
 * - Then rooms not tried yet (exam rooms first, the entry levels first), then the one played
 *   longest ago.
 */
export function practicePlan(levels: readonly SkillLevel[], runs: readonly GradedRun[], rooms: readonly ScenarioIndexEntry[], now: number, offer: PracticeOffer, n: number): Suggestion[] {
  const micro = offer.micro ?? [];
  const done = offer.drills ?? [];
  if (rooms.length === 0 && micro.length === 0) return [];
  const last = new Map<string, number>(); // a room, or drill:<kind> → when last done
  const mark = (k: string, at: number) => last.set(k, Math.max(last.get(k) ?? 0, at));
  for (const r of runs) mark(r.scenarioId, r.at);
  for (const d of done) if (practised(d)) mark(drillSource(d.kind), d.at);
  const out: Suggestion[] = [];
  if (runs.length === 0 && done.length === 0) {
    const hostDrills = rooms.filter((r) => r.mode === 'drill' && r.seat === 'host' && r.language === 'zh');
    const room = entryFirst(hostDrills)[0] ?? entryFirst(rooms)[0];
    if (room) out.push({ kind: 'start', room });
    else out.push({ kind: 'micro', skill: micro[0].skill, level: 0, micro: micro[0] });
  }
  const due = levels.filter((l) => l.level !== null && l.dueAt !== null && l.dueAt <= now).sort((a, b) => a.level! - b.level! || a.skill.localeCompare(b.skill));
  for (const l of due) {
    if (out.length >= n) break;
    type Option = { at: number; order: number; make: () => Suggestion };
    const options: Option[] = [
      ...rooms
        .filter((r) => drillSkills(r).includes(l.skill))
        .sort(byLengthThenId)
        .map((r, i) => ({ at: last.get(r.id) ?? 0, order: i, make: (): Suggestion => ({ kind: 'skill', skill: l.skill, level: l.level!, room: r, drill: true }) })),
      ...micro.filter((m) => m.skill === l.skill).map((m, i) => ({ at: last.get(drillSource(m.id)) ?? 0, order: 100 + i, make: (): Suggestion => ({ kind: 'micro', skill: l.skill, level: l.level!, micro: m }) })),
    ].sort((a, b) => a.at - b.at || a.order - b.order);
    if (options.length > 0) {
      out.push(options[0].make());
      continue;
    }
    // The room where it was weakest lately (among its latest samples from runs), if still on offer.
    const weakest = l.samples
      .filter((x) => !x.scenarioId.startsWith('drill:'))
      .slice(0, 5)
      .sort((a, b) => a.percent - b.percent || b.at - a.at)[0];
    const room = weakest && rooms.find((r) => r.id === weakest.scenarioId);
    if (room) out.push({ kind: 'skill', skill: l.skill, level: l.level!, room, drill: false });
  }
  const fresh = entryFirst(rooms.filter((r) => !last.has(r.id))).sort((a, b) => MODE_RANK.indexOf(a.mode) - MODE_RANK.indexOf(b.mode));
  for (const room of fresh) {
    if (out.length >= n) break;
    out.push({ kind: 'new-room', room });
  }
  if (out.length < n && rooms.length > 0 && fresh.length === 0) {
    const stale = [...rooms].sort((a, b) => (last.get(a.id) ?? 0) - (last.get(b.id) ?? 0) || byLengthThenId(a, b))[0];
    if (!out.some((x) => 'room' in x && x.room.id === stale.id)) out.push({ kind: 'new-room', room: stale });
  }
  return out.slice(0, n);
}

/** Minutes a suggestion takes. */
export const minutesOf = (s: Suggestion): number => (s.kind === 'micro' ? s.micro.minutes : Math.round(s.room.durationSec / 60));

/** About ten minutes of practice for today: the plan's first items until they add up to `minutes`. */
export function dailySet(levels: readonly SkillLevel[], runs: readonly GradedRun[], rooms: readonly ScenarioIndexEntry[], now: number, offer: PracticeOffer, minutes = 10): Suggestion[] {
  const plan = practicePlan(levels, runs, rooms, now, offer, 12);
  const out: Suggestion[] = [];
  let total = 0;
  for (const s of plan) {
    const m = minutesOf(s);
    if (out.length > 0 && total + m > minutes + 2) continue;
    out.push(s);
    total += m;
    if (total >= minutes - 1) break;
  }
  return out;
}

/**
 * Days in a row with some practice (a run or a drill), counted back from today, or from yesterday
 * when nothing was done yet today (the streak is still alive). Days are local: `tzOffsetMin` is
 * `Date.prototype.getTimezoneOffset()` (minutes behind UTC).
 */
export function streakDays(ats: readonly number[], now: number, tzOffsetMin = 0): number {
  const day = (ms: number) => Math.floor((ms - tzOffsetMin * 60_000) / DAY);
  const days = new Set(ats.map(day));
  let d = day(now);
  if (!days.has(d)) d--;
  let n = 0;
  while (days.has(d)) {
    n++;
    d--;
  }
  return n;
}

/** Minutes practised: runs' length plus drills' time (each drill at most 10 minutes: a tab left open doesn't count). */
export function minutesPractised(runs: readonly Pick<GradedRun, 'durationMs'>[], drills: readonly Pick<DrillDone, 'durationMs'>[]): number {
  const ms = runs.reduce((n, r) => n + Math.max(0, r.durationMs ?? 0), 0) + drills.reduce((n, d) => n + Math.min(10 * 60_000, Math.max(0, d.durationMs ?? 0)), 0);
  return Math.round(ms / 60_000);
}
