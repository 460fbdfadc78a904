import { describe, expect, it } from 'vitest';
import type { ScenarioIndexEntry } from '../../engine';
import type { CriterionResult } from '../../scoring/types';
import { GOOD, HALF_LIFE_DAYS, INTERVAL_DAYS, samplesOf, skillLevels, suggestNext, type GradedRun } from './progress';

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
    expect(s!.room.mode).toBe('drill');
    expect(s!.room.seat).toBe('host');
  });

  it('the weakest due skill and a drill that trains it, the one played least lately first', () => {
    const runs = [
      run('1', 'exam-a', 1, [crit('error-correction', 2, 10), crit('negative-comments', 6, 10), crit('questions-answered', 9, 10)]),
      run('2', 'drill-drop', 0, [crit('stream-recovery', 3, 10)]),
    ];
    const s = suggestNext(skillLevels(runs, NOW), runs, rooms, NOW);
    expect(s).toMatchObject({ kind: 'skill', skill: 'incidents', drill: true });
    // drill-drop was played today: drill-price (never played) comes first.
    expect(s!.room.id).toBe('drill-price');
  });

  it('a skill no drill trains sends the student back to the room where it was weakest', () => {
    const runs = [run('1', 'exam-a', 1, [crit('questions-answered', 2, 10), crit('error-correction', 9, 10)])];
    const s = suggestNext(skillLevels(runs, NOW), runs, rooms, NOW);
    expect(s).toMatchObject({ kind: 'skill', skill: 'answers', drill: false });
    expect(s!.room.id).toBe('exam-a');
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
});
