/** The page's draft and choices, kept in localStorage so a reload (or a crash) loses nothing. */
const DRAFT_KEY = 'livesim.scriptcheck.draft';
const SCENARIO_KEY = 'livesim.scriptcheck.scenario';

function get(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // storage unavailable (private mode): the page still works for this visit
  }
}

function set(key: string, value: string | null): boolean {
  try {
    if (value === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, value);
    return true;
  } catch {
    return false; // full or unavailable: the caller says so
  }
}

export const loadDraft = (): string | null => get(DRAFT_KEY);
export const saveDraft = (text: string): boolean => set(DRAFT_KEY, text);
export const loadScenarioChoice = (): string => get(SCENARIO_KEY) ?? '';
export const saveScenarioChoice = (id: string): boolean => set(SCENARIO_KEY, id || null);
