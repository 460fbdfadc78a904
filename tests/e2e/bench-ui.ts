/**
 * `npm run bench:ui`: the live room under load, in headless Chromium (the same binary and
 * flags as the browser tests, fake camera included).
 *
 * Builds the app, serves dist/ on a local port, opens `/?bench=1&rate=R&seconds=S`, which
 * goes straight to a live room at 1×, turns the danmaku overlay on and injects R display-only
 * comments per second into the console and the room for S seconds, then prints:
 *   - frame interval (rAF to rAF) p50 / p95 and dropped frames (60 Hz);
 *   - frame work p50 / p95: main-thread time per frame for the loop (engine, console feed,
 *     pixi) plus the React update it triggers (target: p95 ≤ 16 ms);
 *   - engine time per frame, and how far sim time trailed the wall clock;
 *   - the live room's JavaScript, gzipped (every script loaded up to the live room).
 *
 * Options: --rate N (100) --seconds N (60) --scenario ID --no-build --json
 *          --query 'renderer=webgl'  extra page parameters (docs/ui.md), e.g. to force the WebGL renderer
 *          --dist DIR  serve an already built copy (implies nothing is built)
 * A long soak for the "sim time tracks wall time" bar: --scenario imkt-l5-kidswear-20min --seconds 1200 --rate 10
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import config, { CHROMIUM_PATH } from '../../playwright.config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUDGET_KB = 350;

function arg(name: string, fallback: string | null = null): string | null {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  return v && !v.startsWith('--') ? v : 'true';
}

const rate = Number(arg('rate', '100'));
const seconds = Number(arg('seconds', '60'));
const scenario = arg('scenario');
const json = arg('json') !== null;

async function main(): Promise<void> {
  process.chdir(ROOT);
  if (arg('no-build') === null && arg('dist') === null) {
    if (!json) console.log('building…');
    await build({ root: ROOT, logLevel: 'error' });
  }
  const outDir = path.resolve(ROOT, arg('dist') ?? 'dist');
  const server = await preview({ root: ROOT, logLevel: 'error', build: { outDir }, preview: { port: 4391, strictPort: false, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4391/';
  const launch = config.use?.launchOptions ?? {};
  // The preview server is closed whatever fails, a missing browser included (it kept the
  // process alive with nothing on screen).
  const browser = await chromium.launch({ ...launch, executablePath: CHROMIUM_PATH }).catch(async (e: unknown) => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    throw e;
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const scripts = new Set<string>();
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.pathname.endsWith('.js')) scripts.add(u.pathname);
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const extra = arg('query');
    const q = new URLSearchParams({ ...(extra && extra !== 'true' ? Object.fromEntries(new URLSearchParams(extra)) : {}), bench: '1', rate: String(rate), seconds: String(seconds), ...(scenario ? { scenario } : {}) });
    if (!json) console.log(`live room at 1×, ${rate} comments/s for ${seconds} s${scenario ? ` (${scenario})` : ''}…`);
    await page.goto(`${url}?${q}`);
    await page.waitForSelector('[data-testid="live-room"] canvas', { timeout: 30_000 });
    // The live room's scripts: everything loaded up to here except the benchmark's own driver.
    const liveRoomScripts = [...scripts].filter((p) => !/\/bench-[^/]*\.js$/.test(p));
    const handle = await page.waitForFunction(() => (window as unknown as { __livesimBench?: unknown }).__livesimBench, null, { timeout: (seconds + 60) * 1000, polling: 1000 });
    const result = (await handle.jsonValue()) as Record<string, unknown> & { error?: string };
    if (result.error) throw new Error(`bench page failed: ${result.error}`);
    const files = liveRoomScripts.map((p) => {
      const code = readFileSync(path.join(outDir, p));
      return { file: p.replace(/^\//, ''), raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
    });
    const gzipKB = files.reduce((s, f) => s + f.gzip, 0) / 1024;
    const report = { ...result, liveRoomJs: { files: files.length, gzipKB: Math.round(gzipKB * 10) / 10, budgetKB: BUDGET_KB }, pageErrors: errors };
    if (json) {
      console.log(JSON.stringify(report));
      return;
    }
    const r = result as unknown as {
      frames: number;
      frameMs: { p50: number; p95: number; p99: number; max: number };
      droppedFrames: number;
      workMs: { p50: number; p95: number; max: number };
      loopMs: { p50: number; p95: number; max: number };
      engineMs: { p50: number; p95: number; max: number; total: number };
      lagMsMax: number;
      driftMs: number;
      injected: number;
      longTasks: number;
      camera: string;
      renderer: string;
      scenario: string;
      jsHeapMB: number | null;
    };
    const ok = (b: boolean) => (b ? 'ok' : 'OVER');
    console.log(`
scenario            ${r.scenario} (camera: ${r.camera}, room renderer: ${r.renderer})
comments injected   ${r.injected} in ${seconds} s (${(r.injected / seconds).toFixed(1)}/s), danmaku on
frames              ${r.frames}
frame interval      p50 ${r.frameMs.p50} ms · p95 ${r.frameMs.p95} ms · p99 ${r.frameMs.p99} ms · max ${r.frameMs.max} ms
dropped frames      ${r.droppedFrames} (${((r.droppedFrames / Math.max(1, r.frames + r.droppedFrames)) * 100).toFixed(2)}%) · long tasks ${r.longTasks}
frame work          p50 ${r.workMs.p50} ms · p95 ${r.workMs.p95} ms · max ${r.workMs.max} ms   [target p95 ≤ 16 ms: ${ok(r.workMs.p95 <= 16)}]
  of which loop     p50 ${r.loopMs.p50} ms · p95 ${r.loopMs.p95} ms · max ${r.loopMs.max} ms (engine + console feed + pixi)
  of which engine   p50 ${r.engineMs.p50} ms · p95 ${r.engineMs.p95} ms · max ${r.engineMs.max} ms · total ${r.engineMs.total} ms
sim vs wall         largest lag ${r.lagMsMax} ms (< one 100 ms tick) · drift at the end ${r.driftMs} ms
js heap             ${r.jsHeapMB ?? 'n/a'} MB
live-room JS        ${files.length} files, ${gzipKB.toFixed(1)} KB gzipped   [budget ${BUDGET_KB} KB: ${ok(gzipKB <= BUDGET_KB)}]`);
    for (const f of files.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${(f.gzip / 1024).toFixed(1).padStart(7)} KB  ${f.file}`);
    if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
