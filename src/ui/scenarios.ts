import { loadScenarioText, type LoadResult, type ScenarioIssue } from '../engine/scenario/load';

/** One shipped scenario file and the engine loader's verdict on it. */
export interface ScenarioEntry {
  /** Repo-relative path, e.g. `scenarios/beauty-drill.yaml`. */
  file: string;
  result: LoadResult;
}

/**
 * Every shipped scenario, inlined at build time as raw text, so the page
 * works offline and needs no server. Keys look like `/scenarios/x.yaml`.
 */
const rawScenarios = import.meta.glob<string>('/scenarios/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

function safeLoad(text: string, file: string): LoadResult {
  try {
    return loadScenarioText(text, file);
  } catch (err) {
    // The loader should report problems, not throw; show it anyway rather than a blank page.
    const issue: ScenarioIssue = {
      file,
      line: 0,
      col: 0,
      path: '',
      message: `loader crashed: ${err instanceof Error ? err.message : String(err)}`,
    };
    return { ok: false, errors: [issue] };
  }
}

export function loadShippedScenarios(raw: Record<string, string> = rawScenarios): ScenarioEntry[] {
  return Object.keys(raw)
    .sort()
    .map((key) => {
      const file = key.replace(/^\//, '');
      return { file, result: safeLoad(raw[key], file) };
    });
}
