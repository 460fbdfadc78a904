import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests run against Debian's Chromium (/usr/bin/chromium); Playwright's
 * own browser downloads are not reachable here, so never run `playwright install`.
 * Override the path with LIVESIM_CHROMIUM if needed.
 */
export const CHROMIUM_PATH = process.env.LIVESIM_CHROMIUM ?? '/usr/bin/chromium';
const PORT = Number(process.env.LIVESIM_E2E_PORT ?? 4173);
/** Build output served to the browser tests; a separate one lets two checkouts' runs share a machine. */
const DIST = process.env.LIVESIM_E2E_DIST ?? 'dist';
const isCI = !!process.env.CI && process.env.CI !== 'false';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: process.env.LIVESIM_E2E_RESULTS ? `${process.env.LIVESIM_E2E_RESULTS}/e2e-artifacts` : 'test-results/e2e-artifacts',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: `${process.env.LIVESIM_E2E_RESULTS ?? 'test-results'}/e2e.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'] },
    },
  ],
  webServer: {
    command: `npx vite build --outDir ${DIST} --emptyOutDir && npx vite preview --outDir ${DIST} --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !isCI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
