/**
 * Every task kind: the incident kinds a scenario can schedule, and cues. To add an incident
 * kind: add it to the scenario schema (INCIDENT_KINDS and its fields), write one file here
 * like the others, and list it below (the compiler checks every kind is listed).
 */
import type { TaskKind } from '../events';
import type { TimerHandlers } from '../kernel/timers';
import type { World } from '../kernel/state';
import type { TaskKindDef } from './types';
import { streamDrop } from './stream-drop';
import { wrongLink } from './wrong-link';
import { wrongPrice } from './wrong-price';
import { couponMisconfig } from './coupon-misconfig';
import { stockMismatch } from './stock-mismatch';
import { trollWave } from './troll-wave';
import { qualityComplaint } from './quality-complaint';
import { platformWarning } from './platform-warning';
import { supplierPriceChange } from './supplier-price-change';
import { micFailure } from './mic-failure';
import { cue } from './cue';

export const TASK_KINDS: { [K in TaskKind]: TaskKindDef<K> } = {
  stream_drop: streamDrop,
  wrong_link: wrongLink,
  wrong_price: wrongPrice,
  coupon_misconfig: couponMisconfig,
  stock_mismatch: stockMismatch,
  troll_wave: trollWave,
  quality_complaint: qualityComplaint,
  platform_warning: platformWarning,
  supplier_price_change: supplierPriceChange,
  mic_failure: micFailure,
  cue,
};

/** The timers the incident kinds set. */
export const INCIDENT_TIMERS: Partial<TimerHandlers<World>> = Object.assign({}, ...Object.values(TASK_KINDS).map((d) => d.timers ?? {}));

export function taskKind(kind: TaskKind): TaskKindDef {
  return TASK_KINDS[kind] as unknown as TaskKindDef;
}
