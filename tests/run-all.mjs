#!/usr/bin/env node
// `npm test`: typecheck, lint, unit/property tests (vitest), browser tests (playwright).
// Every step runs even if an earlier one failed, so all failures show at once.
// The very last line printed is `N passed, N failed` (`, N skipped` only when something was skipped).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const RESULTS = path.join(ROOT, 'test-results');
const VITEST_JSON = path.join(RESULTS, 'vitest.json');
const E2E_JSON = path.join(RESULTS, 'e2e.json'); // written by playwright.config.ts
const CHROMIUM = process.env.LIVESIM_CHROMIUM ?? '/usr/bin/chromium';
const CI = ['true', '1', 'yes'].includes(String(process.env.CI ?? '').toLowerCase());
const STEP_TIMEOUT_MS = 30 * 60 * 1000;

/** @typedef {{ name: string, passed: number, failed: number, skipped: number, note?: string }} StepResult */

/** @type {StepResult[]} */
const results = [];

/** @param {string} text */
function header(text) {
  const line = '='.repeat(Math.max(8, 72 - text.length - 4));
  console.log(`\n=== ${text} ${line}`);
}

/**
 * Run a local binary with output streamed to this console.
 * @param {string} bin
 * @param {string[]} args
 * @returns {Promise<number>} exit code (signals and spawn errors become non-zero)
 */
function run(bin, args) {
  return new Promise((resolve) => {
    const child = spawn(path.join(BIN, bin), args, { cwd: ROOT, stdio: 'inherit', env: process.env });
    const timer = setTimeout(() => {
      console.error(`\n[run-all] ${bin} exceeded ${STEP_TIMEOUT_MS / 60000} min, killing it`);
      child.kill('SIGTERM');
    }, STEP_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      console.error(`[run-all] could not start ${bin}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** @param {string} file */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** typecheck and lint count as one test each. */
async function singleTest(/** @type {string} */ name, /** @type {string} */ bin, /** @type {string[]} */ args) {
  header(`${name}: ${bin} ${args.join(' ')}`);
  const code = await run(bin, args);
  results.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, note: `exit ${code}` });
}

async function vitest() {
  const args = ['run', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`];
  header(`unit: vitest ${args.join(' ')}`);
  rmSync(VITEST_JSON, { force: true });
  const code = await run('vitest', args);
  const report = readJson(VITEST_JSON);
  /** @type {StepResult} */
  const r = { name: 'unit', passed: 0, failed: 0, skipped: 0, note: `exit ${code}` };
  if (report) {
    r.passed = report.numPassedTests ?? 0;
    r.failed = report.numFailedTests ?? 0;
    r.skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  // A failing suite (import error, unhandled rejection...) may fail no single test: still a failure.
  if (code !== 0 && r.failed === 0) {
    r.failed = 1;
    r.note += report ? ' (runner failed outside any test)' : ' (no JSON report)';
  }
  results.push(r);
}

async function playwright() {
  header('browser: playwright test');
  if (!existsSync(CHROMIUM)) {
    if (CI) {
      console.error(`[run-all] ERROR: Chromium not found at ${CHROMIUM}; with CI=true the browser tests must run.`);
      results.push({ name: 'browser', passed: 0, failed: 1, skipped: 0, note: 'chromium missing' });
    } else {
      const bar = '!'.repeat(76);
      console.warn(`${bar}\n!! WARNING: Chromium not found at ${CHROMIUM}.`);
      console.warn('!! Browser tests are SKIPPED. Install it with: sudo apt-get install -y chromium');
      console.warn(`!! (or point LIVESIM_CHROMIUM at a Chromium binary). Never run 'playwright install'.\n${bar}`);
      results.push({ name: 'browser', passed: 0, failed: 0, skipped: 1, note: 'chromium missing' });
    }
    return;
  }
  rmSync(E2E_JSON, { force: true });
  const code = await run('playwright', ['test']);
  const report = readJson(E2E_JSON);
  /** @type {StepResult} */
  const r = { name: 'browser', passed: 0, failed: 0, skipped: 0, note: `exit ${code}` };
  const stats = report?.stats;
  if (stats) {
    r.passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
    r.failed = stats.unexpected ?? 0;
    r.skipped = stats.skipped ?? 0;
  }
  // e.g. the web server did not start, or a config error: no test failed, but the step did.
  if (code !== 0 && r.failed === 0) {
    r.failed = 1;
    r.note += stats ? ' (runner failed outside any test)' : ' (no JSON report)';
  }
  results.push(r);
}

mkdirSync(RESULTS, { recursive: true });
await singleTest('typecheck', 'tsc', ['-p', 'tsconfig.json', '--noEmit']);
await singleTest('lint', 'eslint', ['--max-warnings=0', '.']);
await vitest();
await playwright();

const total = results.reduce(
  (acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);

header('summary');
for (const r of results) {
  const status = r.failed > 0 ? 'FAIL' : r.skipped > 0 && r.passed === 0 ? 'SKIP' : 'ok  ';
  console.log(
    `${status}  ${r.name.padEnd(10)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed ${String(r.skipped).padStart(4)} skipped  (${r.note ?? ''})`,
  );
}
console.log(
  `${total.passed} passed, ${total.failed} failed` + (total.skipped > 0 ? `, ${total.skipped} skipped` : ''),
);
process.exitCode = total.failed > 0 ? 1 : 0;
