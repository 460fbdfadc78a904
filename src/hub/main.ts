/**
 * `npm run hub`: the exam hub for a class on the lab network (docs/hub.md, README "For teachers").
 *
 *   npm run hub -- [--port 8080] [--host 0.0.0.0] [--data ./livesim-data] [--url http://192.168.1.20:8080]
 *                  [--secure-cookies] [--no-build]
 *                  [--xapi-endpoint https://lrs.example/xapi/ --xapi-username U --xapi-password P]
 *
 * It builds the app first when the build is missing or older than the sources, opens (or creates)
 * the database under --data (or PostgreSQL's, with DATABASE_URL=postgres://…), prints the addresses for students and the teacher (and, until a
 * teacher account exists, a one-time setup link), then serves until stopped with Ctrl+C.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openSqlite } from './db/db';
import { isPostgresUrl, openPostgres } from './db/pg';
import { GradePool } from './grade-pool';
import { Hub } from './hub';
import { buildServer } from './server';
import { lrsConfig, XapiSender } from './xapi';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `usage: npm run hub -- [--port 8080] [--host 0.0.0.0] [--data ./livesim-data] [--url http://ADDRESS:PORT] [--secure-cookies] [--no-build]
       [--xapi-endpoint URL --xapi-username USER --xapi-password PASSWORD]   (or LIVESIM_XAPI_ENDPOINT, _USERNAME, _PASSWORD)`;

/** The newest modification time under `dir` (files only). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function buildIfStale(dist: string): void {
  const index = path.join(dist, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'scenarios')), statSync(path.join(ROOT, 'index.html')).mtimeMs);
  if (built > sources) return;
  console.log(built ? 'hub: the app changed since it was built; building it again…' : 'hub: building the app (once; about a minute)…');
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the app failed to build (see above)');
}

/** This machine's addresses on the local network (what students' computers can reach). */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i): i is NonNullable<typeof i> => !!i && i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: process.env.PORT ?? '8080' },
        host: { type: 'string', default: '0.0.0.0' },
        data: { type: 'string', default: './livesim-data' },
        url: { type: 'string' },
        'secure-cookies': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        // The LRS that xAPI statements are sent to (docs/hub.md "xAPI"); the environment's LIVESIM_XAPI_* otherwise.
        'xapi-endpoint': { type: 'string' },
        'xapi-username': { type: 'string' },
        'xapi-password': { type: 'string' },
        // The built app to serve (default: dist/); the browser test serves its own build.
        dist: { type: 'string' },
        // For load tests only (hub:load): the hub's clock runs N times faster from T (ms since 1970),
        // so a bot class at 10x sees deadlines and the ahead-of-time check scaled alike, across a restart.
        'time-scale': { type: 'string' },
        'time-origin': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    console.error(`hub: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`hub: --port must be a port number (0–65535), not "${args.port}"`);
    return 2;
  }
  let lrs;
  try {
    lrs = lrsConfig({ endpoint: args['xapi-endpoint'], username: args['xapi-username'], password: args['xapi-password'] });
  } catch (e) {
    console.error(`hub: ${(e as Error).message}`);
    return 2;
  }
  // DATABASE_URL=postgres://…: PostgreSQL instead of SQLite under --data, for several hub processes on one database (docs/hub.md).
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (databaseUrl && !isPostgresUrl(databaseUrl)) {
    console.error('hub: DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database); unset it to store the data in SQLite under --data');
    return 2;
  }

  const dist = args.dist ? path.resolve(args.dist) : path.join(ROOT, 'dist');
  if (!args['no-build']) buildIfStale(dist);

  const db = databaseUrl ? await openPostgres(databaseUrl) : openSqlite(args.data);
  const appVersion = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const pool = new GradePool();
  const scale = Number(args['time-scale'] ?? 1);
  const origin = Number(args['time-origin'] ?? Date.now());
  if (!(scale >= 1 && scale <= 100) || !Number.isFinite(origin)) {
    console.error('hub: --time-scale must be between 1 and 100 and --time-origin a time in ms');
    return 2;
  }
  const now = scale === 1 ? Date.now : () => Math.round(origin + (Date.now() - origin) * scale);
  let publicUrl = '';
  const hub = new Hub(db, { scenariosDir: path.join(ROOT, 'scenarios'), appVersion, now, clockRate: scale, grade: (job) => pool.grade(job), publicUrl: () => publicUrl });
  const lan = lanAddresses();
  const shownHost = args.host === '0.0.0.0' || args.host === '::' ? (lan[0] ?? 'localhost') : args.host;

  const app = await buildServer({ hub, distDir: dist, publicUrl: () => publicUrl, secureCookies: args['secure-cookies'] });
  await app.listen({ port, host: args.host });
  const actualPort = (app.server.address() as { port: number }).port;
  publicUrl = (args.url ?? `http://${shownHost}:${actualPort}`).replace(/\/$/, '');

  await hub.sweep();
  const sweeper = setInterval(() => void hub.sweep().catch((e: unknown) => console.error('hub: sweep failed:', e)), 5_000);
  // xAPI statements are always recorded; with an LRS, a loop beside the sweep sends them (never awaited by a request).
  const xapiSender = lrs ? new XapiSender(db, lrs, { now }) : null;
  xapiSender?.start();

  console.log(`hub: data in ${db.kind === 'postgres' ? `PostgreSQL, ${db.where}` : db.where}`);
  if (lrs) console.log(`hub: xAPI statements are sent to ${lrs.endpoint} as ${lrs.username}`);
  console.log(`hub: students open ${publicUrl}/ and type the exam's join code`);
  console.log(`hub: teachers open ${publicUrl}/?page=teacher`);
  for (const a of lan.slice(1)) console.log(`hub: (also reachable at http://${a}:${actualPort}/)`);
  const setup = await hub.newSetupToken();
  if (setup) console.log(`hub: no teacher account yet: open this one-time link to create it:\n  ${publicUrl}/?page=setup&token=${setup}`);
  console.log('hub: ready (Ctrl+C stops it; attempts in progress resume when it starts again)');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(sweeper);
  await xapiSender?.stop();
  await app.close();
  await pool.close();
  await db.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`hub: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
