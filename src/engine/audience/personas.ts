/**
 * Viewer personas and their default behaviour.
 *
 * Rates are per viewer per minute while watching; probabilities are 0..1.
 * The numbers are tunable defaults chosen so that a competently hosted room
 * lands inside the published rules of thumb (average dwell about a minute,
 * interaction around 5 %, viewer→buyer conversion in low single digits;
 * see docs/metrics.md and ../shared/research/live-room-benchmarks.md).
 * A scenario may override any of them per persona.
 */
import type { PERSONA_TYPES } from '../scenario/persona-types';

export type PersonaType = (typeof PERSONA_TYPES)[number];

export interface PersonaParams {
  /** Share of arrivals who leave within a few seconds ("negative watching" < 3–6 s). */
  bounce: number;
  /** Mean stay, in seconds, of those who do not bounce, in an average room. */
  dwell: number;
  /** Comments per minute. */
  commentRate: number;
  /** Like bursts per minute (each burst is several taps). */
  likeRate: number;
  /** Chance to follow over a typical stay, before calls to action and greetings. */
  followRate: number;
  /** Base chance to buy once they open a product they are shown. */
  buyPropensity: number;
  /** How much the discount against the reference price sways them (0 = not at all). */
  priceSensitivity: number;
  /** Product clicks per minute when a card is popped up for a product they care about. */
  clickRate: number;
  /** Weights of the comment kinds this persona writes. */
  mix: { question: number; chat: number; praise: number; complaint: number; troll: number; price: number };
}

export const PERSONA_DEFAULTS: Record<PersonaType, PersonaParams> = {
  price_sensitive: {
    bounce: 0.45, dwell: 45, commentRate: 0.02, likeRate: 0.012, followRate: 0.0035, buyPropensity: 0.07, priceSensitivity: 0.9, clickRate: 0.35,
    mix: { question: 0.25, chat: 0.15, praise: 0.05, complaint: 0.05, troll: 0, price: 0.5 },
  },
  loyal_fan: {
    bounce: 0.1, dwell: 144, commentRate: 0.075, likeRate: 0.12, followRate: 0.036, buyPropensity: 0.117, priceSensitivity: 0.3, clickRate: 0.4,
    mix: { question: 0.15, chat: 0.4, praise: 0.4, complaint: 0, troll: 0, price: 0.05 },
  },
  question_asker: {
    bounce: 0.3, dwell: 66, commentRate: 0.055, likeRate: 0.009, followRate: 0.005, buyPropensity: 0.086, priceSensitivity: 0.5, clickRate: 0.3,
    mix: { question: 0.8, chat: 0.1, praise: 0.05, complaint: 0, troll: 0, price: 0.05 },
  },
  impulse_buyer: {
    bounce: 0.35, dwell: 48, commentRate: 0.015, likeRate: 0.018, followRate: 0.005, buyPropensity: 0.137, priceSensitivity: 0.4, clickRate: 0.5,
    mix: { question: 0.1, chat: 0.4, praise: 0.3, complaint: 0, troll: 0, price: 0.2 },
  },
  window_shopper: {
    bounce: 0.6, dwell: 27, commentRate: 0.005, likeRate: 0.006, followRate: 0.001, buyPropensity: 0.016, priceSensitivity: 0.6, clickRate: 0.15,
    mix: { question: 0.2, chat: 0.6, praise: 0.1, complaint: 0.05, troll: 0, price: 0.05 },
  },
  troll: {
    bounce: 0.2, dwell: 90, commentRate: 0.2, likeRate: 0, followRate: 0, buyPropensity: 0, priceSensitivity: 0, clickRate: 0.02,
    mix: { question: 0, chat: 0.05, praise: 0, complaint: 0.15, troll: 0.8, price: 0 },
  },
  rival_plant: {
    bounce: 0.05, dwell: 180, commentRate: 0.1, likeRate: 0, followRate: 0, buyPropensity: 0, priceSensitivity: 0, clickRate: 0.05,
    mix: { question: 0.1, chat: 0.1, praise: 0, complaint: 0.6, troll: 0.2, price: 0 },
  },
};
