/**
 * The import worker: reads a run file, checks it (seals, limits), re-simulates and grades it off
 * the page's thread, posting progress as it goes (docs/review.md "Import"). Scenarios live in the
 * page, so the worker asks for the one the file names; the page stores what comes back.
 * Protocol: import-client.ts.
 */
import './worker-no-eval';
import type { Scenario } from '../../engine';
import { checkImportSize, checkRunBytes, type CheckResult, type ImportProgress } from './history';
import type { FromImportWorker, ToImportWorker } from './import-client';

const scope = globalThis as unknown as {
  postMessage(m: FromImportWorker): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<ToImportWorker>) => void): void;
};

const waiting = new Map<string, (s: Scenario | undefined) => void>();
const find = (id: string) =>
  new Promise<Scenario | undefined>((resolve) => {
    waiting.set(id, resolve);
    scope.postMessage({ type: 'scenario', id });
  });
const progress = (p: ImportProgress) => scope.postMessage({ type: 'progress', progress: p });

async function check(file: File, name: string, now: number): Promise<CheckResult> {
  // The size before a byte is read.
  const tooBig = checkImportSize(file.size, name);
  if (tooBig) return tooBig;
  progress({ phase: 'read' });
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    return { ok: false, code: 'failed', reason: `${name}: the file could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  return checkRunBytes(bytes, name, find, now, progress);
}

scope.addEventListener('message', (e) => {
  const m = e.data;
  if (m.type === 'scenario') {
    const resolve = waiting.get(m.id);
    waiting.delete(m.id);
    resolve?.(m.scenario ?? undefined);
    return;
  }
  void check(m.file, m.name, m.now).then((result) => scope.postMessage({ type: 'done', result }));
});
