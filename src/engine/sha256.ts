/**
 * SHA-256 of text (UTF-8), from @noble/hashes: audited, synchronous, and the same in Node and
 * the browser (SubtleCrypto is async; node:crypto is not in the browser).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

const BATCH_CHARS = 1 << 16;

/**
 * Incremental SHA-256 over UTF-8 text. Short pieces (one log line each) are gathered and hashed
 * in batches of about 64K characters: the same bytes in the same order, far fewer calls.
 */
export class Sha256 {
  private h = sha256.create();
  private pending: string[] = [];
  private pendingChars = 0;

  update(text: string): this {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BATCH_CHARS) this.flush();
    return this;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.h.update(utf8ToBytes(this.pending.join('')));
    this.pending = [];
    this.pendingChars = 0;
  }

  /** A copy that can be finished without finishing this one. */
  clone(): Sha256 {
    this.flush();
    const c = new Sha256();
    c.h = this.h.clone();
    return c;
  }

  digestHex(): string {
    this.flush();
    return bytesToHex(this.h.digest());
  }
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** JSON with object keys sorted, so a digest does not depend on key insertion order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k])).join(',') + '}';
}
