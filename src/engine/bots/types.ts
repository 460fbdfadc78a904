/** What every bot is: it looks at the room every BOT_STEP_MS and returns actions stamped now. */
import type { ActionInput } from '../actions/registry';
import type { Sim } from '../engine';

export const BOT_STEP_MS = 500;

export interface Bot {
  readonly name: string;
  step(sim: Sim): ActionInput[];
}
