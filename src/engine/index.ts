/**
 * livesim engine: the public surface used by the UI, the CLI, scoring and tests.
 * Pure TypeScript: no DOM, no clocks, no timers, no unseeded randomness.
 */
export { createSim, Sim, ENGINE_VERSION, type Metrics, type ProductMetrics } from './sim';
export {
  ACTIONS, ACTION_TYPES, ACTION_LOG_FORMAT, actionLabel,
  type Action, type ActionInput, type ActionType, type ActionBody, type ActionDef, type ConsolePanel, type ConsoleControl, type ShortcutDef,
} from './actions';
export type { SimEvent, EventType, EventMap, EventOf } from './events';
export { loadScenarioText, scenarioHash, type Scenario, type ScenarioIssue, type LoadResult, type Product } from './scenario/load';
export { TICK_MS, parseDurationSec, formatClock } from './time';
export { viewerName } from './audience/names';
export { sha256Hex, canonicalJson } from './sha256';
