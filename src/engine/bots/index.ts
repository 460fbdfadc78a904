/**
 * The bots: policy hosts that play the way people do (host.ts) and adversarial strategies that try
 * to score without selling (adversarial.ts). `runWithBot` runs a whole scenario with one; the
 * actions it returns replay to the same log without the bot.
 */
import type { ActionInput } from '../actions/registry';
import type { Scenario } from '../scenario/load';
import { createSim, Sim } from '../engine';
import { createHostBot, HOST_BOTS, type HostBotName } from './host';
import { ADVERSARIAL_BOTS, createAdversarialBot, type AdversarialBotName } from './adversarial';
import { BOT_STEP_MS, type Bot } from './types';

export { BOT_STEP_MS, type Bot } from './types';
export { knowsFact } from './host-lines';
export { HOST_BOTS, ADVERSARIAL_BOTS };

export const BOT_NAMES = [...HOST_BOTS, ...ADVERSARIAL_BOTS] as const;
export type BotName = HostBotName | AdversarialBotName;

export function createBot(name: BotName, seed: number): Bot {
  return (ADVERSARIAL_BOTS as readonly string[]).includes(name) ? createAdversarialBot(name as AdversarialBotName) : createHostBot(name as HostBotName, seed);
}

export interface BotRun {
  sim: Sim;
  actions: ActionInput[];
}

export interface BotRunOptions {
  /**
   * At the first bot step at or after this time (ms), take the engine's snapshot, write it to JSON
   * text, read it back into a fresh engine and go on with that one: the run must not notice.
   */
  snapshotAt?: number;
}

/** Run a whole scenario with a bot. The returned actions replay to the same log without the bot. */
export function runWithBot(scenario: Scenario, seed: number, name: BotName, opts: BotRunOptions = {}): BotRun {
  let sim = createSim(scenario, { seed });
  const bot = createBot(name, seed);
  const actions: ActionInput[] = [];
  let snapshotAt = opts.snapshotAt ?? Infinity;
  while (!sim.finished) {
    if (sim.now >= snapshotAt) {
      sim = Sim.restore(scenario, JSON.parse(JSON.stringify(sim.snapshot())));
      snapshotAt = Infinity;
    }
    for (const a of bot.step(sim)) {
      actions.push(a);
      sim.dispatch(a);
    }
    sim.advanceTo(sim.now + BOT_STEP_MS);
  }
  return { sim, actions };
}
