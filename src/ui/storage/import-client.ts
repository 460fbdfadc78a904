/**
 * Importing a run file from the page: the file's size is checked before it is read, then a module
 * worker (import.worker.ts) reads, checks, re-simulates and grades it while the page stays
 * responsive, reporting progress; the page stores the result (storeImported: a run already in the
 * history is a duplicate, nothing is added). Where there is no Worker (vitest, Node, a browser
 * that refuses it), the same check runs in this thread.
 */
import type { Scenario } from '../../engine';
import type { HistoryDb } from './db';
import { checkImportSize, checkRunBytes, storeImported, type CheckResult, type FindScenario, type ImportProgress, type ImportResult, type OnImportProgress } from './history';

/** Page → worker: a file to check; the scenario it asked for (null: not in this app). */
export type ToImportWorker = { type: 'check'; file: File; name: string; now: number } | { type: 'scenario'; id: string; scenario: Scenario | null };
/** Worker → page: which scenario it needs, how far it is, the outcome. */
export type FromImportWorker = { type: 'scenario'; id: string } | { type: 'progress'; progress: ImportProgress } | { type: 'done'; result: CheckResult };

export interface ImportFileOptions {
  onProgress?: OnImportProgress;
  db?: HistoryDb;
  now?: number;
  /** false: check in this thread even where a Worker exists. */
  worker?: boolean;
}

/** Import one run file (refused, duplicate or stored; never throws). */
export async function importRunFile(file: File, find: FindScenario, opts: ImportFileOptions = {}): Promise<ImportResult> {
  const tooBig = checkImportSize(file.size, file.name);
  if (tooBig) return tooBig;
  const now = opts.now ?? Date.now();
  let checked = opts.worker !== false && typeof Worker !== 'undefined' ? await checkInWorker(file, find, now, opts.onProgress) : null;
  if (checked === null) {
    opts.onProgress?.({ phase: 'read' });
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      return { ok: false, code: 'failed', reason: `${file.name}: the file could not be read: ${e instanceof Error ? e.message : String(e)}` };
    }
    checked = await checkRunBytes(bytes, file.name, find, now, opts.onProgress);
  }
  if (!checked.ok) return checked;
  opts.onProgress?.({ phase: 'save' });
  try {
    return await storeImported(checked.run, file.name, opts.db);
  } catch (e) {
    // Never claim it was saved: the storage error is the reason.
    return { ok: false, code: 'failed', reason: `${file.name}: the history could not be written: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * The check in a worker. Null when no worker could be started (then the caller runs it here); a
 * worker that fails after it started is a refusal ('failed'), never a silent retry on the page.
 */
function checkInWorker(file: File, find: FindScenario, now: number, onProgress?: OnImportProgress): Promise<CheckResult | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(null);
      return;
    }
    let heard = false;
    const finish = (r: CheckResult | null) => {
      worker.terminate();
      resolve(r);
    };
    const post = (m: ToImportWorker) => worker.postMessage(m);
    worker.addEventListener('message', (e: MessageEvent<FromImportWorker>) => {
      heard = true;
      const m = e.data;
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') finish(m.result);
      else if (m.type === 'scenario') {
        find(m.id).then(
          (scenario) => post({ type: 'scenario', id: m.id, scenario: scenario ?? null }),
          () => post({ type: 'scenario', id: m.id, scenario: null }),
        );
      }
    });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      finish(heard ? { ok: false, code: 'failed', reason: `${file.name}: the import stopped: ${e.message || 'the import worker failed'}` } : null);
    });
    worker.addEventListener('messageerror', () => finish({ ok: false, code: 'failed', reason: `${file.name}: the import stopped: a message from the import worker could not be read` }));
    post({ type: 'check', file, name: file.name, now });
  });
}
