/**
 * How much selling-point credit one utterance earns: quality, not volume. Pure rules over plain
 * data (the system keeps the history in the world's state):
 * - a bare keyword list earns nothing (words.ts, keywordList);
 * - a line that repeats one of the host's last RECENT_LINES lines of the last REPEAT_WINDOW_MS
 *   (bigram similarity ≥ REPEAT_SIMILARITY of their canonical text) earns nothing;
 * - a sentence earns at most SENTENCE_CAP points, new ones first;
 * - the room gives at most MINUTE_CAP point credits in any 60 s.
 */
import type { Product } from '../scenario/load';
import { coveredPointsOf } from './points';
import { similarity, sentencesOf } from './words';

/** Points a single sentence can earn: a sentence explains one or two things, not a catalogue. */
export const SENTENCE_CAP = 2;
/**
 * Point credits in any 60 s, room-wide (replies in the comment area included). A good host
 * explains a point in a sentence or two, one every 7–10 s at the fastest: the expert bot covers a
 * six-point product in about 45 s while answering questions.
 */
export const MINUTE_CAP = 8;
export const MINUTE_MS = 60000;
/** How many of the host's latest lines a new one is compared with, and for how long. */
export const RECENT_LINES = 8;
export const REPEAT_WINDOW_MS = 180000;
/** Bigram (Dice) similarity from which two lines are the same line said again. */
export const REPEAT_SIMILARITY = 0.8;

export interface RecentLine {
  t: number;
  key: string;
  /** The event that said it (host.say, room.announcement). */
  event: number;
}

/** The earlier line this one repeats (same or near-same text, recently), or null. */
export function findRepeat(recent: readonly RecentLine[], key: string, now: number): RecentLine | null {
  if (key.length === 0) return null;
  for (let i = recent.length - 1; i >= 0; i--) {
    const r = recent[i];
    if (now - r.t > REPEAT_WINDOW_MS) break;
    if (similarity(r.key, key) >= REPEAT_SIMILARITY) return r;
  }
  return null;
}

/** Adds a line to the history, keeping the last RECENT_LINES. */
export function remember(recent: RecentLine[], line: RecentLine): void {
  recent.push(line);
  if (recent.length > RECENT_LINES) recent.splice(0, recent.length - RECENT_LINES);
}

export interface PointCredit {
  id: string;
  match: string;
}

/**
 * The points of `product` an utterance earns under the sentence cap and a remaining minute
 * budget: new points (not in `covered`) before ones already covered, sentence by sentence.
 * Returns what is credited and what the caps withheld.
 */
export function creditPoints(text: string, product: Product, covered: ReadonlySet<string>, budget: number): { credited: PointCredit[]; capped: PointCredit[] } {
  const chosen: PointCredit[] = [];
  const capped: PointCredit[] = [];
  const seen = new Set<string>();
  for (const sentence of sentencesOf(text)) {
    const pts = coveredPointsOf(sentence, product).filter((p) => !seen.has(p.id));
    pts.sort((a, b) => Number(covered.has(a.id)) - Number(covered.has(b.id)));
    pts.forEach((p, i) => {
      seen.add(p.id);
      (i < SENTENCE_CAP ? chosen : capped).push(p);
    });
  }
  // The minute's budget goes to new points first.
  chosen.sort((a, b) => Number(covered.has(a.id)) - Number(covered.has(b.id)));
  const credited = chosen.slice(0, Math.max(0, budget));
  capped.push(...chosen.slice(Math.max(0, budget)));
  return { credited, capped };
}

/** Drops credit times older than a minute before `now`; returns how many credits the minute has left. */
export function minuteBudget(credits: number[], now: number): number {
  let k = 0;
  while (k < credits.length && now - credits[k] >= MINUTE_MS) k++;
  if (k > 0) credits.splice(0, k);
  return MINUTE_CAP - credits.length;
}
