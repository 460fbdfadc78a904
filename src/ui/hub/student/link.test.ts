import { describe, expect, it } from 'vitest';
import type { AttemptInfo, EntryMessage, ServerMessage } from '../../../hub/protocol';
import { ExamLink, type KeyValueStore, type LinkTimers, type SocketLike } from './link';

/** A socket the test plays the hub on: it sees what the page sent and answers by hand. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closedByPage = false;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closedByPage = true;
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(m: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  entries(): EntryMessage[] {
    return this.sent.filter((m): m is EntryMessage => (m as { type: string }).type === 'entry');
  }
}

class MemoryStore implements KeyValueStore {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
}

class FakeTimers implements LinkTimers {
  t = 1_000_000;
  private queue: { at: number; cb: () => void; id: number }[] = [];
  private ids = 0;
  setTimeout(cb: () => void, ms: number) {
    const id = ++this.ids;
    this.queue.push({ at: this.t + ms, cb, id });
    return id;
  }
  clearTimeout(id: unknown) {
    this.queue = this.queue.filter((q) => q.id !== id);
  }
  now() {
    return this.t;
  }
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue[0];
      if (!next || next.at > end) break;
      this.queue.shift();
      this.t = next.at;
      next.cb();
    }
    this.t = end;
  }
}

const info = (acked: number, status: AttemptInfo['status'] = 'live'): AttemptInfo => ({
  attemptId: 'a1',
  examTitle: 'x',
  name: 'n',
  studentNo: 's',
  className: 'c',
  scenarioId: 'drill',
  scenarioYaml: '',
  seed: 1,
  engineVersion: '1',
  language: 'zh',
  timeLimitMs: 60_000,
  startedAt: 0,
  deadline: 60_000,
  status,
  acked,
  serverNow: 0,
});

function setup(store = new MemoryStore(), timers = new FakeTimers()) {
  const sockets: FakeSocket[] = [];
  const link = new ExamLink({
    key: 'outbox',
    token: 'tok',
    url: 'ws://hub/api/ws',
    storage: store,
    timers,
    connect: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
  });
  const last = () => sockets[sockets.length - 1];
  /** Open the newest socket and welcome it with what the hub holds. */
  const welcome = (acked: number, status: AttemptInfo['status'] = 'live') => {
    last().open();
    last().receive({ type: 'welcome', attempt: info(acked, status) });
  };
  return { link, sockets, last, welcome, store, timers };
}

const action = (t: number, type = 'say') => ({ kind: 'action' as const, action: { t, type, text: `line ${t}` } });

describe('the exam link', () => {
  it("hands the hub's new deadline (the teacher gave extra time) to its listeners", () => {
    const { link, last, welcome } = setup();
    const seen: unknown[] = [];
    link.onDeadline((m) => seen.push(m));
    link.start();
    welcome(0);
    last().receive({ type: 'deadline', deadline: 123_456, timeLimitMs: 540_000 });
    expect(seen).toEqual([{ type: 'deadline', deadline: 123_456, timeLimitMs: 540_000 }]);
    expect(link.status.closed).toBeNull();
  });

  it('says hello first, then sends entries in order with seq 1, 2, 3 …', () => {
    const { link, last, welcome } = setup();
    link.push(action(0, 'set_plan'), 0);
    link.start();
    welcome(0);
    link.push(action(100), 100);
    link.push({ kind: 'flag', flag: 'paste', chars: 40 }, 150);
    const sent = last().sent as { type: string }[];
    expect(sent[0]).toEqual({ type: 'hello', protocol: 1, token: 'tok' });
    const entries = last().entries();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries.map((e) => e.entry.kind)).toEqual(['action', 'action', 'flag']);
    expect(entries[1].simMs).toBe(100);
    expect(link.status).toMatchObject({ state: 'pending', pending: 3, total: 3, acked: 0 });
  });

  it('writes each entry to storage before sending it', () => {
    const { link, store, welcome } = setup();
    link.start();
    welcome(0);
    link.push(action(10), 10);
    const onDisk = (JSON.parse(store.getItem('outbox')!) as { entries: EntryMessage[] }).entries;
    expect(onDisk.map((e) => e.seq)).toEqual([1]);
  });

  it('drops an entry from the outbox only when the hub acknowledges it', () => {
    const { link, last, welcome, store } = setup();
    link.start();
    welcome(0);
    link.push(action(1), 1);
    link.push(action(2), 2);
    link.push(action(3), 3);
    last().receive({ type: 'ack', seq: 1 });
    expect(link.outbox.map((e) => e.seq)).toEqual([2, 3]);
    last().receive({ type: 'ack', seq: 2 });
    last().receive({ type: 'ack', seq: 3 });
    expect(link.outbox).toEqual([]);
    expect(link.status).toMatchObject({ state: 'synced', pending: 0, acked: 3, total: 3 });
    expect((JSON.parse(store.getItem('outbox')!) as { entries: unknown[] }).entries).toEqual([]);
  });

  it('keeps entries made offline and sends them after a reconnect, from the first unacknowledged', () => {
    const { link, sockets, last, welcome, timers } = setup();
    link.start();
    welcome(0);
    link.push(action(1), 1);
    last().receive({ type: 'ack', seq: 1 });
    link.push(action(2), 2); // sent, never acknowledged
    last().drop();
    expect(link.status.state).toBe('offline');
    link.push(action(3), 3);
    link.push(action(4), 4);
    expect(link.status).toMatchObject({ state: 'offline', pending: 3 });
    // Backoff: 1 s, then 2 s …
    timers.advance(999);
    expect(sockets).toHaveLength(1);
    timers.advance(1);
    expect(sockets).toHaveLength(2);
    last().drop();
    timers.advance(1999);
    expect(sockets).toHaveLength(2);
    timers.advance(1);
    expect(sockets).toHaveLength(3);
    welcome(1);
    expect(last().entries().map((e) => e.seq)).toEqual([2, 3, 4]);
    for (const seq of [2, 3, 4]) last().receive({ type: 'ack', seq });
    expect(link.status).toMatchObject({ state: 'synced', pending: 0, acked: 4 });
  });

  it('drops what the hub already holds on welcome (an ack lost with the connection)', () => {
    const { link, last, welcome, timers } = setup();
    link.start();
    welcome(0);
    link.push(action(1), 1);
    link.push(action(2), 2);
    last().drop();
    timers.advance(1000);
    welcome(2);
    expect(last().entries()).toEqual([]);
    expect(link.status).toMatchObject({ state: 'synced', pending: 0, acked: 2 });
  });

  it('backs off up to 10 s between reconnects and starts again at 1 s after a welcome', () => {
    const { link, sockets, last, welcome, timers } = setup();
    link.start();
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      last().drop();
      const n = sockets.length;
      let waited = 0;
      while (sockets.length === n) {
        timers.advance(500);
        waited += 500;
      }
      gaps.push(waited);
    }
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    welcome(0);
    last().drop();
    timers.advance(1000);
    expect(sockets.length).toBe(8);
    void link;
  });

  it('resends from the seq the hub expects after a gap, once per gap', () => {
    const { link, last, welcome } = setup();
    link.start();
    welcome(0);
    link.push(action(1), 1);
    link.push(action(2), 2);
    link.push(action(3), 3);
    const s = last();
    s.sent = [];
    // The hub lost 2 (say): it acks 1 and refuses 3 with a gap at 2.
    s.receive({ type: 'ack', seq: 1 });
    s.receive({ type: 'refused', seq: 3, code: 'gap', expected: 2, message: 'entry 2 is missing' });
    s.receive({ type: 'refused', seq: 4, code: 'gap', expected: 2, message: 'entry 2 is missing' });
    expect(s.entries().map((e) => e.seq)).toEqual([2, 3]);
    s.receive({ type: 'ack', seq: 2 });
    s.receive({ type: 'ack', seq: 3 });
    expect(link.status).toMatchObject({ state: 'synced', pending: 0, acked: 3 });
  });

  it('does not send a refused entry again and shows the refusal', () => {
    const { link, last, welcome, timers } = setup();
    link.start();
    welcome(0);
    link.push(action(1), 1);
    last().receive({ type: 'refused', seq: 1, code: 'closed', message: 'the attempt is over' });
    last().sent = [];
    link.push(action(2), 2);
    timers.advance(30_000);
    expect(last().entries()).toEqual([]);
    expect(link.status.refused).toEqual([{ seq: 1, code: 'closed', message: 'the attempt is over' }]);
    expect(link.status.closed).toEqual({ status: null, message: 'the attempt is over' });
  });

  it('drops an invalid entry and numbers the later ones on without a hole', () => {
    const { link, last, welcome } = setup();
    link.start();
    welcome(0);
    link.push(action(1), 1);
    link.push(action(2, 'bad'), 2);
    link.push(action(3), 3);
    const s = last();
    s.receive({ type: 'ack', seq: 1 });
    s.sent = [];
    s.receive({ type: 'refused', seq: 2, code: 'invalid', message: 'bad payload' });
    s.receive({ type: 'refused', seq: 3, code: 'gap', expected: 2, message: 'entry 2 is missing' });
    const resent = s.entries();
    expect(resent.map((e) => [e.seq, (e.entry as { action: { t: number } }).action.t])).toEqual([[2, 3]]);
    expect(link.push(action(4), 4)).toBe(3);
    expect(link.status.refused.map((r) => r.code)).toEqual(['invalid']);
  });

  it('treats a conflict as settled: the hub record stands, the entry leaves the outbox', () => {
    const { link, last, welcome } = setup();
    link.start();
    welcome(0);
    link.push(action(1), 1);
    last().receive({ type: 'refused', seq: 1, code: 'conflict', message: 'different entry' });
    expect(link.outbox).toEqual([]);
    expect(link.status.refused[0]).toMatchObject({ seq: 1, code: 'conflict' });
  });

  it('survives a reload: a new link on the same storage continues the seq counter and the outbox', () => {
    const store = new MemoryStore();
    const a = setup(store);
    a.link.start();
    a.welcome(0);
    a.link.push(action(1), 1);
    a.link.push(action(2), 2);
    a.last().receive({ type: 'ack', seq: 1 });
    a.link.push(action(3), 3);
    a.link.stop(); // the page goes away

    const b = setup(store);
    expect(b.link.outbox.map((e) => e.seq)).toEqual([2, 3]);
    b.link.push(action(4), 4);
    b.link.start();
    b.welcome(1);
    const seqs = b.last().entries().map((e) => e.seq);
    expect(seqs).toEqual([2, 3, 4]);
    expect(new Set(seqs).size).toBe(seqs.length);
    // The entries go out exactly as they were first made (same simMs, same wallMs): resends are idempotent.
    const first = a.sockets[0].entries().find((e) => e.seq === 2)!;
    expect(b.last().entries()[0]).toEqual(first);
    for (const seq of [2, 3, 4]) b.last().receive({ type: 'ack', seq });
    expect(b.link.status).toMatchObject({ state: 'synced', total: 4, acked: 4 });
  });

  it('never gives a seq twice, across reloads, reconnects and resends', () => {
    const store = new MemoryStore();
    const given: number[] = [];
    let hubHeld = 0;
    for (let page = 0; page < 4; page++) {
      const p = setup(store);
      p.link.start();
      p.welcome(hubHeld);
      for (let i = 0; i < 5; i++) given.push(p.link.push(action(page * 10 + i), page * 10 + i));
      // The hub takes three of what was sent, then the page goes away.
      for (const e of p.last().entries().slice(0, 3)) {
        expect(e.seq).toBe(hubHeld + 1);
        hubHeld = e.seq;
        p.last().receive({ type: 'ack', seq: e.seq });
      }
      p.link.stop();
    }
    expect(given).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const last = setup(store);
    expect(last.link.outbox.map((e) => e.seq)).toEqual(Array.from({ length: 20 - hubHeld }, (_, i) => hubHeld + i + 1));
  });

  it('drops a silent connection and reconnects', () => {
    const { link, sockets, last, welcome, timers } = setup();
    link.start();
    welcome(0);
    expect(link.status.state).toBe('synced');
    // Pings go unanswered (the network vanished without closing the socket).
    timers.advance(15_000);
    expect(link.status.state).toBe('offline');
    expect(sockets[0].closedByPage).toBe(true);
    timers.advance(1000);
    expect(sockets.length).toBe(2);
    void last;
  });

  it('stops for good on a bad token', () => {
    const { link, sockets, last, timers } = setup();
    link.start();
    last().open();
    last().receive({ type: 'error', message: 'this exam link is not valid: join again with the code' });
    last().drop(4001);
    timers.advance(60_000);
    expect(sockets.length).toBe(1);
    expect(link.status.fatal).toMatch(/not valid/);
  });

  it('passes the hub close on, and stops sending', () => {
    const { link, last, welcome } = setup();
    link.start();
    welcome(0);
    last().receive({ type: 'closed', status: 'closed', message: 'the teacher ended the exam' });
    last().sent = [];
    link.push({ kind: 'finish' }, 5);
    expect(last().entries()).toEqual([]);
    expect(link.status.closed).toEqual({ status: 'closed', message: 'the teacher ended the exam' });
  });
});
