/**
 * The exam link: the student's page streams its attempt to the hub as one ordered log of entries
 * (src/hub/protocol.ts) over a WebSocket, without ever losing one.
 *
 * - Every entry gets the next seq (1, 2, 3, …) and is written to the outbox (storage that
 *   survives a reload: localStorage) synchronously, before anything is sent.
 * - On connect the page says hello with the attempt's token; on the hub's welcome it drops what
 *   the hub already holds and sends the rest, in order. New entries go out at once.
 * - An entry leaves the outbox only when the hub acknowledges it. A gap ("send from N") resends
 *   from N; a refusal (closed, conflict, invalid, limit) is shown and that entry is not sent again.
 * - A dropped connection is retried with a backoff (1 s, 2 s, 4 s, 8 s, 10 s); the run goes on
 *   meanwhile. A silent connection (no answer to pings) counts as dropped.
 *
 * Resending is harmless: the hub answers an entry it holds with the same acknowledgement. After a
 * reload a new ExamLink on the same storage key continues the seq counter and the outbox.
 *
 * Nothing here touches the DOM: the socket, the storage and the timers are passed in (tests use
 * fakes; exam.ts passes the browser's).
 */
import { HUB_PROTOCOL, type AttemptStatus, type EntryBody, type EntryMessage, type ServerMessage } from '../../../hub/protocol';

/** The part of WebSocket the link uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** The part of Storage the link uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface LinkTimers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}

export interface LinkOptions {
  /** The outbox's storage key (one per attempt). */
  key: string;
  token: string;
  /** The WebSocket address (ws://host/api/ws). */
  url: string;
  connect: (url: string) => SocketLike;
  storage: KeyValueStore;
  timers?: LinkTimers;
  /** Ping the hub this often while connected (ms). */
  pingMs?: number;
  /** A connection that has said nothing for this long is dropped and reconnected (ms). */
  silentMs?: number;
  /** Entries still unacknowledged this long after they were sent are sent again (ms). */
  resendMs?: number;
}

export interface Refusal {
  seq: number;
  code: string;
  message: string;
}

export type SyncState = 'synced' | 'pending' | 'offline';

export interface LinkStatus {
  /** synced: connected and nothing waiting; pending: connected, entries on their way; offline: not connected. */
  state: SyncState;
  /** Entries in the outbox (not yet acknowledged). */
  pending: number;
  /** The highest seq the hub acknowledged. */
  acked: number;
  /** Entries made so far (the last seq given). */
  total: number;
  /** Entries the hub refused (not sent again). */
  refused: Refusal[];
  /** The hub closed the attempt (the teacher ended or voided it, or the time is up). */
  closed: { status: AttemptStatus | null; message: string } | null;
  /** A fatal problem (an invalid token, another protocol): the link stopped trying. */
  fatal: string | null;
}

interface Saved {
  v: 1;
  /** The next seq to give. */
  next: number;
  acked: number;
  entries: EntryMessage[];
  refused: Refusal[];
}

const BACKOFF_MS = [1000, 2000, 4000, 8000, 10_000];
const OPEN = 1;

const browserTimers: LinkTimers = {
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class ExamLink {
  private saved: Saved;
  private socket: SocketLike | null = null;
  /** The hub welcomed this connection (entries may be sent). */
  private welcomed = false;
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: unknown = null;
  private pingTimer: unknown = null;
  private resendTimer: unknown = null;
  private lastHeard = 0;
  /** The `expected` of the last gap answered on this connection (several in a row ask for the same resend). */
  private lastGap = 0;
  private closed: LinkStatus['closed'] = null;
  private fatal: string | null = null;
  private readonly timers: LinkTimers;
  private readonly listeners = new Set<(s: LinkStatus) => void>();
  private readonly welcomeHandlers = new Set<(attempt: Extract<ServerMessage, { type: 'welcome' }>['attempt']) => void>();
  private readonly deadlineHandlers = new Set<(m: Extract<ServerMessage, { type: 'deadline' }>) => void>();

  constructor(private readonly opts: LinkOptions) {
    this.timers = opts.timers ?? browserTimers;
    this.saved = this.load();
  }

  private load(): Saved {
    try {
      const raw = this.opts.storage.getItem(this.opts.key);
      const s = raw ? (JSON.parse(raw) as Saved) : null;
      if (s && s.v === 1 && Number.isInteger(s.next) && Array.isArray(s.entries)) return { ...s, refused: s.refused ?? [] };
    } catch {
      // A damaged outbox: start a new one (the hub tells what it holds on welcome).
    }
    return { v: 1, next: 1, acked: 0, entries: [], refused: [] };
  }

  private persist(): void {
    // Synchronous: the entry is on disk before it is sent. A full storage throws: the entry still
    // goes out (it is in memory), it just would not survive a reload.
    try {
      this.opts.storage.setItem(this.opts.key, JSON.stringify(this.saved));
    } catch {
      // nothing better to do
    }
  }

  // ------------------------------------------------------------------ entries

  /** Add an entry: numbered, saved, then sent when connected. Returns its seq. */
  push(entry: EntryBody, simMs: number): number {
    const m: EntryMessage = { type: 'entry', seq: this.saved.next, simMs: Math.max(0, Math.floor(simMs)), wallMs: this.timers.now(), entry };
    this.saved.next++;
    this.saved.entries.push(m);
    this.persist();
    if (this.canSend()) {
      this.sendRaw(m);
      this.armResend();
    }
    this.emit();
    return m.seq;
  }

  /** The entries not yet acknowledged (oldest first). */
  get outbox(): readonly EntryMessage[] {
    return this.saved.entries;
  }

  get status(): LinkStatus {
    const pending = this.saved.entries.length;
    const online = this.welcomed && this.socket !== null;
    return {
      state: !online ? 'offline' : pending > 0 ? 'pending' : 'synced',
      pending,
      acked: this.saved.acked,
      total: this.saved.next - 1,
      refused: this.saved.refused.slice(),
      closed: this.closed,
      fatal: this.fatal,
    };
  }

  subscribe(cb: (s: LinkStatus) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Called with the hub's view of the attempt on every (re)connection. */
  onWelcome(cb: (attempt: Extract<ServerMessage, { type: 'welcome' }>['attempt']) => void): () => void {
    this.welcomeHandlers.add(cb);
    return () => this.welcomeHandlers.delete(cb);
  }

  /** Called when the teacher gives the attempt extra time (the new deadline and time limit). */
  onDeadline(cb: (m: Extract<ServerMessage, { type: 'deadline' }>) => void): () => void {
    this.deadlineHandlers.add(cb);
    return () => this.deadlineHandlers.delete(cb);
  }

  private emit(): void {
    const s = this.status;
    for (const l of this.listeners) l(s);
  }

  // ------------------------------------------------------------------ connection

  /** Connect (and keep reconnecting until stop()). */
  start(): void {
    this.stopped = false;
    if (!this.socket && this.reconnectTimer === null && !this.fatal) this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const s = this.socket;
    this.socket = null;
    this.welcomed = false;
    if (s) {
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      s.close();
    }
    this.emit();
  }

  /** The network is back (or the page is visible again): reconnect now rather than after the backoff. */
  kick(): void {
    if (this.stopped || this.fatal) return;
    if (this.socket) {
      if (this.welcomed) this.resendAll();
      return;
    }
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.attempt = 0;
    this.open();
  }

  /** The network went away: drop the connection now (it would only time out later). */
  drop(): void {
    if (this.socket) this.lost();
  }

  private open(): void {
    this.reconnectTimer = null;
    let s: SocketLike;
    try {
      s = this.opts.connect(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = s;
    this.welcomed = false;
    this.lastGap = 0;
    s.onopen = () => {
      if (this.socket !== s) return;
      this.lastHeard = this.timers.now();
      s.send(JSON.stringify({ type: 'hello', protocol: HUB_PROTOCOL, token: this.opts.token }));
      this.armPing();
    };
    s.onmessage = (ev) => {
      if (this.socket !== s) return;
      this.lastHeard = this.timers.now();
      let m: ServerMessage;
      try {
        m = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      this.onMessage(m);
    };
    s.onclose = (ev) => {
      if (this.socket !== s) return;
      // 4001: the token is not valid; 4002: another protocol; 4004: the exam requires Safe Exam Browser. Retrying would not help.
      if (ev.code === 4001 || ev.code === 4002) this.fatal ??= ev.code === 4001 ? 'this exam link is not valid: join again with the code' : 'this page is out of date: reload it';
      if (ev.code === 4004) this.fatal ??= 'this exam must be taken in Safe Exam Browser: start it with the .seb file from your teacher';
      this.lost();
    };
    s.onerror = () => undefined; // onclose follows
  }

  private lost(): void {
    const s = this.socket;
    this.socket = null;
    this.welcomed = false;
    this.clearTimers();
    if (s) {
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    this.emit();
    if (!this.stopped && !this.fatal) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer !== null) return;
    const ms = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.reconnectTimer = this.timers.setTimeout(() => this.open(), ms);
  }

  private clearTimers(): void {
    if (this.pingTimer !== null) this.timers.clearTimeout(this.pingTimer);
    if (this.resendTimer !== null) this.timers.clearTimeout(this.resendTimer);
    this.pingTimer = this.resendTimer = null;
  }

  /** Ping now and then; a connection silent for too long is dead (a cable pulled, Wi-Fi gone). */
  private armPing(): void {
    const every = this.opts.pingMs ?? 5000;
    const silent = this.opts.silentMs ?? 12_000;
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = null;
      const s = this.socket;
      if (!s) return;
      if (this.timers.now() - this.lastHeard > silent) return this.lost();
      if (s.readyState === OPEN) s.send(JSON.stringify({ type: 'ping' }));
      this.armPing();
    }, every);
  }

  /** Entries sent but not acknowledged for a while go again (the hub may have failed to store them). */
  private armResend(): void {
    if (this.resendTimer !== null) return;
    this.resendTimer = this.timers.setTimeout(() => {
      this.resendTimer = null;
      if (this.canSend() && this.saved.entries.length > 0) {
        this.resendAll();
        this.armResend();
      }
    }, this.opts.resendMs ?? 5000);
  }

  private canSend(): boolean {
    return this.welcomed && !this.closed && this.socket !== null && this.socket.readyState === OPEN;
  }

  private sendRaw(m: EntryMessage): void {
    try {
      this.socket?.send(JSON.stringify(m));
    } catch {
      this.lost();
    }
  }

  private resendAll(from = 0): void {
    if (!this.canSend()) return;
    for (const m of this.saved.entries) if (m.seq >= from) this.sendRaw(m);
    if (this.saved.entries.length > 0) this.armResend();
  }

  // ------------------------------------------------------------------ the hub's answers

  private onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'welcome': {
        this.welcomed = true;
        this.attempt = 0;
        this.dropThrough(m.attempt.acked);
        // The hub holds more than this page ever numbered (the outbox was lost): go on after it.
        if (this.saved.next <= m.attempt.acked) {
          this.saved.next = m.attempt.acked + 1;
          this.persist();
        }
        for (const h of this.welcomeHandlers) h(m.attempt);
        if (['submitted', 'timed-out', 'closed', 'voided'].includes(m.attempt.status) && this.saved.entries.length > 0) {
          this.closed = { status: m.attempt.status, message: 'the attempt is over' };
        }
        this.resendAll();
        break;
      }
      case 'ack':
        this.lastGap = 0;
        this.dropThrough(m.seq);
        break;
      case 'refused':
        this.refused(m);
        break;
      case 'closed':
        this.closed = { status: m.status, message: m.message };
        break;
      case 'error':
        // "could not store that; it will be asked again": everything unacknowledged goes again soon.
        if (this.welcomed) this.armResend();
        else this.fatal = m.message;
        break;
      case 'deadline':
        for (const h of this.deadlineHandlers) h(m);
        break;
      case 'pong':
        break;
    }
    this.emit();
  }

  /** The hub holds everything up to `seq`: drop it from the outbox. */
  private dropThrough(seq: number): void {
    const before = this.saved.entries.length;
    if (seq > this.saved.acked) this.saved.acked = seq;
    this.saved.entries = this.saved.entries.filter((e) => e.seq > seq);
    if (this.saved.entries.length !== before || seq >= this.saved.acked) this.persist();
  }

  private refused(m: Extract<ServerMessage, { type: 'refused' }>): void {
    if (m.code === 'gap') {
      const expected = m.expected ?? this.saved.acked + 1;
      if (expected === this.lastGap) return; // already resending from there
      this.lastGap = expected;
      // The hub holds everything before `expected`.
      this.dropThrough(expected - 1);
      const first = this.saved.entries[0];
      if (first && first.seq > expected) {
        // Entries the hub never got are gone from the outbox (dropped as invalid): number the rest on from there.
        this.renumberFrom(first.seq, expected - first.seq);
      }
      this.resendAll(expected);
      return;
    }
    const i = this.saved.entries.findIndex((e) => e.seq === m.seq);
    if (m.code === 'conflict') {
      // The hub already holds another entry under this seq: its record stands.
      if (i >= 0) this.saved.entries.splice(i, 1);
      this.note(m);
      return;
    }
    if (m.code === 'invalid') {
      // The hub will never take it: drop it and number the later ones down, so the stream stays whole.
      if (i >= 0) {
        this.saved.entries.splice(i, 1);
        this.renumberFrom(m.seq + 1, -1);
      }
      this.note(m);
      // Resent from there now: the gap refusals of the entries sent after it ask for the same.
      this.lastGap = m.seq;
      this.resendAll(m.seq);
      return;
    }
    // closed / limit: nothing more will be taken.
    this.closed ??= { status: null, message: m.message };
    this.note(m);
  }

  private renumberFrom(seq: number, delta: number): void {
    this.saved.entries = this.saved.entries.map((e) => (e.seq >= seq ? { ...e, seq: e.seq + delta } : e));
    this.saved.next += delta;
    this.persist();
  }

  private note(m: Extract<ServerMessage, { type: 'refused' }>): void {
    if (!this.saved.refused.some((r) => r.seq === m.seq && r.code === m.code)) this.saved.refused.push({ seq: m.seq, code: m.code, message: m.message });
    this.persist();
  }
}
