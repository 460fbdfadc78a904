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
  report: Pick<ScoreReport, 'criteria'>;
}

export interface SkillSample {
  runId: string;
  scenarioId: string;
  at: number;
  /** 0–100. */
  percent: number;
}

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

/** Every skill's level from the runs (any order), at `now`. */
export function skillLevels(runs: readonly GradedRun[], now: number): SkillLevel[] {
  const by = new Map<SkillId, SkillSample[]>(SKILLS.map((s) => [s.id, []]));
  for (const r of runs) for (const [skill, sample] of samplesOf(r)) by.get(skill)!.push(sample);
  return SKILLS.map((s) => {
    const samples = by.get(s.id)!.sort((a, b) => b.at - a.at || (a.runId < b.runId ? -1 : 1));
    if (samples.length === 0) return { skill: s.id, level: null, samples, lastAt: null, goodStreak: 0, dueAt: null };
    let w = 0;
    let sum = 0;
    for (const x of samples) {
      const weight = 0.5 ** (Math.max(0, now - x.at) / DAY / HALF_LIFE_DAYS);
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
  | { kind: 'new-room'; room: ScenarioIndexEntry };

const byLengthThenId = (a: ScenarioIndexEntry, b: ScenarioIndexEntry) => a.durationSec - b.durationSec || (a.id < b.id ? -1 : 1);
/** The entry levels first: where a new student starts. */
const ENTRY_LEVELS = ['imkt-l5', '1x-primary'];

/** What to practise next, from the skills' levels, the runs and the rooms on offer (null: no room at all). */
export function suggestNext(levels: readonly SkillLevel[], runs: readonly GradedRun[], rooms: readonly ScenarioIndexEntry[], now: number): Suggestion | null {
  if (rooms.length === 0) return null;
  const played = new Map<string, number>(); // room → its latest run
  for (const r of runs) played.set(r.scenarioId, Math.max(played.get(r.scenarioId) ?? 0, r.at));
  const entry = (xs: ScenarioIndexEntry[]) => [...xs].sort((a, b) => Number(!ENTRY_LEVELS.includes(a.level)) - Number(!ENTRY_LEVELS.includes(b.level)) || byLengthThenId(a, b));
  const hostRooms = rooms.filter((r) => r.seat === 'host' && r.language === 'zh');
  if (runs.length === 0) return { kind: 'start', room: entry(rooms.filter((r) => r.mode === 'drill' && hostRooms.includes(r)))[0] ?? entry([...rooms])[0] };

  const due = levels.filter((l) => l.level !== null && l.dueAt !== null && l.dueAt <= now).sort((a, b) => a.level! - b.level! || a.skill.localeCompare(b.skill));
  for (const l of due) {
    // A drill room that trains it, the one played least lately first (one never played: first of all).
    const drills = rooms.filter((r) => drillSkills(r).includes(l.skill)).sort((a, b) => (played.get(a.id) ?? 0) - (played.get(b.id) ?? 0) || byLengthThenId(a, b));
    if (drills.length > 0) return { kind: 'skill', skill: l.skill, level: l.level!, room: drills[0], drill: true };
    // Else the room where it was weakest lately (among the latest samples), if it is still on offer.
    const weakest = [...l.samples.slice(0, 5)].sort((a, b) => a.percent - b.percent || b.at - a.at)[0];
    const room = rooms.find((r) => r.id === weakest.scenarioId);
    if (room) return { kind: 'skill', skill: l.skill, level: l.level!, room, drill: false };
  }
  const fresh = rooms.filter((r) => !played.has(r.id));
  // Nothing due: broaden, an exam room first (then practice, then drills), the entry levels first.
  const rank = (r: ScenarioIndexEntry) => ['exam', 'practice', 'drill'].indexOf(r.mode);
  const next = entry(fresh).sort((a, b) => rank(a) - rank(b))[0];
  if (next) return { kind: 'new-room', room: next };
  // Every room played and nothing due: the one played longest ago.
  return { kind: 'new-room', room: [...rooms].sort((a, b) => (played.get(a.id) ?? 0) - (played.get(b.id) ?? 0) || byLengthThenId(a, b))[0] };
}
