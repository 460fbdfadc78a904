/**
 * Safe Exam Browser (SEB) for an exam that requires it: the settings file the hub generates (a
 * `.seb` file, an unencrypted XML property list), its Config Key, and the check of the
 * `X-SafeExamBrowser-ConfigKeyHash` header SEB adds to its requests.
 *
 * The Config Key is computed as SEB computes it from the file it opened (SEB's developer page
 * "Config Key", safeexambrowser.org/developer/seb-config-key.html; the same steps in SEB for
 * Windows, SafeExamBrowser.Configuration/ConfigurationData/Json.cs, and in Moodle's
 * quizaccess_seb, classes/config_key.php and classes/property_list.php):
 *   1. drop the key `originatorVersion` (metadata, not a setting);
 *   2. serialise the dictionary as "SEB-JSON": no whitespace; the keys of every dictionary (the root,
 *      nested ones and those inside arrays) sorted case-insensitively and culture-invariantly;
 *      dictionaries without entries left out; booleans `true`/`false`, integers in decimal; data as
 *      Base64; strings as UTF-8 with no escaping except `"` as `\"` (a backslash stays one backslash);
 *   3. SHA-256 of that UTF-8 text, as lower-case hex: the Config Key.
 * SEB then sends, with each request, SHA-256 hex of (the absolute request URL without its
 * fragment + the Config Key); the hub computes the same from the URL the request was made to and
 * compares (as Moodle's quizaccess_seb does).
 *
 * The ordering: SEB for Windows sorts with .NET's InvariantCulture comparer, Moodle with ICU's root
 * collation; for keys of ASCII letters and digits, as every key the hub writes, both come to: compare
 * the lower-cased keys, and between keys that differ only in case, the lower-case letter first
 * (`allowWlan` before `allowWLAN`). That is `compareKeys` below.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type PlistValue = boolean | number | string | Uint8Array | PlistValue[] | PlistDict;
export interface PlistDict {
  [key: string]: PlistValue;
}

/** The header SEB adds to every request when `sendBrowserExamKey` is on. */
export const SEB_HEADER = 'x-safeexambrowser-configkeyhash';

/** What a student sees when a request for an exam that requires SEB is not from SEB with its file. */
export const SEB_REFUSAL =
  '这场考试必须在 Safe Exam Browser（安全考试浏览器）中进行：请用老师提供的 .seb 文件启动 Safe Exam Browser，再加入考试。 / ' +
  'This exam must be taken in Safe Exam Browser: start Safe Exam Browser with the .seb file from your teacher, then join.';

const isDict = (v: PlistValue): v is PlistDict => typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);

/** SEB-JSON key order: case-insensitive, and the lower-case letter first where keys differ only in case. */
export function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  // Same letters: at the first difference, the lower-case one (the higher code) goes first.
  return a === b ? 0 : a > b ? -1 : 1;
}

function jsonValue(v: PlistValue): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`SEB settings: only whole numbers are written (got ${v})`);
    return String(v);
  }
  if (typeof v === 'string') return `"${v.replace(/"/g, '\\"')}"`;
  if (v instanceof Uint8Array) return `"${Buffer.from(v).toString('base64')}"`;
  if (Array.isArray(v)) return `[${v.map(jsonValue).join(',')}]`;
  return jsonDict(v, false);
}

function jsonDict(d: PlistDict, root: boolean): string {
  const keys = Object.keys(d)
    .filter((k) => !(root && k === 'originatorVersion'))
    .filter((k) => !(isDict(d[k]) && Object.keys(d[k]).length === 0))
    .sort(compareKeys);
  return `{${keys.map((k) => `"${k.replace(/"/g, '\\"')}":${jsonValue(d[k])}`).join(',')}}`;
}

/** The settings as SEB-JSON, the text SEB hashes for the Config Key. */
export function sebJson(settings: PlistDict): string {
  return jsonDict(settings, true);
}

const sha256hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The Config Key of these settings (64 lower-case hex characters). */
export function configKey(settings: PlistDict): string {
  return sha256hex(sebJson(settings));
}

/** What SEB sends in X-SafeExamBrowser-ConfigKeyHash for a request to this URL. */
export function configKeyHash(url: string, key: string): string {
  const hash = url.indexOf('#');
  return sha256hex((hash < 0 ? url : url.slice(0, hash)) + key);
}

// ---------------------------------------------------------------------------------------------
// The .seb file

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function plistValue(v: PlistValue, indent: string): string {
  if (typeof v === 'boolean') return `${indent}<${v}/>`;
  if (typeof v === 'number') return `${indent}<integer>${v}</integer>`;
  if (typeof v === 'string') return `${indent}<string>${xmlText(v)}</string>`;
  if (v instanceof Uint8Array) return `${indent}<data>${Buffer.from(v).toString('base64')}</data>`;
  if (Array.isArray(v)) return v.length === 0 ? `${indent}<array/>` : `${indent}<array>\n${v.map((x) => plistValue(x, `${indent}\t`)).join('\n')}\n${indent}</array>`;
  const keys = Object.keys(v).sort(compareKeys);
  if (keys.length === 0) return `${indent}<dict/>`;
  return `${indent}<dict>\n${keys.map((k) => `${indent}\t<key>${xmlText(k)}</key>\n${plistValue(v[k], `${indent}\t`)}`).join('\n')}\n${indent}</dict>`;
}

/** The settings as an XML property list: the content of a .seb file. */
export function plistXml(settings: PlistDict): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    plistValue(settings, ''),
    '</plist>',
    '',
  ].join('\n');
}

/**
 * An exam's SEB settings: SEB opens the exam's join page, sends the Config Key hash with every
 * request, allows only the hub's own pages, runs no other application, and may be quit (no quit
 * password: the exam itself refuses any browser but SEB, so quitting only ends the student's own
 * session). Every key is a documented SEB setting; keys left out keep SEB's safe defaults.
 */
export function examSettings(startUrl: string): PlistDict {
  const origin = new URL(startUrl).origin;
  return {
    sebConfigPurpose: 0, // starting an exam (not configuring the client)
    startURL: startUrl,
    sendBrowserExamKey: true,
    allowQuit: true,
    quitURLConfirm: true,
    allowPreferencesWindow: false,
    allowSwitchToApplications: false,
    permittedProcesses: [],
    browserWindowAllowReload: true,
    showReloadButton: true,
    showReloadWarning: true,
    allowSpellCheck: false,
    allowDownUploads: false,
    URLFilterEnable: true,
    URLFilterEnableContentFilter: false,
    URLFilterRules: [
      { action: 1, active: true, expression: origin, regex: false },
      { action: 1, active: true, expression: `${origin}/*`, regex: false },
    ],
  };
}

/** The .seb file of an exam whose join page is `startUrl`, and its Config Key. */
export function examSebFile(startUrl: string): { xml: string; configKey: string } {
  const settings = examSettings(startUrl);
  return { xml: plistXml(settings), configKey: configKey(settings) };
}

// ---------------------------------------------------------------------------------------------
// The check

/**
 * The absolute URLs a request may have been made to, as SEB hashed it. SEB hashes the URL the
 * browser requested; the hub sees the path and query (`path`, the request target exactly as sent)
 * and the Host header. It accepts the URL under its public address (`--url`: right behind a proxy,
 * whose Host header and scheme the hub cannot trust or see) and under the Host the request names,
 * with http or https (https only through a proxy: the hub itself speaks plain http). A WebSocket's
 * URL is the same with ws/wss.
 */
export function requestUrls(r: { path: string; host: string | undefined; publicUrl: string; websocket?: boolean }): string[] {
  const origins = new Set<string>();
  try {
    origins.add(new URL(r.publicUrl).origin);
  } catch {
    // no public address yet
  }
  if (r.host && /^[A-Za-z0-9.:[\]-]+$/.test(r.host)) for (const scheme of ['http', 'https']) origins.add(`${scheme}://${r.host.toLowerCase()}`);
  const urls: string[] = [];
  for (const o of origins) {
    urls.push(o + r.path);
    if (r.websocket) urls.push(o.replace(/^http/, 'ws') + r.path);
  }
  return urls;
}

/** Does the header carry the Config Key hash of one of these URLs? */
export function sebHeaderValid(header: string | string[] | undefined, urls: readonly string[], key: string): boolean {
  if (typeof header !== 'string' || !/^[0-9a-fA-F]{64}$/.test(header.trim())) return false;
  const got = Buffer.from(header.trim().toLowerCase(), 'hex');
  return urls.some((u) => timingSafeEqual(got, Buffer.from(configKeyHash(u, key), 'hex')));
}
