/**
 * Grading off the event loop: a re-simulation of a 20-minute attempt takes ~150 ms of CPU, and
 * 40 students finishing together would otherwise hold every acknowledgement back for seconds.
 * One worker thread (the lab machine has few cores, and the hub's own thread needs one), fed one
 * attempt at a time in arrival order.
 */
import { Worker } from 'node:worker_threads';
import type { Grade, GradeInput } from './grade';

export interface GradeJob extends Omit<GradeInput, 'scenario'> {
  /** The scenario's YAML and file name (the worker loads and caches it by hash). */
  yaml: string;
  file: string;
  hash: string;
}

type Reply = { id: number; ok: true; grade: Grade } | { id: number; ok: false; error: string };

export class GradePool {
  private worker: Worker | null = null;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (g: Grade) => void; reject: (e: Error) => void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    // The worker runs the TypeScript source through tsx, which it registers itself.
    const w = new Worker(new URL('./grade-worker-boot.mjs', import.meta.url));
    w.on('message', (r: Reply) => {
      const p = this.waiting.get(r.id);
      if (!p) return;
      this.waiting.delete(r.id);
      // An idle worker does not keep the process alive; one with work does.
      if (this.waiting.size === 0) w.unref();
      if (r.ok) p.resolve(r.grade);
      else p.reject(new Error(r.error));
    });
    const fail = (e: Error) => {
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
      this.worker = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the grading worker stopped (exit ${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }

  grade(job: GradeJob): Promise<Grade> {
    const id = this.next++;
    return new Promise<Grade>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const w = this.start();
      w.ref();
      w.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
