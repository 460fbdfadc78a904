/**
 * Safe Exam Browser per exam (src/hub/seb.ts): the Config Key as SEB computes it, the .seb file
 * the hub writes, and the X-SafeExamBrowser-ConfigKeyHash check on every student request of an
 * exam that requires SEB (POST /api/join, /api/attempt*, the WebSocket), with headers computed here
 * as SEB computes them: SHA-256 hex of (the absolute URL + the Config Key).
 *
 * The Config Key is tested by its properties and by SEB-JSON strings written out by hand from SEB's
 * specification (no published settings/key pair small enough to keep here). The implementation was
 * also checked, outside this suite, against the SEB-JSON of a real SEB 2.1.4 (macOS) settings file
 * and the Config Key SEB gave it (Moodle's quizaccess_seb fixtures JSON_unencrypted_mac_001.txt and
 * unencrypted_mac_001.seb, key 4fa9af8e…9292): same text, same key.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Db } from '../../../src/hub/db/db';
import type { Hub, Teacher } from '../../../src/hub/hub';
import { HUB_PROTOCOL, type ServerMessage } from '../../../src/hub/protocol';
import { compareKeys, configKey, configKeyHash, examSettings, plistXml, requestUrls, SEB_REFUSAL, sebJson, type PlistDict, type PlistValue } from '../../../src/hub/seb';
import { buildServer, SESSION_COOKIE } from '../../../src/hub/server';
import { DRILL_ID, makeHub, makeSession, makeTeacher, removeTempDirs } from './helpers';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

// ---------------------------------------------------------------------------------------------
// A small reader of the plists the hub writes (dict, array, string, integer, true/false, data), to
// check that what SEB reads from the file gives the key the hub stored.

function readPlist(xml: string): PlistValue {
  // Tags and text; the whitespace between tags goes (the hub writes no blank strings).
  const tokens = xml
    .replace(/<\?xml[^>]*\?>|<!DOCTYPE[^>]*>/g, '')
    .match(/<[^>]+>|[^<]+/g)!
    .filter((t) => t.trim() !== '');
  let i = 0;
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const text = (close: string) => {
    let s = '';
    while (tokens[i] !== close) s += tokens[i++];
    i++;
    return unescape(s);
  };
  const value = (): PlistValue => {
    const t = tokens[i++];
    if (t === '<true/>') return true;
    if (t === '<false/>') return false;
    if (t === '<array/>') return [];
    if (t === '<dict/>') return {};
    if (t === '<string>') return text('</string>');
    if (t === '<string/>') return '';
    if (t === '<integer>') return Number(text('</integer>'));
    if (t === '<data>') return new Uint8Array(Buffer.from(text('</data>'), 'base64'));
    if (t === '<array>') {
      const a: PlistValue[] = [];
      while (tokens[i] !== '</array>') a.push(value());
      i++;
      return a;
    }
    if (t === '<dict>') {
      const d: PlistDict = {};
      while (tokens[i] !== '</dict>') {
        i++; // <key>
        const k = text('</key>');
        d[k] = value();
      }
      i++;
      return d;
    }
    throw new Error(`unexpected ${t}`);
  };
  i = tokens.indexOf('<plist version="1.0">') + 1;
  return value();
}

// ---------------------------------------------------------------------------------------------

describe('the Config Key', () => {
  it('serialises SEB-JSON as specified: sorted case-insensitively at every level, no whitespace, data as Base64, only quotes escaped', () => {
    const settings: PlistDict = {
      zoomMode: 0,
      URLFilterRules: [{ regex: false, expression: 'hub.test/*', active: true, action: 1 }],
      urlFilterRegex: true,
      URLFilterEnable: true,
      allowPDFPlugIn: false,
      allowiOSBetaVersionNumber: 0,
      allowFlashFullscreen: false,
      allowWLAN: true,
      allowWlan: false,
      originatorVersion: 'SEB_Win_3.7.0',
      proxies: { HTTPSEnable: false, HTTPEnable: false, ExceptionsList: [] },
      emptyThing: {},
      examKeySalt: new Uint8Array([0, 1, 2, 250, 251, 252]),
      exitKey1: 2,
      startURL: 'http://10.0.0.5:8080/?join=ABC234',
      whitelistURLFilter: '^.*?:\\/\\/hub\\.test\\/.*?$',
      quitText: 'say "bye" — 再见',
    };
    expect(sebJson(settings)).toBe(
      '{"allowFlashFullscreen":false,"allowiOSBetaVersionNumber":0,"allowPDFPlugIn":false,"allowWlan":false,"allowWLAN":true,' +
        '"examKeySalt":"AAEC+vv8","exitKey1":2,"proxies":{"ExceptionsList":[],"HTTPEnable":false,"HTTPSEnable":false},' +
        '"quitText":"say \\"bye\\" — 再见","startURL":"http://10.0.0.5:8080/?join=ABC234",' +
        '"URLFilterEnable":true,"urlFilterRegex":true,"URLFilterRules":[{"action":1,"active":true,"expression":"hub.test/*","regex":false}],' +
        '"whitelistURLFilter":"^.*?:\\/\\/hub\\.test\\/.*?$","zoomMode":0}',
    );
    expect(configKey(settings)).toBe(sha256(sebJson(settings)));
    expect(configKey(settings)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of keys, at the root or nested', () => {
    const a: PlistDict = { b: 1, A: true, c: { y: 'y', X: 'x' }, d: [{ q: 1, P: 2 }] };
    const b: PlistDict = { d: [{ P: 2, q: 1 }], c: { X: 'x', y: 'y' }, A: true, b: 1 };
    expect(configKey(a)).toBe(configKey(b));
    expect(sebJson(a)).toBe('{"A":true,"b":1,"c":{"X":"x","y":"y"},"d":[{"P":2,"q":1}]}');
    // …but on the values, and on the order of an array's items.
    expect(configKey({ ...a, b: 2 })).not.toBe(configKey(a));
    expect(configKey({ ...a, d: [{ q: 1, P: 2 }, 3] })).not.toBe(configKey({ ...a, d: [3, { q: 1, P: 2 }] }));
  });

  it('leaves out originatorVersion (and dictionaries without entries)', () => {
    const s = examSettings('http://10.0.0.5:8080/?join=ABC234');
    expect(configKey({ ...s, originatorVersion: 'SEB_OSX_3.4' })).toBe(configKey(s));
    expect(configKey({ ...s, originatorVersion: 'livesim' })).toBe(configKey(s));
    expect(configKey({ ...s, nothing: {} })).toBe(configKey(s));
    expect(configKey({})).toBe(sha256('{}'));
  });

  it('orders keys as a culture-invariant, case-insensitive collation does (ICU root, as Moodle sorts)', () => {
    const collator = new Intl.Collator('und');
    const keys = [...Object.keys(examSettings('http://h/')), 'allowWlan', 'allowWLAN', 'allowiOSBetaVersionNumber', 'allowPDFPlugIn', 'URLFilterRules', 'urlFilterRegex', 'exitKey1', 'exitKey10', 'exitKey2', 'browserUserAgentiOS', 'browserUserAgentMac'];
    expect([...keys].sort(compareKeys)).toEqual([...keys].sort((x, y) => collator.compare(x, y)));
    expect(['allowWLAN', 'allowWlan'].sort(compareKeys)).toEqual(['allowWlan', 'allowWLAN']);
  });

  it('the header for a URL is SHA-256 hex of the URL without its fragment, then the key', () => {
    const key = 'a'.repeat(64);
    expect(configKeyHash('http://h/x?y=1', key)).toBe(sha256(`http://h/x?y=1${key}`));
    expect(configKeyHash('http://h/x?y=1#part', key)).toBe(configKeyHash('http://h/x?y=1', key));
  });
});

describe('the .seb file', () => {
  const join = 'http://10.0.0.5:8080/?join=ABC234';

  it('is an XML property list SEB reads back to the same settings and Config Key', () => {
    const settings = examSettings(join);
    const xml = plistXml(settings);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"')).toBe(true);
    const back = readPlist(xml);
    expect(back).toEqual(settings);
    expect(configKey(back as PlistDict)).toBe(configKey(settings));
  });

  it('starts at the join page, sends the keys, allows only the hub, runs no other application and may be quit', () => {
    const s = examSettings(join);
    expect(s).toMatchObject({ startURL: join, sendBrowserExamKey: true, allowQuit: true, URLFilterEnable: true, permittedProcesses: [], allowSwitchToApplications: false, sebConfigPurpose: 0 });
    expect((s.URLFilterRules as PlistDict[]).map((r) => [r.action, r.expression])).toEqual([
      [1, 'http://10.0.0.5:8080'],
      [1, 'http://10.0.0.5:8080/*'],
    ]);
    expect(plistXml(examSettings('http://h/?join=A&b=<c>'))).toContain('<string>http://h/?join=A&amp;b=&lt;c&gt;</string>');
  });
});

describe('the URLs a request may have been made to', () => {
  it('under the public address and under the Host the request names (http or https; ws/wss for the socket)', () => {
    expect(requestUrls({ path: '/api/join', host: 'Hub.Test:8080', publicUrl: 'https://exams.school.example/' })).toEqual(['https://exams.school.example/api/join', 'http://hub.test:8080/api/join', 'https://hub.test:8080/api/join']);
    expect(requestUrls({ path: '/api/ws', host: 'h:1', publicUrl: 'http://h:1', websocket: true })).toEqual(['http://h:1/api/ws', 'ws://h:1/api/ws', 'https://h:1/api/ws', 'wss://h:1/api/ws']);
    // A Host header that is not a host name is not used.
    expect(requestUrls({ path: '/x', host: 'evil/../x', publicUrl: 'http://h' })).toEqual(['http://h/x']);
  });
});

// ---------------------------------------------------------------------------------------------
// The hub's check

const PUBLIC = 'http://10.0.0.5:8080';
const HOST = '10.0.0.5:8080';

let hub: Hub;
let db: Db;
let app: FastifyInstance;
let teacher: Teacher;
let session = '';
let sebExam = { id: '', join_code: '', seb_config_key: '' as string | null };
let plainExam = { id: '', join_code: '' };
let n = 0;

const teacherHeaders = () => ({ cookie: `${SESSION_COOKIE}=${session}`, host: HOST });
const json = <T = Record<string, unknown>>(r: LightMyRequestResponse) => r.json<T>();
/** The headers SEB would send for `path` on the hub's public address (or `url` given whole). */
const seb = (path: string, key = sebExam.seb_config_key!, url = PUBLIC + path) => ({ host: HOST, 'x-safeexambrowser-configkeyhash': configKeyHash(url, key) });
const joinBody = (code: string) => ({ code, name: `Student ${++n}`, studentNo: `S${n}`, className: 'C1' });

beforeAll(async () => {
  ({ hub, db } = makeHub());
  app = await buildServer({ hub, publicUrl: () => PUBLIC, rateLimits: { join: 1000, login: 1000 } });
  teacher = await makeTeacher(db, 'teacher');
  session = await makeSession(db, teacher);
  const base = { scenario: { shipped: DRILL_ID }, timeLimitMin: 5, passMark: 60, seedPolicy: 'shared', seed: 3, language: 'zh' };
  const a = await app.inject({ method: 'POST', url: '/api/exams', headers: teacherHeaders(), payload: { ...base, title: 'SEB exam', requireSeb: true } });
  expect(a.statusCode).toBe(200);
  sebExam = json<{ exam: typeof sebExam }>(a).exam;
  const b = await app.inject({ method: 'POST', url: '/api/exams', headers: teacherHeaders(), payload: { ...base, title: 'Plain exam' } });
  plainExam = json<{ exam: typeof plainExam }>(b).exam;
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

describe('an exam that requires SEB', () => {
  it('is created with its .seb file and Config Key; the teacher downloads the file, nobody else', async () => {
    const row = (await db.get<{ seb_required: number; seb_settings: string; seb_config_key: string }>('SELECT seb_required, seb_settings, seb_config_key FROM exams WHERE id = ?', [sebExam.id]))!;
    expect(row.seb_required).toBe(1);
    expect(row.seb_config_key).toMatch(/^[0-9a-f]{64}$/);
    expect(configKey(readPlist(row.seb_settings) as PlistDict)).toBe(row.seb_config_key);
    expect(readPlist(row.seb_settings)).toMatchObject({ startURL: `${PUBLIC}/?join=${sebExam.join_code}` });

    const file = await app.inject({ url: `/api/exams/${sebExam.id}/settings.seb`, headers: teacherHeaders() });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/seb');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="livesim-${sebExam.join_code}.seb"`);
    expect(file.body).toBe(row.seb_settings);
    expect((await app.inject({ url: `/api/exams/${sebExam.id}/settings.seb`, headers: { host: HOST } })).statusCode).toBe(401);
    const other = await makeSession(db, await makeTeacher(db, 'other'));
    expect((await app.inject({ url: `/api/exams/${sebExam.id}/settings.seb`, headers: { cookie: `${SESSION_COOKIE}=${other}` } })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/exams/${plainExam.id}/settings.seb`, headers: teacherHeaders() })).statusCode).toBe(404);
  });

  it('a join with the right hash passes; a missing header, a hash for another URL or another key is refused with 403 and the bilingual message', async () => {
    const refused = async (headers: Record<string, string>) => {
      const r = await app.inject({ method: 'POST', url: '/api/join', headers, payload: joinBody(sebExam.join_code) });
      expect(r.statusCode).toBe(403);
      expect(json(r)).toEqual({ error: SEB_REFUSAL, details: { seb: true } });
    };
    await refused({ host: HOST });
    await refused(seb('/api/attempt')); // another URL
    await refused(seb('/api/join', 'b'.repeat(64))); // another Config Key
    await refused(seb('/api/join', sebExam.seb_config_key!, `http://10.0.0.6:8080/api/join`)); // another host
    await refused({ host: HOST, 'x-safeexambrowser-configkeyhash': 'not hex' });
    expect(await db.get('SELECT COUNT(*) AS n FROM attempts WHERE exam_id = ?', [sebExam.id])).toEqual({ n: 0 });

    const ok = await app.inject({ method: 'POST', url: '/api/join', headers: seb('/api/join'), payload: joinBody(sebExam.join_code.toLowerCase()) });
    expect(ok.statusCode).toBe(200);
    // The code as typed, in lower case and with a dash, is the same exam.
    const dashed = await app.inject({ method: 'POST', url: '/api/join', headers: { host: HOST }, payload: joinBody(`${sebExam.join_code.slice(0, 3)}-${sebExam.join_code.slice(3)}`) });
    expect(dashed.statusCode).toBe(403);
  });

  it('the hash for the Host the request names is accepted too (the address SEB was started with may differ from --url)', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/join', headers: { host: 'lab-hub:8080', 'x-safeexambrowser-configkeyhash': configKeyHash('http://lab-hub:8080/api/join', sebExam.seb_config_key!) }, payload: joinBody(sebExam.join_code) });
    expect(r.statusCode).toBe(200);
  });

  it("every attempt route checks the hash of its own URL, query included", async () => {
    const j = await app.inject({ method: 'POST', url: '/api/join', headers: seb('/api/join'), payload: joinBody(sebExam.join_code) });
    const { token } = json<{ token: string }>(j);
    const auth = { authorization: `Bearer ${token}` };
    const get = (url: string, headers: Record<string, string>) => app.inject({ url, headers: { ...auth, ...headers } });

    expect((await get('/api/attempt', { host: HOST })).statusCode).toBe(403);
    expect((await get('/api/attempt', seb('/api/join'))).statusCode).toBe(403); // the join's header, replayed
    expect((await get('/api/attempt', seb('/api/attempt', 'c'.repeat(64)))).statusCode).toBe(403);
    expect((await get('/api/attempt', seb('/api/attempt'))).statusCode).toBe(200);
    expect((await get('/api/attempt/entries?after=0', seb('/api/attempt/entries'))).statusCode).toBe(403);
    expect((await get('/api/attempt/entries?after=0', seb('/api/attempt/entries?after=0'))).statusCode).toBe(200);
    const start = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/attempt/start', headers: { ...auth, ...headers }, payload: {} });
    expect((await start({ host: HOST })).statusCode).toBe(403);
    expect((await start(seb('/api/attempt/start'))).statusCode).toBe(200);
    const quiz = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/attempt/quiz', headers: { ...auth, ...headers }, payload: { answers: {} } });
    expect((await quiz({ host: HOST })).statusCode).toBe(403);
    // Without a valid token it is still 401 first (nothing about the exam is told).
    expect((await app.inject({ url: '/api/attempt', headers: { host: HOST } })).statusCode).toBe(401);
  });
});

describe('an exam without SEB', () => {
  it('ignores the header, whatever it holds', async () => {
    const j = await app.inject({ method: 'POST', url: '/api/join', headers: { host: HOST }, payload: joinBody(plainExam.join_code) });
    expect(j.statusCode).toBe(200);
    const { token } = json<{ token: string }>(j);
    const wrong = { host: HOST, 'x-safeexambrowser-configkeyhash': 'f'.repeat(64) };
    expect((await app.inject({ method: 'POST', url: '/api/join', headers: wrong, payload: joinBody(plainExam.join_code) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/attempt', headers: { ...wrong, authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/attempt', headers: { host: HOST, authorization: `Bearer ${token}` } })).statusCode).toBe(200);
  });
});

describe('the WebSocket', () => {
  let wsUrl = '';
  let live: FastifyInstance;
  beforeAll(async () => {
    live = await buildServer({ hub, publicUrl: () => PUBLIC });
    wsUrl = `${(await live.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/api/ws`;
  });
  afterAll(() => live.close());

  /** Open the socket with these headers, say hello, and give the first answer and the close code (if it closes). */
  async function hello(token: string, headers: Record<string, string>): Promise<{ first: ServerMessage; code: number | null }> {
    const ws = new WebSocket(wsUrl, { headers });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const first = new Promise<ServerMessage>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()) as ServerMessage)));
    ws.send(JSON.stringify({ type: 'hello', protocol: HUB_PROTOCOL, token }));
    const m = await first;
    const code = m.type === 'welcome' ? null : await closed;
    ws.close();
    return { first: m, code };
  }

  it('the upgrade must carry the hash of the socket URL for an exam that requires SEB; not for one without', async () => {
    const { token } = await hub.join(joinBody(sebExam.join_code));
    const host = new URL(wsUrl).host;
    const bad = await hello(token, {});
    expect(bad).toEqual({ first: { type: 'error', message: SEB_REFUSAL }, code: 4004 });
    expect((await hello(token, { 'x-safeexambrowser-configkeyhash': configKeyHash(`http://${host}/api/join`, sebExam.seb_config_key!) })).code).toBe(4004);
    expect((await hello(token, { 'x-safeexambrowser-configkeyhash': configKeyHash(wsUrl, sebExam.seb_config_key!) })).first.type).toBe('welcome');
    expect((await hello(token, { 'x-safeexambrowser-configkeyhash': configKeyHash(`http://${host}/api/ws`, sebExam.seb_config_key!) })).first.type).toBe('welcome');

    const plain = await hub.join(joinBody(plainExam.join_code));
    expect((await hello(plain.token, {})).first.type).toBe('welcome');
  });
});
