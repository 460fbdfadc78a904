/**
 * The viewers in the room, stored as typed-array columns indexed by slot.
 *
 * A room of 10,000 concurrent viewers over an hour sees hundreds of thousands
 * of visits; objects per viewer would dominate time and heap. Slots are reused
 * after a viewer leaves; the viewer id (never reused) is what the log refers to.
 *
 * Each viewer acts at its own next decision time, kept in a timing wheel: one
 * linked list of slots per tick, WHEEL_TICKS ticks ahead. The cost of a tick
 * follows the number of viewers who act in it, not the number present, and
 * scheduling is O(1). A slot is in at most one list: it is scheduled only after
 * it was popped (or when it arrives), and a viewer removed while scheduled stays
 * in its list as a "zombie" until popped, so its slot is never reused early.
 */

export const F_PRESENT = 1 << 0;
export const F_ENGAGED = 1 << 1; // did not bounce
export const F_FOLLOWED = 1 << 2;
export const F_FAN = 1 << 3;
export const F_GREETED = 1 << 4;
export const F_ANSWERED = 1 << 5;
export const F_NOTABLE = 1 << 6; // appears individually in the log
export const F_CLICKED = 1 << 7;
export const F_BOUGHT = 1 << 8;
export const F_LUCKY = 1 << 9; // entered the current lucky bag
export const F_CLAIMED = 1 << 10; // claimed the current coupon(s)
export const F_GRABBED = 1 << 11; // grabbed the current red packet
export const F_WAVE_TROLL = 1 << 12; // part of a scripted troll wave
export const F_VIP = 1 << 13;
export const F_SCRIPTED = 1 << 14;
export const F_MISLED = 1 << 15; // got a wrong answer
export const F_COMPLAINER = 1 << 16; // part of a quality complaint pile-on
export const F_INTERACTED = 1 << 20; // counted once in the interaction rate
export const F_BUYER = 1 << 21; // counted once among buyers

export const PHASE_WATCHING = 0;
export const PHASE_CONSIDERING = 1; // opened a product, deciding
export const PHASE_PAYING = 2; // placed an order, paying

/** How far ahead a viewer can be scheduled: 1024 ticks = 102.4 s. Longer delays are clamped. */
export const WHEEL_TICKS = 1024;
const WHEEL_MASK = WHEEL_TICKS - 1;
const MAX_SLOTS = 1 << 22;

/** The pool as plain data (kernel/snapshot.ts): the columns up to the slots in use. */
export interface ViewerPoolData {
  capacity: number;
  used: number;
  online: number;
  freeTop: number;
  wheelTick: number;
  buckets: Int32Array;
  columns: Record<Column, Int32Array | Uint8Array | Uint32Array | Float32Array | Int16Array>;
}

const COLUMNS = ['freeList', 'vid', 'persona', 'arrived', 'lastDecision', 'sched', 'flags', 'trust', 'phase', 'target', 'order', 'question', 'askedAt', 'flashBought', 'exposure', 'next'] as const;
type Column = (typeof COLUMNS)[number];

export class ViewerPool {
  capacity: number;
  /** Slots ever used; slots below this are either present or on the free list. */
  used = 0;
  online = 0;
  private freeList: Int32Array;
  private freeTop = 0;

  vid: Int32Array;
  persona: Uint8Array;
  arrived: Int32Array;
  lastDecision: Int32Array;
  sched: Int32Array;
  flags: Uint32Array;
  trust: Float32Array;
  phase: Uint8Array;
  target: Int16Array; // product index being considered or ordered
  order: Int32Array; // order number awaiting payment
  question: Int32Array; // event id of this viewer's open question, or -1
  askedAt: Int32Array; // when that question was asked
  flashBought: Uint8Array;
  /** Seconds this viewer has watched a product being presented (explained, its card up, its flash sale on): warms them up to stay and buy. */
  exposure: Float32Array;

  private next: Int32Array; // next slot in the same wheel bucket, or -1
  private buckets = new Int32Array(WHEEL_TICKS).fill(-1);
  /** The tick whose bucket was drained last: scheduling must be for a later tick. */
  private wheelTick = 0;

  constructor(initial = 1024) {
    this.capacity = initial;
    this.freeList = new Int32Array(initial);
    this.vid = new Int32Array(initial);
    this.persona = new Uint8Array(initial);
    this.arrived = new Int32Array(initial);
    this.lastDecision = new Int32Array(initial);
    this.sched = new Int32Array(initial);
    this.flags = new Uint32Array(initial);
    this.trust = new Float32Array(initial);
    this.phase = new Uint8Array(initial);
    this.target = new Int16Array(initial);
    this.order = new Int32Array(initial);
    this.question = new Int32Array(initial);
    this.askedAt = new Int32Array(initial);
    this.flashBought = new Uint8Array(initial);
    this.exposure = new Float32Array(initial);
    this.next = new Int32Array(initial).fill(-1);
  }

  private grow(): void {
    const cap = this.capacity * 2;
    if (cap > MAX_SLOTS) throw new Error('viewer pool is full (over 4 million concurrent viewers)');
    const g = <T extends Int32Array | Uint8Array | Uint32Array | Float32Array | Int16Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.freeList = g(this.freeList);
    this.vid = g(this.vid);
    this.persona = g(this.persona);
    this.arrived = g(this.arrived);
    this.lastDecision = g(this.lastDecision);
    this.sched = g(this.sched);
    this.flags = g(this.flags);
    this.trust = g(this.trust);
    this.phase = g(this.phase);
    this.target = g(this.target);
    this.order = g(this.order);
    this.question = g(this.question);
    this.askedAt = g(this.askedAt);
    this.flashBought = g(this.flashBought);
    this.exposure = g(this.exposure);
    const next = new Int32Array(cap).fill(-1);
    next.set(this.next);
    this.next = next;
    this.capacity = cap;
  }

  toData(): ViewerPoolData {
    const columns = {} as ViewerPoolData['columns'];
    for (const c of COLUMNS) columns[c] = this[c].slice(0, c === 'freeList' ? this.freeTop : this.used);
    return { capacity: this.capacity, used: this.used, online: this.online, freeTop: this.freeTop, wheelTick: this.wheelTick, buckets: this.buckets.slice(), columns };
  }

  static fromData(d: ViewerPoolData): ViewerPool {
    const pool = new ViewerPool(d.capacity);
    for (const c of COLUMNS) pool[c].set(d.columns[c] as never);
    pool.used = d.used;
    pool.online = d.online;
    pool.freeTop = d.freeTop;
    pool.wheelTick = d.wheelTick;
    pool.buckets.set(d.buckets);
    return pool;
  }

  /** Take a slot for a new viewer; the caller sets its columns. */
  add(vid: number, persona: number, now: number): number {
    let slot: number;
    if (this.freeTop > 0) slot = this.freeList[--this.freeTop];
    else {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    this.vid[slot] = vid;
    this.persona[slot] = persona;
    this.arrived[slot] = now;
    this.lastDecision[slot] = now;
    this.sched[slot] = -1;
    this.flags[slot] = F_PRESENT;
    this.trust[slot] = 0;
    this.phase[slot] = PHASE_WATCHING;
    this.target[slot] = -1;
    this.order[slot] = -1;
    this.question[slot] = -1;
    this.flashBought[slot] = 0;
    this.exposure[slot] = 0;
    this.online++;
    return slot;
  }

  remove(slot: number): void {
    this.flags[slot] = 0;
    this.online--;
    // Still in a wheel bucket: free the slot when the bucket is drained, not before.
    if (this.sched[slot] < 0) this.freeList[this.freeTop++] = slot;
  }

  isPresent(slot: number): boolean {
    return (this.flags[slot] & F_PRESENT) !== 0;
  }

  /** Schedule the viewer's next decision at the given tick. The viewer must not be scheduled already. */
  schedule(slot: number, tick: number): void {
    if (this.sched[slot] >= 0) throw new Error(`viewer slot ${slot} is already scheduled`);
    if (tick <= this.wheelTick) tick = this.wheelTick + 1;
    else if (tick - this.wheelTick >= WHEEL_TICKS) tick = this.wheelTick + WHEEL_TICKS - 1;
    this.sched[slot] = tick;
    const b = tick & WHEEL_MASK;
    this.next[slot] = this.buckets[b];
    this.buckets[b] = slot;
  }

  /**
   * Take the whole list of viewers due at `tick` (call once per tick, in order).
   * Returns the first slot; walk it with nextDue(). Zombie slots are freed and skipped.
   */
  takeDue(tick: number): number {
    this.wheelTick = tick;
    const b = tick & WHEEL_MASK;
    const head = this.buckets[b];
    this.buckets[b] = -1;
    return this.skipZombies(head);
  }

  nextDue(slot: number): number {
    const n = this.next[slot];
    this.next[slot] = -1;
    return this.skipZombies(n);
  }

  private skipZombies(slot: number): number {
    while (slot >= 0) {
      this.sched[slot] = -1;
      if ((this.flags[slot] & F_PRESENT) !== 0) return slot;
      const n = this.next[slot];
      this.next[slot] = -1;
      this.freeList[this.freeTop++] = slot;
      slot = n;
    }
    return -1;
  }
}
