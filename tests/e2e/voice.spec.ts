/**
 * The microphone button in the talk box: the browser's speech recognition fills the box, the
 * student corrects it, and nothing is said until they send it. Chromium's own recognizer needs
 * Google's servers, so the page gets a scripted SpeechRecognition the test drives by hand.
 */
import { expect, test } from '@playwright/test';
import { goLive, shot, watchErrors } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

/** Installed before the page's scripts: a recognizer whose results the test pushes. */
function fakeRecognition(): void {
  type Result = { isFinal: boolean; 0: { transcript: string } };
  class FakeRecognition {
    lang = '';
    continuous = false;
    interimResults = false;
    onresult: ((e: { resultIndex: number; results: Result[] }) => void) | null = null;
    onerror: ((e: { error: string }) => void) | null = null;
    onend: (() => void) | null = null;
    private results: Result[] = [];
    start(): void {
      (window as unknown as { __rec: FakeRecognition }).__rec = this;
    }
    stop(): void {
      this.onend?.();
    }
    abort(): void {
      this.onend?.();
    }
    /** Words heard so far: `final` closes the phrase. */
    hear(transcript: string, final: boolean): void {
      const index = this.results.length && !this.results[this.results.length - 1].isFinal ? this.results.length - 1 : this.results.length;
      this.results[index] = { isFinal: final, 0: { transcript } };
      this.onresult?.({ resultIndex: index, results: this.results });
    }
    fail(error: string): void {
      this.onerror?.({ error });
      this.onend?.();
    }
  }
  for (const name of ['SpeechRecognition', 'webkitSpeechRecognition']) {
    Object.defineProperty(window, name, { value: FakeRecognition, configurable: true, writable: true });
  }
}

type Rec = { __rec: { lang: string; hear(t: string, f: boolean): void; fail(e: string): void } };

test('dictation lands in the talk box for correction and is said only when sent', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(fakeRecognition);
  await page.goto('/?seed=4');
  await goLive(page, 'drill-stream-drop-5min', 'ok');
  await page.getByTestId('pause').click();
  const input = page.getByTestId('talk-input');
  const log = page.getByTestId('speech-log').locator('li');

  await page.getByTestId('mic-button').click();
  await expect(page.getByTestId('mic-button')).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => (window as unknown as Rec).__rec.lang)).toBe('zh-CN');

  // Words not yet final are shown greyed, outside the text the student edits.
  await page.evaluate(() => (window as unknown as Rec).__rec.hear('这款橙子是云南', false));
  await expect(page.locator('.hl__interim')).toHaveText('这款橙子是云南');
  await expect(input).toHaveValue('');
  // Final words land in the box; nothing is said yet.
  await page.evaluate(() => (window as unknown as Rec).__rec.hear('这款橙子是云南高山果园直发', true));
  await expect(input).toHaveValue('这款橙子是云南高山果园直发');
  await expect(page.locator('.hl__interim')).toHaveCount(0);
  await expect(page.getByTestId('talk-box')).toContainText('请核对语音识别的文字');
  await expect(log.first()).toHaveClass(/muted/);
  await shot(page, '11-live-dictation');

  // The student corrects the recognizer and sends: the line is said, marked as spoken.
  await page.getByTestId('mic-button').click();
  await expect(page.getByTestId('mic-button')).toHaveAttribute('aria-pressed', 'false');
  await input.fill('这款橙子是云南高山果园直发的，甜度13到15度');
  await input.press('Enter');
  await expect(input).toHaveValue('');
  await expect(log.last()).toContainText('甜度13到15度');
  // The action log (what the teacher replays) has the corrected words, marked as dictated.
  const said = await page.evaluate(() => (window as unknown as { livesim: { actionLog(): { actions: unknown[] } } }).livesim.actionLog().actions);
  expect((said as { type: string }[]).filter((a) => a.type === 'say')).toEqual([expect.objectContaining({ text: '这款橙子是云南高山果园直发的，甜度13到15度', source: 'voice' })]);

  // Nothing heard is a passing problem: the button stays, the note says to speak again.
  await page.getByTestId('mic-button').click();
  await page.evaluate(() => (window as unknown as Rec).__rec.fail('no-speech'));
  await expect(page.getByTestId('talk-note')).toContainText('没有听到声音');
  await expect(page.getByTestId('mic-button')).toHaveAttribute('aria-pressed', 'false');
  // The recogniser's online service unreachable (a school network): said once in plain words, the
  // button goes, typing still works and nothing in the score depends on voice.
  await page.getByTestId('mic-button').click();
  await page.evaluate(() => (window as unknown as Rec).__rec.fail('network'));
  await expect(page.getByTestId('talk-note')).toHaveAttribute('data-voice', 'offline');
  await expect(page.getByTestId('talk-note')).toContainText('语音识别要连接浏览器的在线服务，这里连不上');
  await expect(page.getByTestId('mic-button')).toHaveCount(0);
  await shot(page, 'voice-02-offline');
  await input.fill('打字也可以');
  await input.press('Enter');
  await expect(log.last()).toContainText('打字也可以');
  expect(errors).toEqual([]);
});
