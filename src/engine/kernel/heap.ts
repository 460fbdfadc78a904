/**
 * A binary min-heap over a plain array, ordered by (t, seq). Plain data in, plain data out:
 * the array itself is what a snapshot stores. Push and pop are O(log n).
 */
export interface Keyed {
  t: number;
  seq: number;
}

const before = (a: Keyed, b: Keyed) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

export function heapPush<T extends Keyed>(h: T[], item: T): void {
  let i = h.length;
  h.push(item);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(item, h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = item;
}

export function heapPop<T extends Keyed>(h: T[]): T | undefined {
  if (h.length === 0) return undefined;
  const top = h[0];
  const last = h.pop()!;
  if (h.length > 0) {
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r], h[l]) ? r : l;
      if (!before(h[c], last)) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
  }
  return top;
}

/** The items in (t, seq) order, without changing the heap. */
export function heapSorted<T extends Keyed>(h: readonly T[]): T[] {
  return [...h].sort((a, b) => a.t - b.t || a.seq - b.seq);
}
