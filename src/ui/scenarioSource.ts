// TEMPORARY adapter: the one place the UI imports the engine's scenario loader.
// When src/engine/scenario/load.ts has landed, point the import in
// src/ui/scenarios.ts straight at '../engine/scenario/load' and delete this file.
export { loadScenarioText, type LoadResult, type ScenarioIssue } from '../engine/scenario/load';
