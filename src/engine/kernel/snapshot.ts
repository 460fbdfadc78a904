/**
 * Encoding the state as JSON and back. The state is plain data — objects, arrays, numbers,
 * strings, booleans, Maps, Sets, typed arrays, the PRNG state and the viewer pool's columns —
 * and this codec gives each of those a JSON form that decodes to an equal value (non-finite
 * numbers and -0 included), so a restored run continues byte for byte.
 *
 * Tagged forms are objects with one `$`-key: { $n }, { $u }, { $map }, { $set }, { $ta, v },
 * { $rng }, { $pool }, and { $o } for a plain object that has `$`-keys of its own (an action's
 * payload may carry any key).
 */
import { Rng } from '../rng';
import { ViewerPool, type ViewerPoolData } from '../audience/pool';

const TYPED = { Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array } as const;
type TypedName = keyof typeof TYPED;

function num(n: number): unknown {
  if (Number.isFinite(n)) return Object.is(n, -0) ? { $n: '-0' } : n;
  return { $n: String(n) };
}

export function encode(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return num(v);
  if (v === undefined) return { $u: 1 };
  if (Array.isArray(v)) return v.map(encode);
  if (v instanceof Map) return { $map: [...v].map(([k, x]) => [encode(k), encode(x)]) };
  if (v instanceof Set) return { $set: [...v].map(encode) };
  if (v instanceof Rng) return { $rng: [...v.state()] };
  if (v instanceof ViewerPool) return { $pool: encode(v.toData()) };
  if (ArrayBuffer.isView(v)) {
    const name = v.constructor.name as TypedName;
    if (!(name in TYPED)) throw new Error(`cannot snapshot a ${name}`);
    return { $ta: name, v: Array.from(v as unknown as ArrayLike<number>, num) };
  }
  if (typeof v === 'object') {
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) throw new Error(`cannot snapshot an instance of ${(v as object).constructor?.name}`);
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, encode(x)] as const);
    if (entries.some(([k]) => k.startsWith('$'))) return { $o: entries };
    return Object.fromEntries(entries);
  }
  throw new Error(`cannot snapshot a ${typeof v}`);
}

function denum(x: unknown): number {
  if (typeof x === 'number') return x;
  const tag = (x as { $n?: string }).$n;
  if (tag === '-0') return -0;
  if (tag === 'Infinity') return Infinity;
  if (tag === '-Infinity') return -Infinity;
  if (tag === 'NaN') return NaN;
  throw new Error('bad number in snapshot');
}

export function decode(x: unknown): unknown {
  if (x === null || typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number') return x;
  if (Array.isArray(x)) return x.map(decode);
  if (typeof x !== 'object') throw new Error('bad value in snapshot');
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length >= 1 && keys[0].startsWith('$')) {
    const tag = keys[0];
    switch (tag) {
      case '$n':
        return denum(o);
      case '$u':
        return undefined;
      case '$map':
        return new Map((o.$map as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]));
      case '$set':
        return new Set((o.$set as unknown[]).map(decode));
      case '$rng':
        return Rng.fromState(o.$rng as number[]);
      case '$pool':
        return ViewerPool.fromData(decode(o.$pool) as ViewerPoolData);
      case '$ta': {
        const name = o.$ta as TypedName;
        if (!Object.hasOwn(TYPED, name)) throw new Error(`bad typed array ${String(name)} in snapshot`);
        return TYPED[name].from((o.v as unknown[]).map(denum));
      }
      case '$o':
        return plainObject((o.$o as [string, unknown][]).map(([k, v]) => [k, decode(v)]));
      default:
        throw new Error(`unknown tag ${tag} in snapshot`);
    }
  }
  return plainObject(keys.map((k) => [k, decode(o[k])]));
}

/**
 * An object with these own properties, built by assignment so that V8 keeps it in fast mode
 * (the hot loop reads restored products and coupons as often as fresh ones). A key named
 * "__proto__" becomes an own property, never the prototype.
 */
function plainObject(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}
