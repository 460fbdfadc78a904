/**
 * Engine behaviour the scenario library relies on (issue #4):
 * - a quality complaint is handled only by an after-sales answer that addresses it, not by any
 *   six-character reply or a routine pitch line that happens to say 七天无理由;
 * - words accepted for several facts (or bare numbers) said in passing answer no question, and
 *   a reply answers only the comment it replies to;
 * - a set_price / set_stock cue can name the value the host asks for;
 * - a cue whose target already holds when the host calls for it is done at once;
 * - the loader can check that meta.rubric exists;
 * - English rooms apply the engine's English compliance rules.
 */
import { describe, expect, it } from 'vitest';
import { createSim, type Sim } from '../../../src/engine';
import { checkEnglishRisks } from '../../../src/engine';
import { loadScenarioText, type Scenario } from '../../../src/engine';
import { readFileSync } from 'node:fs';
import { ROOT, eventsOf, loadScenario } from './helpers';

const at = (m: number, s = 0) => (m * 60 + s) * 1000;

function complaintRun(lines: ({ t: number; say: string } | { t: number; replyTo: 'complaint' | 'other'; text: string })[]): Sim {
  const s = loadScenario('scenarios/crossborder-en-homeware-30min.yaml');
  s.incidents = s.incidents.filter((i) => i.kind === 'quality_complaint');
  const sim = createSim(s, { seed: 3 });
  sim.advanceTo(at(24, 31));
  const complaint = eventsOf(sim.log, 'comment').find((c) => c.incident === 'scarf-complaint')!;
  const other = eventsOf(sim.log, 'comment').filter((c) => !c.incident).pop()!;
  for (const l of lines) {
    if ('say' in l) sim.dispatch({ t: l.t, type: 'say', text: l.say });
    else sim.dispatch({ t: l.t, type: 'reply_comment', comment: l.replyTo === 'complaint' ? complaint.id : other.id, text: l.text });
  }
  sim.advanceTo(at(26, 30));
  return sim;
}

describe('quality complaints', () => {
  it('a routine pitch line that mentions returns does not handle it; an answer that addresses it does', () => {
    const pitch = complaintRun([{ t: at(24, 40), say: 'Free returns within 30 days on every item tonight!' }]);
    expect(eventsOf(pitch.log, 'incident.handled')).toEqual([]);
    const answer = complaintRun([{ t: at(24, 40), say: 'Sorry about the scarf problem: contact customer service and we refund or exchange it.' }]);
    expect(eventsOf(answer.log, 'incident.handled').map((e) => e.incident)).toEqual(['scarf-complaint']);
  });

  it('a reply to the complaint must offer after-sales; a reply to another comment never handles it', () => {
    expect(eventsOf(complaintRun([{ t: at(24, 40), replyTo: 'complaint', text: 'ok, thanks for watching' }]).log, 'incident.handled')).toEqual([]);
    expect(eventsOf(complaintRun([{ t: at(24, 40), replyTo: 'other', text: 'Sorry, contact customer service for a refund.' }]).log, 'incident.handled')).toEqual([]);
    expect(eventsOf(complaintRun([{ t: at(24, 40), replyTo: 'complaint', text: 'Please contact customer service for a refund or exchange.' }]).log, 'incident.handled')).toHaveLength(1);
  });

  it('an insult never handles it, whatever else it says', () => {
    expect(eventsOf(complaintRun([{ t: at(24, 40), replyTo: 'complaint', text: 'Shut up, idiot, ask customer service for a refund.' }]).log, 'incident.handled')).toEqual([]);
  });
});

describe('answers to questions', () => {
  /** The stream-drop drill without its drop; the shipping fact also accepts 联系客服, like the damaged-fruit fact. */
  function oranges(): Scenario {
    const s = loadScenario('scenarios/drill-stream-drop-5min.yaml');
    s.incidents = [];
    const shipping = s.products[0].facts.find((f) => f.key === 'shipping')!;
    shipping.accept = [...shipping.accept, '联系客服'];
    return s;
  }
  const badFruitAnswer = (sim: Sim) => eventsOf(sim.log, 'question.answered').find((a) => a.fact === 'bad-fruit');

  it('a word accepted for several facts, said in passing, answers no question', () => {
    const sim = createSim(oranges(), { seed: 1 });
    sim.dispatch({ t: at(3, 8), type: 'say', text: '有什么不明白的可以联系客服。' });
    sim.advanceTo(at(3, 20));
    expect(badFruitAnswer(sim)).toBeUndefined();
  });

  it('the same word next to the fact’s topic does', () => {
    const sim = createSim(oranges(), { seed: 1 });
    sim.dispatch({ t: at(3, 8), type: 'say', text: '坏果的话拍照联系客服就行。' });
    sim.advanceTo(at(3, 20));
    expect(badFruitAnswer(sim)?.correct).toBe(true);
  });

  it('a reply answers only the comment it replies to', () => {
    const sim = createSim(oranges(), { seed: 1 });
    sim.advanceTo(at(3, 6));
    const chat = eventsOf(sim.log, 'comment').find((c) => c.kind === 'chat')!;
    sim.dispatch({ t: at(3, 8), type: 'reply_comment', comment: chat.id, text: '坏果包赔，签收48小时内拍照联系客服。' });
    sim.advanceTo(at(3, 20));
    expect(badFruitAnswer(sim)).toBeUndefined();
    const q = eventsOf(sim.log, 'comment').find((c) => c.fact === 'bad-fruit')!;
    sim.dispatch({ t: at(3, 21), type: 'reply_comment', comment: q.id, text: '坏果包赔，签收48小时内拍照联系客服。' });
    sim.advanceTo(at(3, 30));
    expect(badFruitAnswer(sim)?.correct).toBe(true);
  });
});

describe('cues', () => {
  it('a set_price cue names the price: another price does not do it, the asked price does, and it becomes the intended price', () => {
    const s = loadScenario('scenarios/platform-l5-tea-15min.yaml');
    s.incidents = [];
    const sim = createSim(s, { seed: 1 });
    sim.advanceTo(at(8, 21));
    const cue = eventsOf(sim.log, 'cue.issued').find((c) => c.action === 'set_price')!;
    expect(cue.price).toBe(15900);
    expect(sim.state.products[sim.state.productIndex.get('white')!].intendedPrice).toBe(15900);
    sim.dispatch({ t: at(8, 25), type: 'set_price', product: 'white', price: 149 });
    sim.advanceTo(at(8, 30));
    expect(eventsOf(sim.log, 'cue.done').filter((d) => d.cue === cue.cue)).toEqual([]);
    sim.dispatch({ t: at(8, 31), type: 'set_price', product: 'white', price: 159 });
    sim.advanceTo(at(8, 40));
    expect(eventsOf(sim.log, 'cue.done').filter((d) => d.cue === cue.cue)).toHaveLength(1);
  });

  it('a cue already satisfied when the host calls for it is done at once', () => {
    const sim = createSim(loadScenario('scenarios/1x-primary-controller-kitchen-15min.yaml'), { seed: 1 });
    sim.dispatch({ t: at(1, 0), type: 'start_explaining', product: 'lids' });
    sim.advanceTo(at(1, 5));
    const cue = eventsOf(sim.log, 'cue.issued').find((c) => c.action === 'start_explaining')!;
    const done = eventsOf(sim.log, 'cue.done').find((d) => d.cue === cue.cue);
    expect(done).toMatchObject({ latencyMs: 0, late: false });
  });

  it('the loader rejects a value on a cue that takes none, and a price above the list price', () => {
    const text = readFileSync(ROOT + 'scenarios/platform-l5-tea-15min.yaml', 'utf8');
    const bad = loadScenarioText(text.replace('cue: { action: set_price, product: white, price: 159, within: 30s }', 'cue: { action: set_price, product: white, price: 999, within: 30s }').replace('cue: { action: issue_coupon, coupon: tea10 }', 'cue: { action: issue_coupon, coupon: tea10, price: 5 }'), 'tea.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      const messages = bad.errors.map((e) => e.message);
      expect(messages.some((m) => /only a "set_price" cue takes a price/.test(m))).toBe(true);
      expect(messages.some((m) => /price 999 must be above 0 and not above the list price 268/.test(m))).toBe(true);
    }
  });
});

describe('meta.rubric', () => {
  it('names a rubric that exists, when the caller gives the list, reported at its line', () => {
    const text = readFileSync(ROOT + 'scenarios/drill-stream-drop-5min.yaml', 'utf8');
    expect(loadScenarioText(text, 'x.yaml', { rubrics: ['imkt-l5-live-selling'] }).ok).toBe(true);
    const r = loadScenarioText(text, 'x.yaml', { rubrics: ['1x-primary-live-ops'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const line = text.split('\n').findIndex((l) => /^\s+rubric: imkt-l5-live-selling/.test(l)) + 1;
      expect(r.errors).toEqual([{ file: 'x.yaml', line, col: 11, path: 'meta.rubric', message: 'meta.rubric: unknown rubric "imkt-l5-live-selling" (rubrics are: 1x-primary-live-ops)' }]);
    }
  });
});

describe('English rooms', () => {
  it('flag off-platform steering, absolute claims, cure claims and insults in English, and nothing in Chinese', () => {
    const cats = (t: string) => checkEnglishRisks(t).map((f) => `${f.category}:${f.severity}`);
    expect(cats('Add me on WeChat for a private deal')).toContain('off_platform:3');
    expect(cats('Lowest price anywhere, best in the world!')).toContain('absolute:2');
    expect(cats('This tea cures insomnia')).toContain('medical_claim:3');
    expect(cats('Shut up, idiot')).toContain('insult:3');
    expect(cats('Hand wash cold, and dry flat. Free returns within 30 days.')).toEqual([]);
    expect(cats('加我微信私聊')).toEqual([]);
  });

  it('log the findings of English speech in an English room, quoting the words', () => {
    const sim = createSim(loadScenario('scenarios/crossborder-en-homeware-30min.yaml'), { seed: 1 });
    sim.dispatch({ t: 5000, type: 'say', text: 'DM me on WhatsApp and pay me directly, cheaper!' });
    sim.advanceTo(6000);
    const v = eventsOf(sim.log, 'speech.violation');
    expect(v.map((e) => e.ruleId)).toContain('engine-en-off-platform');
    expect(v[0].text.length).toBeGreaterThan(0);
  });
});
