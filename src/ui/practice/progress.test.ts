import { describe, expect, it } from 'vitest';
import type { ScenarioIndexEntry } from '../../engine';
import type { CriterionResult } from '../../scoring/types';
import { DRILL_WEIGHT, practised, streakDays, minutesPractised, dailySet, GOOD, HALF_LIFE_DAYS, INTERVAL_DAYS, minutesOf, samplesOf, skillLevels, suggestNext, type DrillDone, type GradedRun, type MicroDrill, type Suggestion } from './progress';

const roomOf = (s: Suggestion | null) => (s && 'room' in s ? s.room : null)!;

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 5);

function crit(id: string, points: number, max: number, verdict: CriterionResult['verdict'] = 'partly'): CriterionResult {
  return { id, points, max, verdict, title: { zh: id, en: id }, section: 's', clauses: [], weight: 1, evidence: [], feedback: { zh: '', en: '' }, params: {} };
}
const run = (id: string, scenarioId: string, daysAgo: number, criteria: CriterionResult[]): GradedRun => ({ id, scenarioId, at: NOW - daysAgo * DAY, report: { criteria } });

function room(id: string, mode: 'drill' | 'exam' | 'practice', incidents: ScenarioIndexEntry['incidents'] = [], extra: Partial<ScenarioIndexEntry> = {}): ScenarioIndexEntry {
  return {
    id,
    title: { zh: id, en: id },
    level: 'imkt-l5',
    seat: 'host',
    mode,
    durationSec: mode === 'drill' ? 300 : 1200,
    duration: mode === 'drill' ? '5' : '20',
    platform: 'douyin',
    language: 'zh',
    currency: 'CNY',
    rubric: 'imkt-l5-live-selling',
    category: { zh: '食品', en: 'Food' },
    incidents,
    tags: [],
    products: 1,
    ...extra,
  } as ScenarioIndexEntry;
}

describe('samplesOf', () => {
  it('sums the points of a skill’s criteria over their maximum; unassessed, not applicable and zero-max criteria are left out; penalties count as zero', () => {
    const s = samplesOf(
      run('r1', 'x', 0, [
        crit('prices-stated-truthfully', 6, 10),
        crit('coupon-use', 4, 10),
        crit('welfare-tools', 0, 10, 'not_assessed'),
        crit('real-urgency', 0, 10, 'not_applicable'),
        crit('questions-answered', -3, 10, 'not_met'),
        crit('fab-then-ask', 5, 0),
      ]),
    );
    expect(s.get('offers')?.percent).toBe(50);
    expect(s.get('answers')?.percent).toBe(0);
    expect(s.has('pitch')).toBe(false);
  });
});

describe('skillLevels', () => {
  it('weighs recent runs more: a sample one half-life old counts half', () => {
    const levels = skillLevels([run('old', 'x', HALF_LIFE_DAYS, [crit('questions-answered', 0, 10)]), run('new', 'x', 0, [crit('questions-answered', 9, 10)])], NOW);
    const answers = levels.find((l) => l.skill === 'answers')!;
    // (0 × 0.5 + 90 × 1) / 1.5
    expect(answers.level).toBe(60);
    expect(answers.samples.map((s) => s.runId)).toEqual(['new', 'old']);
    expect(levels.find((l) => l.skill === 'pitch')!.level).toBeNull();
  });

  it('a good skill comes back after a growing interval; a weak one is due at once', () => {
    const good = (n: number) => Array.from({ length: n }, (_, i) => run(`g${i}`, 'x', i, [crit('questions-answered', 9, 10)]));
    for (let n = 1; n <= 6; n++) {
      const l = skillLevels(good(n), NOW).find((x) => x.skill === 'answers')!;
      expect(l.goodStreak).toBe(n);
      expect(l.dueAt).toBe(NOW + INTERVAL_DAYS[Math.min(n, INTERVAL_DAYS.length) - 1] * DAY);
    }
    const weak = skillLevels([run('w', 'x', 2, [crit('questions-answered', 5, 10)])], NOW).find((x) => x.skill === 'answers')!;
    expect(weak.level! < GOOD && weak.dueAt! <= NOW).toBe(true);
  });
});

describe('suggestNext', () => {
  const rooms = [
    room('exam-a', 'exam'),
    room('drill-drop', 'drill', ['stream_drop']),
    room('drill-price', 'drill', ['wrong_price']),
    room('drill-troll', 'drill', ['troll_wave']),
    room('drill-stock', 'drill', ['stock_mismatch'], { seat: 'controller', level: 'platform-l5' }),
  ];

  it('with no run yet, a short host drill at an entry level', () => {
    const s = suggestNext(skillLevels([], NOW), [], rooms, NOW);
    expect(s).toMatchObject({ kind: 'start' });
    expect(roomOf(s).mode).toBe('drill');
    expect(roomOf(s).seat).toBe('host');
  });

  it('the weakest due skill and a drill that trains it, the one played least lately first', () => {
    const runs = [
      run('1', 'exam-a', 1, [crit('error-correction', 2, 10), crit('negative-comments', 6, 10), crit('questions-answered', 9, 10)]),
      run('2', 'drill-drop', 0, [crit('stream-recovery', 3, 10)]),
    ];
    const s = suggestNext(skillLevels(runs, NOW), runs, rooms, NOW);
    expect(s).toMatchObject({ kind: 'skill', skill: 'incidents', drill: true });
    // drill-drop was played today: drill-price (never played) comes first.
    expect(roomOf(s).id).toBe('drill-price');
  });

  it('a skill no drill trains sends the student back to the room where it was weakest', () => {
    const runs = [run('1', 'exam-a', 1, [crit('questions-answered', 2, 10), crit('error-correction', 9, 10)])];
    const s = suggestNext(skillLevels(runs, NOW), runs, rooms, NOW);
    expect(s).toMatchObject({ kind: 'skill', skill: 'answers', drill: false });
    expect(roomOf(s).id).toBe('exam-a');
  });

  it('nothing due: a room not tried yet, exam rooms first; then the one played longest ago', () => {
    const runs = [run('1', 'drill-drop', 0, [crit('stream-recovery', 10, 10)])];
    expect(suggestNext(skillLevels(runs, NOW), runs, rooms, NOW)).toMatchObject({ kind: 'new-room', room: { id: 'exam-a' } });
    const all = rooms.map((r, i) => run(`r${i}`, r.id, i * 0.1, [crit('stream-recovery', 10, 10)]));
    expect(suggestNext(skillLevels(all, NOW), all, rooms, NOW)).toMatchObject({ kind: 'new-room', room: { id: 'drill-stock' } });
  });

  it('the good skill is suggested again once its interval has passed', () => {
    const runs = [run('1', 'drill-drop', 0, [crit('stream-recovery', 10, 10)])];
    const later = NOW + INTERVAL_DAYS[0] * DAY;
    expect(suggestNext(skillLevels(runs, later), runs, rooms, later)).toMatchObject({ kind: 'skill', skill: 'incidents' });
  });

  it('no rooms: no suggestion', () => {
    expect(suggestNext([], [], [], NOW)).toBeNull();
  });

  const micro: MicroDrill[] = [
    { id: 'question-sprint', skill: 'answers', minutes: 2 },
    { id: 'controller-cues', skill: 'console', minutes: 2 },
    { id: 'price-maths', skill: 'offers', minutes: 3 },
  ];
  const done = (kind: string, skill: DrillDone['skill'], daysAgo: number, percent: number): DrillDone => ({ id: `${kind}-${daysAgo}`, kind, skill, at: NOW - daysAgo * DAY, percent });

  it('micro-drills count as evidence for their skill', () => {
    const levels = skillLevels([], NOW, [done('question-sprint', 'answers', 0, 40)]);
    expect(levels.find((l) => l.skill === 'answers')).toMatchObject({ level: 40, samples: [{ scenarioId: 'drill:question-sprint' }] });
  });

  it('a weak skill that a micro-drill trains gets the micro-drill', () => {
    const runs = [run('1', 'exam-a', 1, [crit('questions-answered', 2, 10), crit('error-correction', 9, 10)])];
    expect(suggestNext(skillLevels(runs, NOW), runs, rooms, NOW, { micro })).toMatchObject({ kind: 'micro', skill: 'answers', micro: { id: 'question-sprint' } });
  });

  it('a drill room and a micro-drill of the same skill take turns: the one done least lately first', () => {
    const runs = [run('1', 'exam-a', 3, [crit('stock-control', 2, 10)])];
    const drills = [done('controller-cues', 'console', 1, 30)];
    const levels = skillLevels(runs, NOW, drills);
    expect(suggestNext(levels, runs, rooms, NOW, { micro, drills })).toMatchObject({ kind: 'skill', skill: 'console', room: { id: 'drill-stock' } });
    const runs2 = [...runs, run('2', 'drill-stock', 0, [crit('stock-control', 3, 10)])];
    expect(suggestNext(skillLevels(runs2, NOW, drills), runs2, rooms, NOW, { micro, drills })).toMatchObject({ kind: 'micro', micro: { id: 'controller-cues' } });
  });

  it('a drill begun and left before its first answer counts for its skill at 0 %, but not as done lately', () => {
    // The drill room two days ago, the micro-drill three: the micro-drill's turn.
    const runs = [run('1', 'exam-a', 3, [crit('stock-control', 2, 10)]), run('2', 'drill-stock', 2, [crit('stock-control', 3, 10)])];
    const drills = [done('controller-cues', 'console', 3, 30)];
    expect(suggestNext(skillLevels(runs, NOW, drills), runs, rooms, NOW, { micro, drills })).toMatchObject({ kind: 'micro', micro: { id: 'controller-cues' } });
    // Begun today and left at once: the skill takes the 0 % sample, and it is still the micro-drill's turn.
    const left = [...drills, { ...done('controller-cues', 'console', 0, 0), id: 'left', seed: 9, answered: 0 }];
    const levels = skillLevels(runs, NOW, left);
    expect(levels.find((l) => l.skill === 'console')!.samples.map((x) => x.percent)).toContain(0);
    expect(suggestNext(levels, runs, rooms, NOW, { micro, drills: left })).toMatchObject({ kind: 'micro', micro: { id: 'controller-cues' } });
    // One answer makes it practice: now the room's turn.
    const answered = [...drills, { ...done('controller-cues', 'console', 0, 0), id: 'one', seed: 9, answered: 1 }];
    expect(suggestNext(skillLevels(runs, NOW, answered), runs, rooms, NOW, { micro, drills: answered })).toMatchObject({ kind: 'skill', room: { id: 'drill-stock' } });
    expect(practised({ answered: 0 })).toBe(false);
    expect(practised({ answered: 1 })).toBe(true);
    expect(practised({})).toBe(true);
  });

  it('the daily set is about ten minutes, one item per weak skill first', () => {
    const runs = [run('1', 'exam-a', 1, [crit('questions-answered', 2, 10), crit('prices-stated-truthfully', 3, 10), crit('stream-recovery', 4, 10), crit('fab-then-ask', 9, 10)])];
    const set = dailySet(skillLevels(runs, NOW), runs, rooms, NOW, { micro });
    const total = set.reduce((m, s) => m + minutesOf(s), 0);
    expect(total).toBeGreaterThanOrEqual(9);
    expect(total).toBeLessThanOrEqual(12);
    expect(set.slice(0, 3).map((s) => (s.kind === 'micro' || s.kind === 'skill' ? s.skill : s.kind))).toEqual(['answers', 'offers', 'incidents']);
  });

  it('a first-time student with no rooms on offer starts with a micro-drill', () => {
    expect(suggestNext(skillLevels([], NOW), [], [], NOW, { micro })).toMatchObject({ kind: 'micro', micro: { id: 'question-sprint' } });
  });
});

describe('streak and time', () => {
  it('counts days in a row back from today, or from yesterday when today is still empty', () => {
    expect(streakDays([NOW, NOW - DAY, NOW - 2 * DAY, NOW - 4 * DAY], NOW + 1000)).toBe(3);
    expect(streakDays([NOW - DAY, NOW - 2 * DAY], NOW + 1000)).toBe(2);
    expect(streakDays([NOW - 2 * DAY], NOW + 1000)).toBe(0);
    expect(streakDays([], NOW)).toBe(0);
    // Local days: 23:30 and 00:30 in UTC+8 are two days.
    const offset = -480;
    const localMidnight = Date.UTC(2026, 11, 5) - 8 * 3_600_000;
    expect(streakDays([localMidnight - 30 * 60_000, localMidnight + 30 * 60_000], localMidnight + 3_600_000, offset)).toBe(2);
    expect(streakDays([localMidnight - 30 * 60_000, localMidnight + 30 * 60_000], localMidnight + 3_600_000, 0)).toBe(1);
  });

  it('adds runs and drills, a drill counting at most ten minutes', () => {
    expect(minutesPractised([{ durationMs: 20 * 60_000 }, { durationMs: 5 * 60_000 }], [{ durationMs: 2 * 60_000 }, { durationMs: 3 * 3_600_000 }])).toBe(37);
  });
});

describe('drills as evidence', () => {
  it('a drill counts DRILL_WEIGHT of a run, and the same variant done again counts once (its first attempt)', () => {
    const runs = [run('r', 'x', 0, [crit('questions-answered', 0, 10)])];
    const d = (id: string, seed: number, percent: number, minutesAgo: number): DrillDone => ({ id, kind: 'question-sprint', skill: 'answers', at: NOW - minutesAgo * 60_000, percent, seed });
    const one = skillLevels(runs, NOW, [d('a', 5, 100, 10)]).find((l) => l.skill === 'answers')!;
    expect(one.level).toBeCloseTo((100 * DRILL_WEIGHT) / (1 + DRILL_WEIGHT), 0);
    // The same seed drilled ten more times (answers copied from the review): still one sample, the first.
    const again = [d('a', 5, 40, 60), ...Array.from({ length: 10 }, (_, i) => d(`b${i}`, 5, 100, i))];
    const l = skillLevels(runs, NOW, again).find((x) => x.skill === 'answers')!;
    expect(l.samples.filter((x) => x.scenarioId === 'drill:question-sprint').map((x) => x.runId)).toEqual(['a']);
    expect(l.level).toBeCloseTo((40 * DRILL_WEIGHT) / (1 + DRILL_WEIGHT), 0);
  });
});
