/**
 * What a scenario file's bytes are: UTF-8 (with or without a byte-order mark) is read; UTF-16,
 * GBK/GB18030 (what Windows editors often save) and binary files are named, with the advice to
 * save the file as UTF-8. TextDecoder (with 'gb18030') is in Node and in every browser.
 */

export type Decoded = { ok: true; text: string } | { ok: false; line: number; col: number; message: string };

const SAVE_AS = 'save it as UTF-8 (in Notepad: File › Save as › Encoding: UTF-8; in VS Code: the encoding in the status bar › Save with encoding › UTF-8)';

/** UTF-16 without a byte-order mark: a YAML file is mostly ASCII, so every other byte is 0. */
function utf16Guess(bytes: Uint8Array): 'LE' | 'BE' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'LE';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'BE';
  return null;
}

/** Offset of the first byte that is not valid UTF-8 (or -1). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Line and column (from 1) of a byte offset, counting characters of the valid text before it. */
function position(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, col: [...before].length + 1 };
}

/** How many CJK ideographs a text has (to tell GBK from random bytes). */
const cjkCount = (s: string) => (s.match(/[\u4e00-\u9fff]/g) ?? []).length;

/** Decode a scenario file's bytes, or say which encoding it is in and what to do. */
export function decodeScenarioBytes(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: false, line: 1, col: 1, message: `this file is saved as UTF-16 LE (a "Unicode" file); ${SAVE_AS}` };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: false, line: 1, col: 1, message: `this file is saved as UTF-16 BE; ${SAVE_AS}` };
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3); // UTF-8 byte-order mark: fine
  const u16 = utf16Guess(body);
  if (u16) return { ok: false, line: 1, col: 1, message: `this file is saved as UTF-16 ${u16} (a "Unicode" file without a byte-order mark); ${SAVE_AS}` };
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const { line, col } = position(body, bad);
    let gb: string | null;
    try {
      gb = new TextDecoder('gb18030', { fatal: true }).decode(body);
    } catch {
      gb = null;
    }
    if (gb !== null && cjkCount(gb) > 0) {
      return { ok: false, line, col, message: `this file is saved as GBK/GB18030 (a Chinese Windows encoding), not UTF-8; ${SAVE_AS}` };
    }
    return { ok: false, line, col, message: `this file is not valid UTF-8 text (byte ${bad + 1} cannot be read); ${SAVE_AS}` };
  }
  const text = new TextDecoder('utf-8').decode(body);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const { line, col } = position(body, new TextEncoder().encode(text.slice(0, nul)).length);
    return { ok: false, line, col, message: 'this file contains a NUL character: it is not a text file (a scenario is a .yaml text file)' };
  }
  return { ok: true, text };
}
