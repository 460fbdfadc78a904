/**
 * The labelled host lines (tests/fixtures/speech/host-lines.json): every line is run through the
 * engine's readers with its scenario and the product on air, and must get exactly the labelled
 * recognitions — calls to action, products named, prices (fen; anchors apart), stock claims,
 * selling points covered and the facts it answers — no more, no less (a line marked `partial`, a
 * fact's own text said as it stands, is checked for the facts it must answer). Nothing is held
 * out: every line must pass. The test also prints the accuracy per category.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { canonical, coveredPoints, detectCtas, judgeAnswer, mentionedProducts, roomWords, statedPrices, statedStock, type Scenario } from '../../../src/engine';
import { ROOT, loadScenario } from './helpers';

interface Expect {
  cta?: string[];
  products?: string[];
  prices?: number[];
  anchors?: number[];
  stock?: number[];
  points?: string[];
  answers?: string[];
  /** Facts the line must answer (it may answer others too): for a fact's own text, said as it stands. */
  answersInclude?: string[];
}
interface Line {
  scenario: string;
  product: string;
  line: string;
  category: string;
  /** Only the recognitions named in `expect` are checked (the rest of the line is not labelled). */
  partial?: boolean;
  expect: Expect;
}

const LINES: Line[] = JSON.parse(readFileSync(ROOT + 'tests/fixtures/speech/host-lines.json', 'utf8')) as Line[];

const scenarios = new Map<string, Scenario>();
function scenarioOf(id: string): Scenario {
  let s = scenarios.get(id);
  if (!s) {
    s = loadScenario(`scenarios/${id}.yaml`);
    scenarios.set(id, s);
  }
  return s;
}

const sorted = (xs: readonly (string | number)[]) => [...xs].map(String).sort();

/** What the engine's readers make of a line, in the fixture's terms. */
export function recognise(l: Line): Required<Omit<Expect, 'answersInclude'>> {
  const s = scenarioOf(l.scenario);
  const p = s.products.findIndex((x) => x.id === l.product);
  if (p < 0) throw new Error(`${l.scenario} has no product ${l.product}`);
  const prices = statedPrices(l.line);
  const named = mentionedProducts(l.line, s.products).map((m) => m.index);
  const room = roomWords(s);
  const said = canonical(l.line);
  return {
    cta: detectCtas(l.line).map((c) => c.kind),
    products: named.map((i) => s.products[i].id),
    prices: prices.filter((x) => !x.anchor).map((x) => Math.round(x.value * 100)),
    anchors: prices.filter((x) => x.anchor).map((x) => Math.round(x.value * 100)),
    stock: statedStock(l.line).map((x) => x.value),
    points: coveredPoints(l.line, s.products[p]).map((x) => x.id),
    answers: s.products[p].facts.filter((_f, j) => judgeAnswer(room, said, p, j, { reply: false, named: named.includes(p) }).answers).map((f) => f.key),
  };
}

const KEYS = ['cta', 'products', 'prices', 'anchors', 'stock', 'points', 'answers'] as const;
const tally = new Map<string, { ok: number; all: number }>();

describe('the labelled host lines get exactly their recognitions', () => {
  it('has at least 300 lines over every shipped scenario, English ones included', () => {
    expect(LINES.length).toBeGreaterThanOrEqual(300);
    const files = new Set(LINES.map((l) => l.scenario));
    for (const f of ['1x-intermediate-beauty-20min', 'crossborder-en-homeware-30min', 'imkt-l3-appliance-20min', 'imkt-l4-food-20min', 'imkt-l5-agri-618-10min', 'imkt-l5-kidswear-20min']) expect(files).toContain(f);
    expect(files.size).toBeGreaterThanOrEqual(18);
  });

  for (const [i, l] of LINES.entries()) {
    it(`#${i} [${l.category}] ${l.scenario}/${l.product}: ${l.line}`, () => {
      const got = recognise(l);
      const t = tally.get(l.category) ?? { ok: 0, all: 0 };
      t.all++;
      const keys = KEYS.filter((k) => !l.partial || l.expect[k] !== undefined);
      const want: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, sorted(l.expect[k] ?? [])]));
      const have: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, sorted(got[k])]));
      if (l.expect.answersInclude) {
        want.answersInclude = sorted(l.expect.answersInclude);
        have.answersInclude = sorted(l.expect.answersInclude.filter((f) => got.answers.includes(f)));
      }
      if (JSON.stringify(want) === JSON.stringify(have)) t.ok++;
      tally.set(l.category, t);
      expect(have).toEqual(want);
    });
  }

  afterAll(() => {
    const rows = [...tally].sort().map(([c, t]) => `${c.padEnd(10)} ${t.ok}/${t.all} (${((100 * t.ok) / t.all).toFixed(1)}%)`);
    console.log(`recognition accuracy per category:\n${rows.join('\n')}`);
  });
});
