/**
 * The engine's shape holds: no import cycles inside src/engine (type-only imports count too),
 * nothing outside it imports a file inside it (index.ts is the only entry point), and no engine
 * source file grows much over 500 lines. What the simulation runs (and so the live room loads)
 * uses zod/mini, not zod's full API (docs/ui.md, "The 350 KB budget").
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

const ENGINE = path.join(ROOT, 'src/engine');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules') out.push(...sourceFiles(p));
    } else if (/\.(ts|tsx|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The file a relative import names, or null. */
function resolveImport(file: string, spec: string): string | null {
  const base = path.resolve(path.dirname(file), spec);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** The relative imports of a file (static, type-only, re-exports and dynamic), resolved to files. */
function importsOf(file: string): { spec: string; target: string | null }[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ spec, target: resolveImport(file, spec) }));
}

/** Every cycle in the graph, as a list of files (Tarjan's strongly connected components). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.map((f) => path.relative(ROOT, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('the engine keeps its architecture', () => {
  const engineFiles = sourceFiles(ENGINE).filter((f) => !/\.test\.ts$/.test(f));

  it('has no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const f of engineFiles) graph.set(f, importsOf(f).map((i) => i.target).filter((t): t is string => t !== null && t.startsWith(ENGINE) && !t.endsWith('.json')));
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself works)', () => {
    const g = new Map([['/a', ['/b']], ['/b', ['/c']], ['/c', ['/a']], ['/d', ['/a']]]);
    expect(cycles(g)).toHaveLength(1);
    expect(cycles(new Map([['/a', ['/b']], ['/b', []]]))).toEqual([]);
  });

  it('is imported from outside only through src/engine/index.ts', () => {
    const outside = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'tests'))].filter(
      (f) => !f.startsWith(ENGINE + path.sep) && !f.startsWith(path.join(ROOT, 'tests/unit/engine') + path.sep),
    );
    const deep: string[] = [];
    for (const f of outside) {
      for (const { spec, target } of importsOf(f)) {
        if (target && target.startsWith(ENGINE + path.sep) && target !== path.join(ENGINE, 'index.ts')) deep.push(`${path.relative(ROOT, f)} imports ${spec}`);
      }
    }
    expect(deep).toEqual([]);
  });

  it('runs the simulation without zod\'s full API (the live room loads only zod/mini)', () => {
    // Value imports only: a type-only import costs the bundle nothing.
    const valueImports = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;'"]*?from\s+)?['"]([^'"]+)['"]/gms)].map((m) => m[1]);
    // zod's full API under any of its names (zod/mini and zod/v4/core, zod/v4/locales are fine).
    const fullApi = (spec: string) => /^zod(\/v3|\/v4|\/v4\/classic(\/.*)?|\/index(\.js)?)?$/.test(spec);
    const seen = new Set<string>();
    const full: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of valueImports(file)) {
        if (fullApi(spec)) full.push(`${path.relative(ROOT, file)} imports '${spec}'`);
        const target = spec.startsWith('.') ? resolveImport(file, spec) : null;
        if (target && /\.tsx?$/.test(target)) visit(target);
      }
    };
    visit(path.join(ENGINE, 'engine.ts'));
    expect(seen.has(path.join(ENGINE, 'actions/registry.ts')), 'the walk reaches the actions').toBe(true);
    expect(seen.has(path.join(ENGINE, 'compliance/lexicon.schema.ts')), 'the walk reaches the lexicon schema').toBe(true);
    expect(full).toEqual([]);
    expect(['zod', 'zod/v3', 'zod/v4', 'zod/v4/classic'].every(fullApi), 'the names of the full API').toBe(true);
    expect(['zod/mini', 'zod/v4/core', 'zod/v4/locales/en.js'].some(fullApi), 'the names of what the room may load').toBe(false);
  });

  it('has no source file much over 500 lines', () => {
    const long = engineFiles
      .filter((f) => !f.includes(`${path.sep}data${path.sep}`))
      .map((f) => ({ file: path.relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.lines > 560);
    expect(long).toEqual([]);
  });
});
