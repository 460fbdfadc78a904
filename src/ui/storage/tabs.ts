/**
 * One tab owns a live run: never two writers of the same journal record.
 *
 * The tab playing a run holds the Web Lock `livesim-run:<id>` (navigator.locks) for as long as it
 * writes the run's journal record; the browser releases it if the tab closes or crashes. Another
 * tab that finds the run in the journal asks whether the lock is held ("this run is open in
 * another tab") and may take the run over: it says so on the BroadcastChannel `livesim-runs`, the
 * owner stops writing, saves its last state (snapshot and journal), releases the lock and shows
 * that the run moved; the lock request of the new tab is granted only then, and it reads the
 * journal fresh and continues the run.
 *
 * Without Web Locks (an older browser, or a page served over plain http from another machine,
 * which is not a secure context), the owner answers a `who` question on the channel instead, and
 * hands over with a `released` message: the same protocol, without the browser's guarantee.
 * docs/review.md "Two tabs".
 */

const CHANNEL = 'livesim-runs';
const LOCK_PREFIX = 'livesim-run:';
/** How long an owner has to answer on the channel (only used without Web Locks). */
const ANSWER_MS = 400;

type Message =
  | { type: 'who'; id: string; from: string }
  | { type: 'owner'; id: string; from: string }
  | { type: 'takeover'; id: string; from: string }
  | { type: 'released'; id: string; from: string; state?: unknown };

/** This tab's name on the channel. */
export const TAB_ID = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;

const hasLocks = (): boolean => typeof navigator !== 'undefined' && !!navigator.locks && typeof navigator.locks.request === 'function';

let channel: BroadcastChannel | null | undefined;
function bus(): BroadcastChannel | null {
  if (channel === undefined) channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  return channel;
}

function post(msg: Message): void {
  bus()?.postMessage(msg);
}

function listen(handler: (msg: Message) => void): () => void {
  const ch = bus();
  if (!ch) return () => undefined;
  const on = (ev: MessageEvent) => {
    const m = ev.data as Message | null;
    if (m && typeof m === 'object' && typeof m.id === 'string' && typeof m.type === 'string') handler(m);
  };
  ch.addEventListener('message', on);
  return () => ch.removeEventListener('message', on);
}

/** This tab owns a run: it alone writes the run's journal record. */
export interface Lease {
  readonly id: string;
  /**
   * Give the run up (the run ended or stopped here, or moved to another tab). Handing over,
   * `state` (the journal entry as this tab has it) goes to the new owner with the message: if the
   * last write failed (a full disk), the new tab still gets every action.
   */
  release(state?: unknown): void;
  /**
   * Called when another tab asks to take the run over. The owner stops writing, saves its last
   * state, then resolves with it: the lease is released after that, and the other tab told.
   */
  onTakeover(handler: () => Promise<unknown>): void;
  /** Called if the lease is lost without a handover (the browser took the lock away). */
  onLost(handler: () => void): void;
}

/**
 * Own run `id` in this tab. `wait: false` (a new run, or resuming from the list): null at once when
 * another tab owns it. `wait: true` (taking over): waits until the owner has let go.
 */
export async function acquireRun(id: string, wait = false): Promise<Lease | null> {
  let releaseLock: () => void = () => undefined;
  let takeover: (() => Promise<unknown>) | null = null;
  let lost: (() => void) | null = null;
  let released = false;
  let handing = false;
  let stopListening: () => void = () => undefined;

  const lease: Lease = {
    id,
    release(state?: unknown) {
      if (released) return;
      released = true;
      stopListening();
      if (handing) post({ type: 'released', id, from: TAB_ID, ...(state === undefined ? {} : { state }) });
      releaseLock();
    },
    onTakeover(h) {
      takeover = h;
    },
    onLost(h) {
      lost = h;
    },
  };

  if (hasLocks()) {
    const granted = await new Promise<boolean>((resolve) => {
      navigator.locks
        .request(LOCK_PREFIX + id, { ifAvailable: !wait }, (lock) => {
          if (!lock) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          // Held until released (the promise returned here stays pending until then).
          return new Promise<void>((done) => {
            releaseLock = done;
          });
        })
        .catch(() => {
          // Stolen or the document went away: whoever holds it now writes, not us.
          if (!released) {
            released = true;
            stopListening();
            lost?.();
          }
          resolve(false);
        });
    });
    if (!granted) return null;
  } else if (!wait) {
    if (await ownerAnswers(id)) return null;
  } else {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 10_000);
      const off = listen((m) => {
        if (m.type === 'released' && m.id === id) done();
      });
      function done() {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }

  stopListening = listen((m) => {
    if (m.id !== id || released) return;
    if (m.type === 'who') post({ type: 'owner', id, from: TAB_ID });
    if (m.type === 'takeover' && m.from !== TAB_ID && !handing) {
      handing = true;
      const h = takeover as (() => Promise<unknown>) | null;
      void (h ? h() : Promise.resolve(undefined)).catch(() => undefined).then((state) => lease.release(state));
    }
  });
  return lease;
}

/** Without Web Locks: does a tab answer for run `id` on the channel? */
function ownerAnswers(id: string): Promise<boolean> {
  if (!bus()) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), ANSWER_MS);
    const off = listen((m) => {
      if (m.type === 'owner' && m.id === id) finish(true);
    });
    function finish(v: boolean) {
      clearTimeout(timer);
      off();
      resolve(v);
    }
    post({ type: 'who', id, from: TAB_ID });
  });
}

/** Is run `id` open (being played) in another tab? */
export async function openElsewhere(id: string): Promise<boolean> {
  if (hasLocks()) {
    const state = await navigator.locks.query();
    return (state.held ?? []).some((l) => l.name === LOCK_PREFIX + id);
  }
  return ownerAnswers(id);
}

/**
 * Take run `id` over from the tab that has it: ask it to let go, then wait until it has (its last
 * state is then on disk, or failing that in `state`, as the other tab sent it). Resolves with this
 * tab's lease.
 */
export async function takeOverRun(id: string): Promise<{ lease: Lease; state: unknown }> {
  let state: unknown;
  let heard = false;
  let onHeard: () => void = () => undefined;
  const off = listen((m) => {
    if (m.type === 'released' && m.id === id) {
      heard = true;
      state = m.state;
      onHeard();
    }
  });
  const waiting = acquireRun(id, true);
  post({ type: 'takeover', id, from: TAB_ID });
  const lease = await waiting;
  // The lock and the message travel separately: give the message a moment to arrive.
  if (!heard) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      onHeard = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  off();
  if (!lease) throw new Error(`run ${id}: the other tab did not let go of it`);
  return { lease, state };
}
