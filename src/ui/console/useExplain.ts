/**
 * The reasons behind compliance findings, loaded lazily in the live room.
 *
 * The engine's findings carry only the rule id, category and span; the words people read (rule,
 * reason, suggestion: compliance/explain.ts with lexicon-text.json, ~30 KB gzipped) are loaded
 * the first time a finding is shown, so they are not part of the live room's initial JavaScript.
 * Until they arrive the console shows the category label.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { loadExplain as loadExplainModule } from '../../engine';

export type ExplainModule = Awaited<ReturnType<typeof loadExplainModule>>;

let loaded: ExplainModule | null = null;
let loading: Promise<ExplainModule> | null = null;
const listeners = new Set<() => void>();

/** Starts loading the explanations (once); resolves with the module. */
export function loadExplain(): Promise<ExplainModule> {
  loading ??= loadExplainModule().then(
    (m) => {
      loaded = m;
      for (const l of listeners) l();
      return m;
    },
    (err: unknown) => {
      loading = null; // offline or a failed chunk: try again on the next finding
      throw err;
    },
  );
  return loading;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const snapshot = () => loaded;

/** The explanations module once loaded (null before); asks for it when `wanted` (a finding is on screen). */
export function useExplain(wanted: boolean): ExplainModule | null {
  const mod = useSyncExternalStore(subscribe, snapshot, snapshot);
  useEffect(() => {
    if (wanted && !loaded) loadExplain().catch(() => undefined);
  }, [wanted]);
  return mod;
}
