/**
 * livesim engine: the only entry point for the UI, the CLI, scoring and any server code (lint
 * forbids deep imports into src/engine from outside it). Pure TypeScript: no DOM, no clocks,
 * no timers, no unseeded randomness.
 */
// The simulation, its view model and snapshots
export { createSim, Sim, ENGINE_VERSION, REPLAYABLE_VERSIONS, SNAPSHOT_FORMAT, type SimOptions, type Snapshot, type Metrics, type ProductMetrics } from './engine';
export type { SimView, ProductView, CouponView } from './view';

// Actions
export { ACTIONS, ACTION_TYPES, ACTION_LOG_FORMAT, actionLabel, lookupAction, type Action, type ActionInput, type ActionType, type ActionBody } from './actions/registry';
export { parsePayload, type ActionDef, type ConsolePanel, type ConsoleControl, type ShortcutDef } from './actions/define';
export { SCRIPT_PARTS, LIVE_FORMATS, TEAM_SEATS, TEAM_STRUCTURES, SCRIPT_CUES, SCRIPT_LIMITS, scriptSchema, type ScriptPart, type LiveFormat, type TeamSeat, type TeamStructure, type ScriptCue, type RehearsalScript } from './actions/submit-script';

// The event log
export type { SimEvent, EventType, EventMap, EventOf, CommentKind, TaskKind, Via } from './events';

// Run files and action logs
export { RUN_FILE_FORMAT, SEALED_FIELDS, actionLogSchema, runFileSchema, makeRunFile, parseRunFileText, replay, sealRunFile, verifyRunFile, type ActionLog, type ReplayProgress, type RunFile, type VerifyResult } from './runfile';

// Bots
export { BOT_NAMES, HOST_BOTS, ADVERSARIAL_BOTS, BOT_STEP_MS, createBot, knowsFact, runWithBot, type Bot, type BotName, type BotRun, type BotRunOptions } from './bots';

// Scenarios
export { loadScenarioBytes, loadScenarioText, type Scenario, type ScenarioIssue, type LoadResult, type Product } from './scenario/load';
export { scenarioHash } from './scenario/hash';
export { scenarioSchema, INCIDENT_KINDS, CUE_ACTIONS, PERSONA_TYPES, COMMENT_KINDS, LEVELS, SCENARIO_FORMAT } from './scenario/schema';
export { DURATION_CLASSES, durationClass, scenarioIndexEntry, type DurationClass, type ScenarioIndexEntry } from './scenario/catalog';
export { PERSONA_DEFAULTS, type PersonaParams, type PersonaType } from './audience/personas';

// Compliance (the script checker and the speech check share it)
export * from './compliance';
export { explainFinding } from './compliance/explain';
export { factSheetOf, type FactSheet } from './compliance/facts';
export { DEFAULT_GATE, SEVERITY_NAMES, applyReplacements, lintScript, type ScriptFinding, type ScriptReport, type Severity } from './compliance/script';
export { checkEnglishRisks } from './english-risks';

// Parts the browser loads on demand (each its own chunk): the words behind compliance findings, the bots,
// run files (the live room's storage banner offers one when saving fails).
export const loadExplain = () => import('./compliance/explain');
export const loadBots = () => import('./bots');
export const loadRunFiles = () => import('./runfile');

// Speech reading, time, money, names, hashing
export { mentionedProducts, statedPrices, statedStock, detectCtas, squash, canonical, coveredPoints, keywordList, isGreeting, lineKey, similarity, sentencesOf } from './speech';
export { findRepeat, remember, REPEAT_SIMILARITY, type RecentLine } from './speech/credit';
export { judgeAnswer, roomWords } from './speech/room';
export { TICK_MS, TICKS_PER_SECOND, parseDurationSec, formatClock } from './time';
export { fen, yuanText } from './money';
export { viewerName } from './audience/names';
export { sha256Hex, canonicalJson } from './sha256';
