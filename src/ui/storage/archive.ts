/**
 * The end screen's "saved" line depends on this: the run is in the history only once the journal
 * holds its final state, the history has stored it and reading it back finds it. Until then the
 * end screen says it is not saved (and why), and tries again: when the journal's own retry lands,
 * when the page comes back, and on a timer with backoff. docs/review.md "When saving fails".
 */
import { useEffect, useState } from 'react';
import type { Recording } from './recorder';
import { archiveJournal, getRun, type FindScenario } from './history';
import { historyDb, type HistoryDb } from './db';
import { RETRY_MAX_MS, RETRY_MIN_MS } from './journal';

/** Archive the recorded run; resolves with its id once the history has it, rejects with why not. */
export async function archiveRecording(rec: Recording, find: FindScenario, db: HistoryDb = historyDb()): Promise<string> {
  if (!(await rec.writer.flush())) throw new Error(rec.writer.status.error ?? 'the run journal could not be written');
  await archiveJournal(find, db);
  const stored = await getRun(rec.entry.id, db);
  if (!stored) throw new Error(`run ${rec.entry.id} was not found in the history after archiving`);
  return stored.id;
}

export type ArchiveState = { id: string } | { error: string } | null;

/** Archive the recorded run, retrying until it is in the history: `{ id }` then, `{ error }` meanwhile. */
export function useArchive(rec: Recording | null, find: FindScenario): ArchiveState {
  const [state, setState] = useState<ArchiveState>(null);
  useEffect(() => {
    if (!rec) return;
    let cancelled = false;
    let done = false;
    let busy = false;
    let again = false;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      if (cancelled || done) return;
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      clearTimeout(timer);
      archiveRecording(rec, find)
        .then(
          (id) => {
            done = true;
            if (!cancelled) setState({ id });
          },
          (e: unknown) => {
            if (cancelled) return;
            setState({ error: e instanceof Error ? (e.name === 'Error' ? e.message : `${e.name}: ${e.message}`) : String(e) });
            failures++;
            timer = setTimeout(attempt, Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1)));
          },
        )
        .finally(() => {
          busy = false;
          if (again) {
            again = false;
            attempt();
          }
        });
    };
    const offWriter = rec.writer.subscribe((s) => {
      if (s.synced) attempt();
    });
    // The page came back: retry the journal's write now (space may have been freed), then the archive.
    const wake = () => {
      rec.writer.retry();
      attempt();
    };
    document.addEventListener('visibilitychange', wake);
    addEventListener('focus', wake);
    attempt();
    return () => {
      cancelled = true;
      clearTimeout(timer);
      offWriter();
      document.removeEventListener('visibilitychange', wake);
      removeEventListener('focus', wake);
    };
  }, [rec, find]);
  return state;
}
