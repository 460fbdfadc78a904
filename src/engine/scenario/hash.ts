/**
 * A scenario's hash, apart from the loader (load.ts) so the simulation, snapshots and run files
 * can stamp it without carrying the YAML loader and the scenario validator: the browser compiles
 * scenarios at build time and the live room never loads one from text.
 */
import { canonicalJson, sha256Hex } from '../sha256';

/**
 * The hash a run file carries: it changes when anything that affects a run changes, not with comments or layout.
 * (Of a loaded `Scenario`; typed loosely so this module does not import the loader's types back.)
 */
export function scenarioHash(scenario: object): string {
  return sha256Hex(canonicalJson(scenario));
}
