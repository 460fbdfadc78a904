/**
 * Scenario validation: what a teacher sees when a scenario file is right or wrong.
 *
 * - Every shipped scenario in `scenarios/` must load.
 * - `tests/fixtures/scenarios/valid-*.yaml` are small valid scenarios.
 * - Each file in `tests/fixtures/scenarios/invalid/` is one of them with ONE thing broken.
 *   Its first lines say which problems the loader must report:
 *
 *       # expect: 20:12 products.0.stock: Invalid input: expected number
 *
 *   (line:column, then a piece of the message). Every expected problem must be reported
 *   at exactly that line and column, and every reported problem must be expected.
 *   A fixture may carry a `# known-bug:` line: the loader does not yet do what the fixture
 *   expects. Its test is marked as failing on purpose; once the loader is fixed the test
 *   turns red, and the `# known-bug:` line must be deleted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, type ScenarioIssue } from '../../src/engine';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCENARIOS_DIR = 'scenarios';
const FIXTURES_DIR = 'tests/fixtures/scenarios';
const INVALID_DIR = `${FIXTURES_DIR}/invalid`;

const yamlFiles = (dir: string): string[] =>
  readdirSync(ROOT + dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `${dir}/${f}`);

const read = (file: string): string => readFileSync(ROOT + file, 'utf8');

interface Expectation {
  line: number;
  col: number;
  text: string;
}

interface Fixture {
  file: string;
  expects: Expectation[];
  knownBug: string | null;
}

const EXPECT_RE = /^# expect: (\d+):(\d+) (.+)$/;

/** Reads the `# expect:` and `# known-bug:` lines at the top of a broken fixture. */
function readFixture(file: string): Fixture {
  const expects: Expectation[] = [];
  let knownBug: string | null = null;
  for (const line of read(file).split('\n')) {
    if (!line.startsWith('#')) break;
    if (line.startsWith('# expect:')) {
      const m = EXPECT_RE.exec(line.trimEnd());
      if (!m) throw new Error(`${file}: cannot read "${line}" (write "# expect: <line>:<col> <part of the message>")`);
      expects.push({ line: Number(m[1]), col: Number(m[2]), text: m[3] });
    } else if (line.startsWith('# known-bug:')) {
      knownBug = line.slice('# known-bug:'.length).trim();
    }
  }
  return { file, expects, knownBug };
}

const matches = (e: ScenarioIssue, x: Expectation): boolean => e.line === x.line && e.col === x.col && e.message.includes(x.text);
const show = (e: ScenarioIssue): string => `${e.line}:${e.col} ${e.message}`;

/** The problems the loader reports for a fixture that nobody expected, and the expected ones it did not report. */
function compare(errors: ScenarioIssue[], expects: Expectation[]) {
  return {
    unexpected: errors.filter((e) => !expects.some((x) => matches(e, x))).map(show),
    missing: expects.filter((x) => !errors.some((e) => matches(e, x))).map((x) => `${x.line}:${x.col} ${x.text}`),
  };
}

const shipped = yamlFiles(SCENARIOS_DIR);
const validFixtures = yamlFiles(FIXTURES_DIR).filter((f) => /\/valid[^/]*\.yaml$/.test(f));
const brokenFixtures = yamlFiles(INVALID_DIR).map(readFixture);

describe('Shipped scenarios', () => {
  it('there is at least one scenario for students to practise with', () => {
    expect(shipped.length).toBeGreaterThan(0);
  });

  it.each(shipped)('%s loads without any error', (file) => {
    const result = loadScenarioText(read(file), file);
    expect(result.ok ? [] : result.errors.map((e) => `${e.file}:${e.line}:${e.col} ${e.message}`)).toEqual([]);
  });

  it('the complete example in docs/scenario-format.md is the shipped stream-drop drill, unchanged', () => {
    const doc = read('docs/scenario-format.md');
    const example = /## 13\.[^\n]*\n[\s\S]*?```yaml\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(example).toBe(read(`${SCENARIOS_DIR}/drill-stream-drop-5min.yaml`).trimEnd());
  });
});

describe('The small valid scenarios the broken fixtures start from', () => {
  it('valid-minimal.yaml is among them', () => {
    expect(validFixtures).toContain(`${FIXTURES_DIR}/valid-minimal.yaml`);
  });

  it.each(validFixtures)('%s loads without any error', (file) => {
    const result = loadScenarioText(read(file), file);
    expect(result.ok ? [] : result.errors.map(show)).toEqual([]);
  });
});

describe('Broken scenarios are rejected with the right line, column and message', () => {
  it('there are at least 32 broken example files, each saying what it expects', () => {
    expect(brokenFixtures.length).toBeGreaterThanOrEqual(32);
    for (const f of brokenFixtures) expect(f.expects, `${f.file} has no "# expect:" line`).not.toHaveLength(0);
  });

  for (const { file, expects, knownBug } of brokenFixtures) {
    const name = file.slice(INVALID_DIR.length + 1);
    const check = () => {
      const result = loadScenarioText(read(file), file);
      expect(result.ok, `${name} should not load`).toBe(false);
      const errors = result.ok ? [] : result.errors;
      expect(compare(errors, expects)).toEqual({ unexpected: [], missing: [] });
    };
    if (knownBug === null) {
      it(`${name}: loading fails and every problem is reported where the file says`, check);
    } else {
      // Still expected to fail: see the fixture's "# known-bug:" line. Delete that line once the loader is fixed.
      it.fails(`${name}: reported where the file says, once the known loader bug is fixed (${knownBug})`, check);
    }
  }

  it('every message starts with the field it is about, when there is one', () => {
    for (const { file } of brokenFixtures) {
      const result = loadScenarioText(read(file), file);
      if (result.ok) continue;
      for (const e of result.errors) {
        if (e.path !== '') expect(e.message.startsWith(`${e.path}: `), `${file}: "${e.message}"`).toBe(true);
      }
    }
  });

  it('every problem names the file it was found in, with a line and column from 1 up', () => {
    for (const { file } of brokenFixtures) {
      const result = loadScenarioText(read(file), file);
      if (result.ok) continue;
      for (const e of result.errors) {
        expect(e.file).toBe(file);
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.col).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('the error examples shown to teachers in docs/scenario-format.md are what livesim really reports', () => {
    const shown = [...read('docs/scenario-format.md').matchAll(/^\s*(tests\/fixtures\/scenarios\/invalid\/[\w-]+\.yaml):(\d+):(\d+) (.+)$/gm)];
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const [, file, line, col, message] of shown) {
      const result = loadScenarioText(read(file), file);
      const reported = result.ok ? [] : result.errors.map((e) => `${e.line}:${e.col} ${e.message}`);
      expect(reported, file).toContain(`${line}:${col} ${message}`);
    }
  });

  it('YAML syntax mistakes are reported as such, without a field name', () => {
    const syntax = brokenFixtures.filter((f) => /\/yaml-[^/]*$/.test(f.file));
    expect(syntax.length).toBeGreaterThanOrEqual(4);
    for (const { file } of syntax) {
      const result = loadScenarioText(read(file), file);
      expect(result.ok).toBe(false);
      if (!result.ok) for (const e of result.errors) expect(e.message, file).toMatch(/^YAML syntax: /);
    }
  });
});
