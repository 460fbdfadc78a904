/**
 * Query-string knobs for tests, the UI benchmark and teachers (documented in docs/ui.md):
 *
 *   ?speed=16        start live rooms at 16× and offer 16× next to 1×/2×/4× (test speed)
 *   ?seed=7          the run's seed (otherwise drawn at random on the briefing screen)
 *   ?mode=exam       preview the exam policy: no pause, 1× only, no restart, no hints
 *   ?join=CODE       a class exam on the hub that serves this page (src/ui/hub/student): join with CODE
 *   ?page=exam       the same, without a code (the join form asks for it)
 *   ?bench=1         UI benchmark: go straight to a live room and inject display-only comments
 *     &rate=100        comments per second (default 100)
 *     &seconds=60      measuring time (default 60)
 *     &scenario=ID     scenario to run (default: the first shipped one)
 *   ?renderer=webgl  draw the room with pixi's WebGL renderer instead of its Canvas 2D one
 *   ?res=1           the room's pixel density (default: fits the displayed size, at most 2)
 */
export interface UiParams {
  speed: number | null;
  seed: number | null;
  mode: 'practice' | 'exam';
  /** A class exam on the hub (`?join=CODE` or `?page=exam`); null: the practice app. */
  exam: { code: string | null } | null;
  bench: { rate: number; seconds: number; scenario: string | null } | null;
  /** The room's pixi renderer (default: Canvas 2D, see docs/ui.md). */
  renderer: 'webgl' | 'canvas' | null;
  /** Force the room's pixel density. */
  resolution: number | null;
}

function num(q: URLSearchParams, key: string): number | null {
  const v = q.get(key);
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function readParams(search: string): UiParams {
  const q = new URLSearchParams(search);
  const speed = num(q, 'speed');
  const seed = num(q, 'seed');
  const exam = q.has('join') || q.get('page') === 'exam' ? { code: q.get('join')?.trim() || null } : null;
  return {
    speed: speed !== null && speed > 0 && speed <= 256 ? speed : null,
    seed: seed !== null && Number.isInteger(seed) ? seed : null,
    mode: exam || q.get('mode') === 'exam' ? 'exam' : 'practice',
    exam,
    renderer: q.get('renderer') === 'canvas' ? 'canvas' : q.get('renderer') === 'webgl' ? 'webgl' : null,
    resolution: num(q, 'res'),
    bench: q.get('bench') ? { rate: num(q, 'rate') ?? 100, seconds: num(q, 'seconds') ?? 60, scenario: q.get('scenario') } : null,
  };
}

export const params: UiParams = readParams(typeof location === 'undefined' ? '' : location.search);

/** What a run allows. Exam mode locks the practice controls; everything reads this one place. */
export interface RunPolicy {
  canPause: boolean;
  speeds: number[];
  canRestart: boolean;
  hints: boolean;
}

export function runPolicy(mode: 'practice' | 'exam', extraSpeed: number | null = params.speed): RunPolicy {
  if (mode === 'exam') return { canPause: false, speeds: [1], canRestart: false, hints: false };
  const speeds = [1, 2, 4];
  if (extraSpeed !== null && !speeds.includes(extraSpeed)) speeds.push(extraSpeed);
  return { canPause: true, speeds: speeds.sort((a, b) => a - b), canRestart: true, hints: true };
}
