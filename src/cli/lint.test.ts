import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLint, type LintIo } from './lint';

const SCENARIO = 'scenarios/drill-stream-drop-5min.yaml'; // oranges: list 39.9, live 29.9, stock 400, coupon 3

/** Runs the command in-process with an in-memory file system and standard input. */
function lint(argv: string[], files: Record<string, string> = {}, stdin: string | null = null, keep = Infinity) {
  let out = '';
  let count = 0;
  let err = '';
  const io: LintIo = {
    readFile: (f) => {
      if (f in files) return files[f]!;
      if (f.startsWith('scenarios/')) return execFileSync('cat', [f], { encoding: 'utf8' });
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    },
    readStdin: () => stdin ?? '',
    stdinIsTty: stdin === null,
    out: (s) => {
      count++;
      if (count <= keep) out += s;
      else out = s; // huge outputs: keep only the last line (the summary)
    },
    err: (s) => (err += s),
  };
  const code = runLint(argv, io);
  const lines = out.trim() === '' ? [] : out.trim().split('\n');
  return { code, out, err, lines, count };
}

function json(lines: string[]) {
  const objs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = objs.pop() as { summary: Record<string, unknown> };
  return { findings: objs.filter((o) => o['type'] === 'finding'), notes: objs.filter((o) => o['type'] !== 'finding'), summary: summary.summary };
}

describe('livesim lint', () => {
  it('prints one JSON object per finding with its line, span, rule and reason, then a summary, and fails the gate', () => {
    const r = lint(['s.txt'], { 's.txt': '家人们好\n这款面霜是全网最低价\n有问题加我薇信\n' });
    expect(r.code).toBe(1);
    const { findings, summary } = json(r.lines);
    const off = findings.find((f) => f['category'] === 'off_platform')!;
    expect(off).toMatchObject({ line: 3, start: 3, end: 7, text: '加我薇信', severity: 3 });
    expect(off['rule']).toBeTruthy();
    expect(off['source']).toBeTruthy();
    expect((off['reason'] as { zh: string }).zh).toMatch(/微信|站外|平台/);
    const abs = findings.find((f) => f['category'] === 'absolute')!;
    expect(abs).toMatchObject({ line: 2, text: '全网最低价' });
    expect(abs['suggestion']).toBeTruthy();
    expect(summary).toMatchObject({ lines: 3, gate: 2, passed: false, scenario: null });
    expect((summary['byCategory'] as Record<string, number>)['off_platform']).toBe(1);
    expect((summary['bySeverity'] as Record<string, number>)['3']).toBe(1);
  });

  it('exits 0 on a clean script and honours exemptions, saying so', () => {
    const r = lint(['-'], {}, '这款蜂蜜的最佳食用期是十八个月\n点点关注不迷路\n');
    expect(r.code).toBe(0);
    const { findings, notes, summary } = json(r.lines);
    expect(findings).toEqual([]);
    expect(notes[0]).toMatchObject({ type: 'exemption', line: 1, text: '最佳' });
    expect(summary['exemptions']).toBe(1);
  });

  it('reads standard input when the file is "-" or left out', () => {
    expect(lint(['-'], {}, '全网第一').code).toBe(1);
    expect(lint([], {}, '全网第一').code).toBe(1);
    expect(lint([], {}, '').code).toBe(0);
  });

  it('uses --gate: minor findings pass the default gate but fail --gate 1; --gate 3 lets major ones pass', () => {
    const minor = '手慢无啊家人们';
    expect(lint(['-'], {}, minor).code).toBe(0);
    expect(lint(['--gate', '1', '-'], {}, minor).code).toBe(1);
    expect(lint(['--gate=minor', '-'], {}, minor).code).toBe(1);
    expect(lint(['--gate', '3', '-'], {}, '全网最低价').code).toBe(0);
    expect(lint(['--gate', '3', '-'], {}, '加我微信').code).toBe(1);
  });

  it('without a scenario, says stock and price claims need checking (minor, passes the gate)', () => {
    const r = lint(['-'], {}, '只剩10件了，原价399，今天只要59');
    expect(r.code).toBe(0);
    const { findings, summary } = json(r.lines);
    expect(findings.map((f) => [f['text'], f['factStatus'], f['severity']])).toEqual([
      ['只剩10件', 'unverified', 1],
      ['原价399', 'unverified', 1],
      ['今天只要59', 'unverified', 1],
    ]);
    expect(summary['needsFacts']).toBe(3);
  });

  it('with --scenario, flags claims the products contradict, with the real values, and confirms true ones', () => {
    const r = lint(['--scenario', SCENARIO, '-'], {}, '冰糖橙只剩10件了\n原价399，比原价便宜200\n原价39.9，今天只要29.9，领券到手26.9元\n库存400件');
    expect(r.code).toBe(1);
    const { findings, notes, summary } = json(r.lines);
    const stock = findings.find((f) => f['claim'] === 'stock')!;
    expect(stock).toMatchObject({ category: 'false_scarcity', factStatus: 'contradicted', line: 1, text: '只剩10件', product: 'oranges', replacement: '只剩400件' });
    expect((stock['reason'] as { zh: string }).zh).toContain('400');
    const anchor = findings.find((f) => f['claim'] === 'list_price')!;
    expect(anchor).toMatchObject({ category: 'false_price', text: '原价399', severity: 2 });
    expect((anchor['reason'] as { en: string }).en).toContain('39.9');
    expect(findings.find((f) => f['claim'] === 'saving')).toMatchObject({ text: '比原价便宜200' });
    // True claims are not findings: they are confirmed.
    expect(findings.filter((f) => f['line'] === 3 || f['line'] === 4)).toEqual([]);
    expect(notes.filter((n) => n['type'] === 'fact_ok').map((n) => n['text'])).toEqual(['原价39.9', '今天只要29.9', '到手26.9元', '库存400件']);
    expect(summary).toMatchObject({ scenario: 'drill-stream-drop-5min', contradictedFacts: 3, confirmedFacts: 4, needsFacts: 0 });
  });

  it('prints readable lines with --format text', () => {
    const r = lint(['--format', 'text', 'a.txt'], { 'a.txt': '第一行没问题\n加我微信' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^a\.txt:2:1 {2}severe off_platform {2}“加我微信”/m);
    expect(r.out).toMatch(/gate 2 \(major\): FAILED \(1 at or above\)/);
  });

  it('rejects bad input with a clear message and exit 2', () => {
    const missing = lint(['nope.txt']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('livesim lint: nope.txt: cannot read script (no such file)\n');
    const badScenario = lint(['--scenario', 'bad.yaml', '-'], { 'bad.yaml': 'meta:\n  id: 1\n' }, 'hi');
    expect(badScenario.code).toBe(2);
    expect(badScenario.err).toMatch(/^bad\.yaml:\d+:\d+ /m);
    expect(badScenario.err).toMatch(/bad\.yaml: invalid scenario/);
    expect(lint(['--gate', '5', '-'], {}, 'x').err).toMatch(/--gate must be 1, 2 or 3/);
    expect(lint(['--format', 'xml', '-'], {}, 'x').code).toBe(2);
    expect(lint(['--class', 'cars', '-'], {}, 'x').err).toMatch(/--class must be one of/);
    expect(lint(['--frobnicate', '-'], {}, 'x').err).toMatch(/unknown option --frobnicate; lint takes --scenario/);
    expect(lint(['a', 'b'], { a: '', b: '' }).code).toBe(2);
    // No file and a terminal on standard input: say how to use it instead of waiting.
    expect(lint([]).err).toMatch(/name a script file, or pipe text in/);
  });

  it('copes with binary input and a 10 MB line', () => {
    const binary = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65536));
    expect([0, 1]).toContain(lint(['-'], {}, binary).code);
    const big = '这款面霜保湿😀 全网最低价 加 V 信 '.repeat(400_000).slice(0, 10_000_000);
    const r = lint(['-'], {}, big, 0);
    expect(r.code).toBe(1);
    const { summary } = json(r.lines);
    expect(r.count).toBe((summary['findings'] as number) + (summary['exemptions'] as number) + 1);
    expect(summary['lines']).toBe(1);
    expect(summary['findings'] as number).toBeGreaterThan(1000);
  }, 120_000);

  it('works as `npm run livesim -- lint` from a shell: file, stdin, exit codes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-'));
    const file = path.join(dir, 'script.txt');
    writeFileSync(file, '全网最低价\n');
    const tsx = path.resolve('node_modules/.bin/tsx');
    const viaFile = spawnSync(tsx, ['src/cli/main.ts', 'lint', file], { encoding: 'utf8' });
    expect(viaFile.status).toBe(1);
    expect(JSON.parse(viaFile.stdout.trim().split('\n').pop()!).summary.findings).toBe(2);
    const viaStdin = spawnSync(tsx, ['src/cli/main.ts', 'lint', '-'], { input: '欢迎来到直播间\n', encoding: 'utf8' });
    expect(viaStdin.status).toBe(0);
    // A few MB through a pipe: standard input is read in chunks (a pipe may say "not ready yet").
    const bigFile = path.join(dir, 'big.txt');
    writeFileSync(bigFile, '欢迎来到直播间，今天给大家讲这款卫衣\n'.repeat(150_000) + '加我微信\n');
    const piped = spawnSync('sh', ['-c', `cat "${bigFile}" | "${tsx}" src/cli/main.ts lint -`], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(piped.stderr).not.toMatch(/cannot read/);
    expect(piped.status).toBe(1);
    expect(JSON.parse(piped.stdout.trim().split('\n').pop()!).summary).toMatchObject({ lines: 150_001, findings: 1 });
    const missing = spawnSync(tsx, ['src/cli/main.ts', 'lint', path.join(dir, 'missing.txt')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read script (no such file)');
  }, 180_000);
});
