import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadScenarioText } from '../../src/engine';
import { runWithBot, type BotName } from '../../src/engine';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function nodeRun(file: string, seed: number, bot: BotName) {
  const r = loadScenarioText(readFileSync(path.join(ROOT, file), 'utf8'), file);
  if (!r.ok) throw new Error(`${file} is invalid`);
  const { sim } = runWithBot(r.scenario, seed, bot);
  return { id: r.scenario.meta.id, digest: sim.digest(), events: sim.log.length };
}

test('the same run gives the same event-log digest in Chromium as in Node', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => 'livesim' in window);
  const cases: [string, number, BotName][] = [
    ['scenarios/drill-stream-drop-5min.yaml', 1, 'expert'],
    ['scenarios/drill-stream-drop-5min.yaml', 42, 'reckless'],
    ['scenarios/imkt-l5-kidswear-20min.yaml', 7, 'competent'],
  ];
  for (const [file, seed, bot] of cases) {
    const node = nodeRun(file, seed, bot);
    const browser = await page.evaluate(
      ([id, s, b]) => (window as unknown as { livesim: { runBot(id: string, seed: number, bot: string): { digest: string; events: number } } }).livesim.runBot(id, s, b),
      [node.id, seed, bot] as const,
    );
    expect(browser.events, `${file} seed ${seed} ${bot}: event count`).toBe(node.events);
    expect(browser.digest, `${file} seed ${seed} ${bot}: digest`).toBe(node.digest);
  }
});
