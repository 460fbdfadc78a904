/**
 * Simulation time.
 *
 * All engine time is integer milliseconds since the stream went live (t = 0).
 * The audience advances in fixed ticks of TICK_MS; actions and scripted events
 * keep their own millisecond timestamps and are applied, in time order, inside
 * the tick whose half-open interval [start, start + TICK_MS) contains them.
 */
export const TICK_MS = 100;

/** Ticks per second, used for per-second aggregates. */
export const TICKS_PER_SECOND = 1000 / TICK_MS;

const UNIT_RE = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/;
const CLOCK_RE = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/;

/**
 * Parse a duration or moment written by a scenario author into seconds.
 * Accepted: a number of seconds (90), "90s", "5m", "1m30s", "1h", "1:30" (m:ss), "1:02:03" (h:mm:ss).
 * Returns null when the text is not a duration.
 */
export function parseDurationSec(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const s = value.trim().toLowerCase();
  if (s === '') return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const clock = CLOCK_RE.exec(s);
  if (clock) {
    const h = clock[1] ? Number(clock[1]) : 0;
    const m = Number(clock[2]);
    const sec = Number(clock[3]);
    if (sec >= 60 || (clock[1] && m >= 60)) return null;
    return h * 3600 + m * 60 + sec;
  }
  const unit = UNIT_RE.exec(s);
  if (unit && (unit[1] || unit[2] || unit[3])) {
    return Number(unit[1] ?? 0) * 3600 + Number(unit[2] ?? 0) * 60 + Number(unit[3] ?? 0);
  }
  return null;
}

/** Format milliseconds as m:ss (or h:mm:ss), for messages and reports. */
export function formatClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
