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
 * - Each file in `tests/fixtures/scenarios/warnings/` loads, with the warnings its `# warn:` lines
 *   name (same form): advice from docs/authoring.md that `validate` shows without refusing the file.
 * - Hostile and mistaken files (alias bombs, deep nesting, other encodings, files over the limits)
 *   are generated here rather than committed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioBytes, loadScenarioText, type LoadResult, type ScenarioIssue } from '../../src/engine';
import { nearest, parseOptions, unknownOption } from '../../src/cli/options';

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

const warningFixtures = yamlFiles(`${FIXTURES_DIR}/warnings`).map((file) => ({
  file,
  warns: read(file)
    .split('\n')
    .filter((l) => l.startsWith('# warn: '))
    .map((l) => {
      const m = /^# warn: (\d+):(\d+) (.+)$/.exec(l.trimEnd());
      if (!m) throw new Error(`${file}: cannot read "${l}"`);
      return { line: Number(m[1]), col: Number(m[2]), text: m[3] };
    }),
}));

const valid = read(`${FIXTURES_DIR}/valid-minimal.yaml`);
const errorsOf = (r: LoadResult): string[] => (r.ok ? [] : r.errors.map(show));
const utf8 = (t: string) => new TextEncoder().encode(t);

describe('Authoring advice: the file loads, and validate shows a warning', () => {
  it('there is a warning example for each piece of advice', () => {
    expect(warningFixtures.length).toBeGreaterThanOrEqual(3);
  });

  for (const { file, warns } of warningFixtures) {
    it(`${file.split('/').pop()}: loads, with exactly the warnings it names`, () => {
      const r = loadScenarioText(read(file), file);
      expect(errorsOf(r)).toEqual([]);
      if (!r.ok) return;
      expect(warns.length).toBeGreaterThan(0);
      expect(compare(r.warnings, warns)).toEqual({ unexpected: [], missing: [] });
    });
  }

  it('shipped scenarios give no warning except the known one (practice-heritage-crafts ends its run of show 30 s early)', () => {
    const warned = shipped.flatMap((file) => {
      const r = loadScenarioBytes(readFileSync(ROOT + file), file);
      return r.ok ? r.warnings.map((w) => `${file} ${w.path}`) : [];
    });
    expect(warned).toEqual(['scenarios/practice-heritage-crafts-30min.yaml runOfShow']);
  });

  it('a question about a product asked later, in a recap of another product, is not warned about', () => {
    const text = valid.replace('    - at: 40s\n', '    - at: 4:40\n').replace('    title: 开场\n    duration: 1m\n', '    title: 开场\n    duration: 1m\n    product: spoon\n');
    const r = loadScenarioText(text, 'fixture-minimal.yaml');
    expect(r.ok && r.warnings).toEqual([]);
  });
});

describe('Hostile files: loading never throws, and says what is wrong and where', () => {
  it('an alias bomb ("billion laughs") is refused by the yaml library\'s alias limit, at the first alias', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    const r = loadScenarioText(levels.join('\n'), 'bomb.yaml');
    expect(errorsOf(r)).toEqual([expect.stringMatching(/^2:\d+ YAML aliases \(\*name\) expand to too much data.*write the values out/)]);
  });

  it.each([
    ['100,000 [ brackets', `meta: ${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['50,000 { mappings', `meta: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}`],
    ['100,000 "- " on one line', `${'- '.repeat(100_000)}x`],
    ['200 indented levels', Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1'],
  ])('nesting %s deep is one clear message, not a stack overflow', (_name, text) => {
    const r = loadScenarioText(text, 'deep.yaml');
    const errors = errorsOf(r);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\d+:\d+ YAML syntax: lists and mappings are nested more than 24 levels deep here.*check the indentation/);
  });

  it('a file over the size limit is refused before it is parsed, quickly', () => {
    const big = `${valid}\n# ${'填充'.repeat(200_000)}\n`;
    const t0 = performance.now();
    expect(errorsOf(loadScenarioText(big, 'big.yaml'))).toEqual([expect.stringMatching(/^1:1 the file is \d+ KB; a scenario file may be at most 256 KB/)]);
    expect(errorsOf(loadScenarioBytes(utf8(big), 'big.yaml'))).toEqual([expect.stringMatching(/^1:1 the file is \d+ KB; a scenario file may be at most 256 KB/)]);
    expect(performance.now() - t0).toBeLessThan(5000); // was 58 s for 50 MB; now refused on its size
  });

  it('random damage to a valid file never throws, and every problem has a line, a column and a short message', () => {
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    const pieces = ['\t', ':', ': ', '- ', '[', '{', ']', '}', '"', "'", '&a ', '*a', '#', '\n', '  ', '1:75', '-1', 'x'.repeat(300), '\uFFFD', '\0'];
    for (let k = 0; k < 300; k++) {
      let text = valid;
      for (let m = 1 + rand(4); m > 0; m--) {
        const at = rand(text.length);
        text = rand(3) === 0 ? text.slice(0, at) + text.slice(at + rand(20)) : text.slice(0, at) + pieces[rand(pieces.length)] + text.slice(at);
      }
      let r: LoadResult | undefined;
      expect(() => (r = loadScenarioText(text, 'damaged.yaml'))).not.toThrow();
      for (const e of r!.ok ? r!.warnings : r!.errors) {
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.col).toBeGreaterThanOrEqual(1);
        expect(e.message.length).toBeLessThanOrEqual(400);
        expect(e.message).not.toMatch(/\n\s+at /); // no stack trace
      }
    }
  });
});

describe('Encodings are named, with the advice to save the file as UTF-8', () => {
  /** The valid fixture, every non-ASCII run written as 中文 in GBK (what a Chinese Windows editor saves). */
  const gbk = (): Uint8Array => {
    const out: number[] = [];
    for (const part of valid.split(/([^\t\n\x20-\x7e]+)/)) {
      if (/^[\t\n\x20-\x7e]*$/.test(part)) out.push(...utf8(part));
      else out.push(0xd6, 0xd0, 0xce, 0xc4); // 中文
    }
    return new Uint8Array(out);
  };
  const utf16le = (t: string) => {
    const b = new Uint8Array(t.length * 2);
    for (let i = 0; i < t.length; i++) [b[2 * i], b[2 * i + 1]] = [t.charCodeAt(i) & 0xff, t.charCodeAt(i) >> 8];
    return b;
  };
  const swap = (b: Uint8Array) => b.map((_, i) => b[i ^ 1]);
  const withBom = (bom: number[], b: Uint8Array) => new Uint8Array([...bom, ...b]);

  it('UTF-8, with or without a byte-order mark, loads', () => {
    expect(errorsOf(loadScenarioBytes(utf8(valid), 'fixture-minimal.yaml'))).toEqual([]);
    expect(errorsOf(loadScenarioBytes(withBom([0xef, 0xbb, 0xbf], utf8(valid)), 'fixture-minimal.yaml'))).toEqual([]);
    expect(errorsOf(loadScenarioText(`\uFEFF${valid}`, 'fixture-minimal.yaml'))).toEqual([]);
  });

  it('GBK/GB18030 is named, at the first character that is not UTF-8 (not accepted with � in its texts)', () => {
    const errors = errorsOf(loadScenarioBytes(gbk(), 'gbk.yaml'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^6:16 this file is saved as GBK\/GB18030 .*save it as UTF-8/);
    // Read as UTF-8 by someone else first: the � characters are caught too.
    const asText = new TextDecoder().decode(gbk());
    expect(errorsOf(loadScenarioText(asText, 'gbk.yaml'))).toEqual([expect.stringMatching(/^6:16 .*GBK\/GB18030.*save it as UTF-8/)]);
  });

  it.each([
    ['UTF-16 LE with a byte-order mark', () => withBom([0xff, 0xfe], utf16le(valid)), /UTF-16 LE/],
    ['UTF-16 BE with a byte-order mark', () => withBom([0xfe, 0xff], swap(utf16le(valid))), /UTF-16 BE/],
    ['UTF-16 LE without one', () => utf16le(valid), /UTF-16 LE/],
    ['UTF-16 BE without one', () => swap(utf16le(valid)), /UTF-16 BE/],
  ])('%s is named, not "must be a YAML mapping"', (_name, bytes, which) => {
    const errors = errorsOf(loadScenarioBytes(bytes(), 'u16.yaml'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(which);
    expect(errors[0]).toMatch(/^1:1 .*save it as UTF-8/);
  });

  it('binary junk is not valid UTF-8 text', () => {
    const errors = errorsOf(loadScenarioBytes(new Uint8Array([0x66, 0x6f, 0x72, 0x3a, 0x20, 0xff, 0xfe, 0x80, 0x81]), 'junk.yaml'));
    expect(errors).toEqual([expect.stringMatching(/^1:6 this file is not valid UTF-8 text.*save it as UTF-8/)]);
  });
});

describe('Documented limits keep the cost of any accepted scenario bounded', () => {
  const errorsFor = (text: string) => errorsOf(loadScenarioText(text, 'limits.yaml'));

  it('a 4-hour room with a million viewers a minute is refused (perMin limit)', () => {
    const text = valid.replace('duration: 5m', 'duration: 4h').replace(/perMin: \d+/g, 'perMin: 1000000');
    expect(errorsFor(text).join('\n')).toMatch(/perMin: 1000000 viewers a minute is above the limit of 10,000/);
  });

  it('too many viewers over the run is refused: 9,000 a minute for 4 hours', () => {
    const text = valid.replace('duration: 5m', 'duration: 4h').replace(/perMin: \d+/g, 'perMin: 9000');
    expect(errorsFor(text)).toEqual([expect.stringMatching(/audience\.traffic: the traffic curve brings about 2,160,000 viewers over the run; at most 300,000/)]);
  });

  it('too many viewer-minutes is refused: viewers who stay for an hour each', () => {
    const text = valid.replace('duration: 5m', 'duration: 4h').replace(/perMin: \d+/g, 'perMin: 1000').replace(/share: (\d+) \}/g, 'share: $1, dwell: 1h }');
    expect(errorsFor(text)).toEqual([expect.stringMatching(/^\d+:\d+ audience: about 240,000 viewers staying 60\.0 minutes on average make 14,400,000 viewer-minutes; at most 600,000/)]);
  });

  it('lists and texts over their limits are refused with the count and the limit', () => {
    const many = valid.replace('  rubric: imkt-l5-live-selling', `  rubric: imkt-l5-live-selling\n  tags: [${Array.from({ length: 51 }, (_, i) => `t${i}`).join(', ')}]`);
    expect(errorsFor(many)).toEqual([expect.stringMatching(/meta\.tags: 51 entries; at most 50 are allowed/)]);
    const long = valid.replace('value: 350毫升', `value: ${'很'.repeat(2001)}`);
    expect(errorsFor(long)).toEqual([expect.stringMatching(/products\.0\.facts\.0\.value: is 2001 characters long; at most 2000 are allowed/)]);
  });

  it('every shipped scenario is within the limits (and loads from its bytes)', () => {
    for (const file of shipped) expect(errorsOf(loadScenarioBytes(readFileSync(ROOT + file), file)), file).toEqual([]);
  });
});

describe('Messages are short and say what to do', () => {
  it('a 50 KB duration is cut to 80 characters with "…"', () => {
    const errors = errorsOf(loadScenarioText(valid.replace('duration: 5m', `duration: ${'x'.repeat(50_000)}`), 'x.yaml'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/meta\.duration: "x{79}…" is not a duration/);
  });

  it('a list of 50 long product ids is cut, not echoed in full', () => {
    const products = Array.from({ length: 50 }, (_, i) => `  - { id: ${`p${i}-`.padEnd(64, 'x')}, name: 杯子, category: 家居, class: ordinary, listPrice: 9, livePrice: 8, cost: 1, stock: 1, sellingPoints: [{ id: a, text: 好, keywords: [好] }] }`).join('\n');
    const text = valid.replace(/^products:\n[\s\S]*?(?=^coupons:)/m, `products:\n${products}\n`);
    const errors = errorsOf(loadScenarioText(text, 'x.yaml'));
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.length, e).toBeLessThan(300);
    expect(errors.join('\n')).toMatch(/unknown product "mug" \(products are: p0-x+…, … \(50 in all\)\)/);
  });

  it('"at: 1:75" says the seconds must be below 60', () => {
    expect(errorsOf(loadScenarioText(valid.replace('at: 40s', 'at: "1:75"'), 'x.yaml'))).toEqual([expect.stringMatching(/script\.comments\.0\.at: "1:75": the seconds must be below 60 \(did you mean 2:15\?\)/)]);
    expect(errorsOf(loadScenarioText(valid.replace('duration: 5m', 'duration: 1:75:00'), 'x.yaml'))).toEqual([expect.stringMatching(/the minutes must be below 60/)]);
  });

  it('one tab gives one message, which says to indent with spaces', () => {
    const r = loadScenarioText(valid.replace('  level: imkt-l5', '\tlevel: imkt-l5'), 'x.yaml');
    expect(errorsOf(r)).toEqual([expect.stringMatching(/^\d+:1 YAML syntax: Tabs are not allowed as indentation.*indent with spaces/)]);
  });

  it('many problems are capped at 50 lines and the rest counted', () => {
    const text = valid + Array.from({ length: 80 }, (_, i) => `x${i}: 1`).join('\n').replace(/^/, '\n');
    const errors = errorsOf(loadScenarioText(text, 'x.yaml'));
    expect(errors.length).toBeLessThanOrEqual(51);
  });
});

describe('The command line', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('suggests the nearest option for a misspelt one', () => {
    expect(nearest('seeed', ['seed', 'bot', 'json'])).toBe('seed');
    expect(nearest('coverag', ['coverage', 'json'])).toBe('coverage');
    expect(nearest('frobnicate', ['seed', 'bot'])).toBeNull();
    expect(unknownOption('--seeed', ['seed', 'bot', 'help'], 'run')).toBe('unknown option --seeed; did you mean --seed?');
    expect(() => parseOptions(['--seed'], { values: ['seed'], switches: [] }, 'run')).toThrow('--seed needs a value');
    expect(() => parseOptions(['--json=1'], { values: [], switches: ['json'] }, 'run')).toThrow('--json takes no value');
    expect(parseOptions(['f.yaml', '--seed=3', '--json'], { values: ['seed'], switches: ['json'] }, 'run')).toEqual({ positional: ['f.yaml'], flags: new Map<string, string | true>([['seed', '3'], ['json', true]]) });
  });

  it('validate reports every file, even after an alias bomb or a GBK file, with warnings, and never a stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'validate-'));
    writeFileSync(path.join(dir, 'bomb.yaml'), ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n'));
    writeFileSync(path.join(dir, 'gbk.yaml'), new Uint8Array([0x61, 0x3a, 0x20, 0xd6, 0xd0, 0xce, 0xc4, 0x0a]));
    const r = cli('validate', path.join(dir, 'bomb.yaml'), path.join(dir, 'gbk.yaml'), 'tests/fixtures/scenarios/warnings/run-of-show-short.yaml', 'scenarios/drill-stream-drop-5min.yaml');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const out = r.stdout.split('\n');
    expect(out).toContainEqual(expect.stringMatching(/bomb\.yaml:2:\d+ YAML aliases/));
    expect(out).toContainEqual(expect.stringMatching(/gbk\.yaml:1:4 this file is saved as GBK\/GB18030/));
    expect(out).toContainEqual(expect.stringMatching(/^tests\/fixtures\/scenarios\/warnings\/run-of-show-short\.yaml:58:3 warning: runOfShow: /));
    expect(out).toContain('tests/fixtures/scenarios/warnings/run-of-show-short.yaml: ok (run-of-show-short, 5:00, 2 products, 1 warning)');
    expect(out).toContain('scenarios/drill-stream-drop-5min.yaml: ok (drill-stream-drop-5min, 5:00, 1 products)');
  }, 120_000); // a child process: generous, so it holds on a busy 2-core machine

  it('warnings alone do not fail validate; a misspelt option is refused with exit 2 and the nearest one', () => {
    const ok = cli('validate', 'tests/fixtures/scenarios/warnings/meta-id-not-file-name.yaml');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/warning: meta\.id: /);
    const typo = cli('run', 'scenarios/drill-stream-drop-5min.yaml', '--seeed', '3', '--bot', 'expert');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown option --seeed; did you mean --seed?');
    expect(typo.stdout).toBe('');
    const lint = cli('lint', '--scenaro', 'x.yaml', '-');
    expect(lint.status).toBe(2);
    expect(lint.stderr).toContain('unknown option --scenaro; did you mean --scenario?');
  }, 120_000); // child processes: generous, so they hold on a busy 2-core machine
});

describe('a colon inside a block value', () => {
  it('gets the quote hint even when the value holds a comma before the colon', () => {
    const r = loadScenarioText('format: livesim/scenario@1\nmeta:\n  notes:\n    en: Tea is 98.9, short of 99: add the oats for it.\n', 'colon.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/a colon inside a value: put the text in quotes, e\.g\. en: "Tea is 98\.9, short of 99: add the oats for it\."/);
  });
});
