/**
 * A new room from a scenario and a seed: the state before anything happens, then the opening
 * events (`run.start`, `room.live`, the products listed from the start).
 */
import type { Scenario } from './scenario/load';
import { scenarioHash } from './scenario/hash';
import { PERSONA_DEFAULTS } from './audience/personas';
import { PERSONA_TYPES } from './scenario/persona-types';
import { squash } from './speech';
import { fen } from './money';
import { Sha256 } from './sha256';
import { emit } from './kernel/log';
import { buildScript } from './kernel/script-items';
import { blankDynamicState, type DynamicState, type World } from './kernel/state';
import { addCoupon } from './systems/promotions';

/** The parts of the world that follow from the scenario alone (not stored in a snapshot). */
export function staticParts(scenario: Scenario): Pick<World, 'scenario' | 'productIndex' | 'factWords' | 'personaCum' | 'script' | 'hasher' | 'hashed'> {
  const productIndex = new Map<string, number>();
  scenario.products.forEach((p, i) => productIndex.set(p.id, i));
  const total = scenario.audience.personas.reduce((s, p) => s + p.share, 0);
  const personaCum = new Float64Array(scenario.audience.personas.length);
  let acc = 0;
  scenario.audience.personas.forEach((p, i) => {
    acc += p.share / total;
    personaCum[i] = acc;
  });
  personaCum[personaCum.length - 1] = 1;
  return {
    scenario,
    productIndex,
    factWords: scenario.products.map((p) => p.facts.map((f) => ({ accept: f.accept.map(squash), topic: f.topic.map(squash) }))),
    personaCum,
    script: buildScript(scenario),
    hasher: new Sha256(),
    hashed: 0,
  };
}

export function assemble(scenario: Scenario, dynamic: DynamicState): World {
  return Object.assign(dynamic, staticParts(scenario)) as World;
}

export function createWorld(scenario: Scenario, seed: number, engineVersion: string): World {
  const w = assemble(scenario, blankDynamicState(scenario, seed, engineVersion));
  w.products = scenario.products.map((p, index) => ({
    id: p.id,
    index,
    listed: p.listed,
    price: fen(p.livePrice),
    intendedPrice: fen(p.livePrice),
    listPrice: fen(p.listPrice),
    referencePrice: fen(p.referencePrice),
    cost: fen(p.cost),
    stock: p.stock,
    warehouse: p.stock,
    sold: 0,
    linkTarget: index,
    covered: new Set<string>(),
    explainMs: 0,
    cardPushes: 0,
    clicks: 0,
    clickers: 0,
    orders: 0,
    paidOrders: 0,
    gmv: 0,
    refunds: 0,
    soldOut: p.stock === 0,
    qualityRisk: 0,
    askable: p.facts.map((f, i) => (f.ask.length > 0 ? i : -1)).filter((i) => i >= 0),
    misled: false,
    flashPrices: [],
  }));
  for (const c of scenario.coupons) addCoupon(w, c, false);
  // Personas: defaults with the scenario's overrides.
  w.personaTypeIndex = scenario.audience.personas.map((p) => PERSONA_TYPES.indexOf(p.type));
  w.personas = scenario.audience.personas.map((p) => {
    const d = PERSONA_DEFAULTS[p.type];
    return {
      ...d,
      bounce: p.bounce ?? d.bounce,
      dwell: p.dwell ?? d.dwell,
      commentRate: p.commentRate ?? d.commentRate,
      likeRate: p.likeRate ?? d.likeRate,
      followRate: p.followRate ?? d.followRate,
      buyPropensity: p.buyPropensity ?? d.buyPropensity,
      priceSensitivity: p.priceSensitivity ?? d.priceSensitivity,
    };
  });
  w.plan = scenario.runOfShow.map((seg) => seg.id);
  emit(w, 'run.start', {
    scenario: scenario.meta.id,
    scenarioHash: scenarioHash(scenario),
    seed,
    engineVersion,
    durationMs: w.durationMs,
  });
  emit(w, 'room.live', {});
  for (const p of w.products) if (p.listed) emit(w, 'product.listed', { product: p.id });
  return w;
}
