/**
 * Timing constants shared by the systems (docs/engine.md explains each).
 *
 * Viewers act at their own decision times, on average every DECISION_MEAN_MS; at each one
 * every behaviour (leave, comment, like, follow, click, …) happens with probability
 * rate × time since the last decision. Longer gaps make the engine cheaper but slower to
 * react: 12 s keeps a room of 10,000 viewers fast while a card push draws clicks within seconds
 * from the many viewers whose decision falls soon after it.
 */
import { TICKS_PER_SECOND } from '../time';

export const DECISION_MEAN_MS = 12000;
export const DECISION_MAX_MS = 30000;
/** A card pushed within this long pulls clicks fully. */
export const CARD_FRESH_MS = 45000;
/** No speech for this long is dead air. */
export const DEAD_AIR_MS = 30000;
/** Viewers who arrived within this long are welcomed by a greeting. */
export const GREET_WINDOW_MS = 30000;
/** An unanswered question drops off the open list after this long. */
export const QUESTION_OPEN_MS = 5 * 60000;
/** The recommendation is revisited every 10 s. */
export const REC_UPDATE_TICKS = 10 * TICKS_PER_SECOND;
/** A call to action lifts the matching behaviour for this long. */
export const CTA_WINDOW_MS = 30000;
/** A true stock claim ("只剩10件") adds urgency for this long. */
export const SCARCITY_WINDOW_MS = 60000;
/** How long the picture stays degraded after switching to the backup network. */
export const BACKUP_DEGRADED_MS = 2 * 60000;
