import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import type { LoadResult, ScenarioIssue } from './src/engine';

type Loader = typeof import('./src/engine/scenario/load');
type Catalog = typeof import('./src/engine/scenario/catalog');
type Rubrics = typeof import('./src/scoring/rubric');
/** The engine's own scenario loader, loaded through tsx (the config itself stays free of TypeScript imports). */
const engineLoader = (): Promise<Loader> => tsImport('./src/engine/scenario/load.ts', import.meta.url) as Promise<Loader>;
/** The scenario index (src/engine/scenario/catalog.ts): each scenario's tags for the picker. */
const catalog = (): Promise<Catalog> => tsImport('./src/engine/scenario/catalog.ts', import.meta.url) as Promise<Catalog>;
/** The rubric ids, so a scenario naming a rubric that does not exist is shown as invalid. */
const rubrics = (): Promise<Rubrics> => tsImport('./src/scoring/rubric.ts', import.meta.url) as Promise<Rubrics>;

type MessageParts = typeof import('./src/ui/message-parts');
/** Which message groups load with the screens around the live room (src/ui/message-parts.ts). */
const messageParts = (): Promise<MessageParts> => tsImport('./src/ui/message-parts.ts', import.meta.url) as Promise<MessageParts>;

type Csp = typeof import('./src/csp');
/** The app's Content-Security-Policy and security headers (src/csp.ts: one policy for every server and the built page). */
const { contentSecurityPolicy, securityHeaders } = (await tsImport('./src/csp.ts', import.meta.url)) as Csp;

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const HUB_PG = !!process.env.LIVESIM_TEST_DATABASE_URL || ['true', '1', 'yes'].includes(String(process.env.CI ?? '').toLowerCase());
// (once: vitest reads this file again for each project)
if (!HUB_PG && process.env.VITEST && !process.env.LIVESIM_HUB_PG_WARNED) {
  process.env.LIVESIM_HUB_PG_WARNED = '1';
  console.warn('!! WARNING: LIVESIM_TEST_DATABASE_URL is not set: the hub tests on PostgreSQL are SKIPPED (CI=true runs them; see docs/hub.md).');
}
const SCENARIO_DIR = path.join(ROOT, 'scenarios');
const VIRTUAL_ID = 'virtual:livesim-scenarios';
const VIRTUAL_LOADERS = 'virtual:livesim-scenario-loaders';
const VIRTUAL_ONE = 'virtual:livesim-scenario';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const RESOLVED_LOADERS = '\0' + VIRTUAL_LOADERS;

/**
 * Shipped scenarios are validated at build time by the engine's own loader (the same code
 * the CLI runs) and inlined as JSON: the page never parses YAML. The picker gets a summary of
 * every file (`virtual:livesim-scenarios`); each valid scenario is its own small chunk
 * (`virtual:livesim-scenario/N`), loaded when it is picked, so adding scenarios does not
 * grow the page. The loaders of those chunks, by scenario id, are a module of their own
 * (`virtual:livesim-scenario-loaders`, which the summaries re-export): the live room starts
 * a scenario without carrying the picker's summaries. The dev server re-validates when a file
 * changes or appears.
 */
/**
 * The engine's modules have no side effects (lint keeps them pure), so the bundler may drop what
 * a page does not use even though src/engine/index.ts re-exports everything: the live room gets
 * the simulation, not the compliance explanations or the bots, which load on demand.
 */
function pureEngine(): Plugin {
  const ENGINE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src', 'engine') + path.sep;
  return {
    name: 'livesim-pure-engine',
    transform(code, id) {
      // map: null keeps the existing source map (the code is not changed).
      if (path.normalize(id.split('?')[0]).startsWith(ENGINE_DIR)) return { code, map: null, moduleSideEffects: false };
      return null;
    },
  };
}

function shippedScenarios(): Plugin {
  // One compilation per build (each scenario chunk asks for it), redone when a file changes.
  let compiled: Promise<{ file: string; result: LoadResult }[]> | null = null;
  const compile = (): Promise<{ file: string; result: LoadResult }[]> => (compiled ??= compileAll());
  const compileAll = async (): Promise<{ file: string; result: LoadResult }[]> => {
    const { loadScenarioText } = await engineLoader();
    const known = (await rubrics()).rubricIds();
    let names: string[];
    try {
      names = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).sort();
    } catch {
      return [];
    }
    return names.map((name) => {
      const file = `scenarios/${name}`;
      try {
        return { file, result: loadScenarioText(readFileSync(path.join(SCENARIO_DIR, name), 'utf8'), file, { rubrics: known }) };
      } catch (err) {
        const issue: ScenarioIssue = { file, line: 0, col: 0, path: '', message: `loader crashed: ${err instanceof Error ? err.message : String(err)}` };
        return { file, result: { ok: false, errors: [issue] } };
      }
    });
  };
  const json = (value: unknown) => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
  return {
    name: 'livesim-shipped-scenarios',
    buildStart() {
      compiled = null;
    },
    resolveId(id) {
      return id === VIRTUAL_ID || id === VIRTUAL_LOADERS || id.startsWith(`${VIRTUAL_ONE}/`) ? '\0' + id : undefined;
    },
    async load(id) {
      if (id === RESOLVED_ID) {
        const entries = await compile();
        const { scenarioIndexEntry } = await catalog();
        for (const e of entries) this.addWatchFile(path.join(ROOT, e.file));
        const summaries = entries.map(({ file, result }) =>
          result.ok
            ? {
                file,
                result: {
                  ok: true,
                  hash: result.hash,
                  summary: scenarioIndexEntry(result.scenario),
                },
              }
            : { file, result },
        );
        return `export default ${json(summaries)};\nexport { loaders } from ${JSON.stringify(VIRTUAL_LOADERS)};`;
      }
      if (id === RESOLVED_LOADERS) {
        const entries = await compile();
        for (const e of entries) this.addWatchFile(path.join(ROOT, e.file));
        const loaders = entries
          .map((e, i) => (e.result.ok ? `${JSON.stringify(e.result.scenario.meta.id)}: () => import(${JSON.stringify(`${VIRTUAL_ONE}/${i}`)}).then((m) => m.default)` : null))
          .filter(Boolean);
        return `export const loaders = { ${loaders.join(', ')} };`;
      }
      if (id.startsWith(`\0${VIRTUAL_ONE}/`)) {
        const entry = (await compile())[Number(id.slice(VIRTUAL_ONE.length + 2))];
        if (!entry?.result.ok) throw new Error(`no valid scenario at ${id}`);
        this.addWatchFile(path.join(ROOT, entry.file));
        return `export default ${json(entry.result.scenario)};`;
      }
      return undefined;
    },
    configureServer(server) {
      const refresh = (file: string) => {
        if (!file.startsWith(SCENARIO_DIR) || !file.endsWith('.yaml')) return;
        compiled = null;
        for (const mod of server.moduleGraph.idToModuleMap.values()) {
          if (mod.id === RESOLVED_ID || mod.id === RESOLVED_LOADERS || mod.id?.startsWith(`\0${VIRTUAL_ONE}/`)) server.moduleGraph.invalidateModule(mod);
        }
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.add(SCENARIO_DIR);
      server.watcher.on('add', refresh);
      server.watcher.on('change', refresh);
      server.watcher.on('unlink', refresh);
    },
  };
}

/**
 * The Chinese messages in parts (src/ui/message-parts.ts): `virtual:livesim-messages/live`, every
 * message the live room may show at first paint, ships with the page; each other part
 * (`virtual:livesim-messages/screens`, `…/rehearsal`) holds the groups listed for it and loads when
 * first needed (i18n.ts). All are read from src/ui/locales/zh-CN.json, which stays one file to edit.
 */
function splitMessages(): Plugin {
  const PREFIX = 'virtual:livesim-messages/';
  const FILE = path.join(ROOT, 'src', 'ui', 'locales', 'zh-CN.json');
  return {
    name: 'livesim-messages',
    resolveId(id) {
      return id.startsWith(PREFIX) ? '\0' + id : undefined;
    },
    async load(id) {
      if (!id.startsWith('\0' + PREFIX)) return undefined;
      const wanted = id.slice(PREFIX.length + 1);
      const { MESSAGE_PARTS } = await messageParts();
      if (wanted !== 'live' && !Object.hasOwn(MESSAGE_PARTS, wanted)) throw new Error(`no message part "${wanted}" (src/ui/message-parts.ts)`);
      this.addWatchFile(FILE);
      type Messages = { [key: string]: unknown };
      const isGroup = (v: unknown): v is Messages => typeof v === 'object' && v !== null && !Array.isArray(v);
      const live = JSON.parse(readFileSync(FILE, 'utf8')) as Messages;
      const parts: Record<string, Messages> = {};
      // Each listed group moves from the page's part to its own part, at the same path.
      for (const [part, groups] of Object.entries(MESSAGE_PARTS)) {
        const to0: Messages = (parts[part] = {});
        for (const group of groups) {
          const keys = group.split('.');
          const last = keys.pop()!;
          let from: unknown = live;
          let to = to0;
          for (const k of keys) {
            from = isGroup(from) ? from[k] : undefined;
            to = isGroup(to[k]) ? to[k] : (to[k] = {});
          }
          if (!isGroup(from) || !(last in from)) continue;
          to[last] = from[last];
          delete from[last];
        }
      }
      return `export default ${JSON.stringify(wanted === 'live' ? live : parts[wanted])};`;
    },
  };
}

/**
 * In the browser build, the engine's scenario loader never runs (scenarios are compiled at build
 * time, above), so its YAML parser is replaced by a stub that says so, keeping ~30 KB of `yaml`
 * out of the page. The dev server, the CLI and the tests use the real parser.
 *
 * The one page that loads a scenario's text, a class exam's (src/ui/hub/student/yaml.ts), brings
 * `yaml` in its own chunk and hands it to the stub under Symbol.for('livesim.yaml').
 */
function noYamlInBrowserBuild(): Plugin {
  const STUB = '\0livesim-yaml-stub';
  return {
    name: 'livesim-no-yaml-in-browser-build',
    apply: 'build',
    enforce: 'pre',
    resolveId(id, importer) {
      return id === 'yaml' && importer?.replace(/\\/g, '/').includes('/src/engine/scenario/') ? STUB : undefined;
    },
    load(id) {
      if (id !== STUB) return undefined;
      return [
        "const no = () => { throw new Error('YAML is not parsed in the browser build: shipped scenarios are compiled at build time (vite.config.ts)'); };",
        "const given = () => globalThis[Symbol.for('livesim.yaml')];",
        'export const parseDocument = (...a) => (given() ? given().parseDocument(...a) : no());',
        'export const isMap = (x) => !!given()?.isMap(x), isNode = (x) => !!given()?.isNode(x), isScalar = (x) => !!given()?.isScalar(x);',
        'export function LineCounter() { return given() ? new (given().LineCounter)() : { linePos: () => ({ line: 1, col: 1 }) }; }',
        'export function Lexer() { return given() ? new (given().Lexer)() : { *lex() { no(); } }; }',
      ].join('\n');
    },
  };
}

/**
 * pixi.js's main module imports `spritesheet/init`, which registers the spritesheet loader with
 * pixi's Assets (and so brings the asset resolver and path utilities). The room never loads assets
 * (it draws its textures itself, and extension imports are skipped: room/renderer.ts), so that
 * registration is treated as side-effect free and left out of the page: ~5 KB of the live room.
 */
function pixiWithoutSpritesheetLoader(): Plugin {
  const INIT = /[\\/]node_modules[\\/]pixi\.js[\\/]lib[\\/]spritesheet[\\/]init\.mjs$/;
  return {
    name: 'livesim-pixi-without-spritesheet-loader',
    apply: 'build',
    transform(code, id) {
      // map: null keeps the existing source map (the code is not changed).
      return INIT.test(id.split('?')[0]) ? { code, map: null, moduleSideEffects: false } : null;
    },
  };
}

/**
 * The live room's chunks (docs/ui.md "The 350 KB budget"). Every page loads React, React DOM and
 * i18next at start: one chunk. The Canvas 2D room's pixi.js modules are one chunk too; the other
 * renderers' (WebGL, WebGPU: `?renderer=webgl`) and the extension packs the room skips stay in their
 * own chunks, as do the few shared modules only those renderers use. Left to itself the bundler
 * splits both by which lazy screen shares which module, into ~20 small files that compress worse.
 */
const PIXI_PACKAGES = /[\\/]node_modules[\\/](pixi\.js|@pixi[\\/]colord|earcut|eventemitter3|tiny-lru|parse-svg-path)[\\/]/;
const PIXI_NOT_CANVAS_ROOM =
  /[\\/](index|init)\.mjs$|[\\/](gl|gpu|unsafe-eval|events|accessibility|dom|particle-container|assets|spritesheet)[\\/]|environment-(browser|webworker)[\\/](browserAll|webworkerAll)|filters[\\/](FilterSystem|FilterPipe|CanvasFilterSystem|defaults)|shader[\\/](UboSystem|utils[\\/](uniformParsers|compileBufferSync|uboSyncFunctions))|BufferResource|TextureView|browser[\\/](isMobile|isSafari)|getRenderableBounds|shader-bits[\\/](localUniformBit|textureBit)|getTexelRangeRects/;
const liveRoomChunks = {
  groups: [
    { name: 'vendor', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|i18next|react-i18next)[\\/]/ },
    { name: 'pixi', test: (id: string) => PIXI_PACKAGES.test(id) && !PIXI_NOT_CANVAS_ROOM.test(id) },
  ],
};

/**
 * The built page carries the Content-Security-Policy as a meta tag (src/csp.ts), for static hosting
 * where no headers can be set; servers also send it as a header, with frame-ancestors.
 */
function cspMeta(): Plugin {
  return {
    name: 'livesim-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Right after the charset (which must come first), before any script or stylesheet.
      handler(html) {
        const charset = /<meta charset="UTF-8"\s*\/?>/i;
        if (!charset.test(html)) throw new Error('index.html: <meta charset="UTF-8"> is missing; the CSP meta tag goes right after it');
        return html.replace(charset, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy('meta')}" />`);
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), shippedScenarios(), splitMessages(), noYamlInBrowserBuild(), pureEngine(), pixiWithoutSpritesheetLoader(), cspMeta()],
  // The run-file import worker (src/ui/storage/import.worker.ts): an ES module from 'self' (src/csp.ts
  // worker-src), built with the page's engine plugins (no YAML parser, side-effect-free engine).
  worker: { format: 'es', plugins: () => [noYamlInBrowserBuild(), pureEngine()] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline script in the page (src/csp.ts): every browser the app supports has modulepreload.
    modulePreload: { polyfill: false },
    // The live room's own chunks are budgeted (docs/ui.md); the review charts load on the end screen only.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Common chunks merged where safe, but no "redundant load" pass: it moves the WebGL and WebGPU
      // renderers' shared modules into the Canvas room's chunk (+33 KB in the live room).
      experimental: { chunkOptimization: { mergeCommonChunks: true, avoidRedundantChunkLoads: false } },
      output: { codeSplitting: liveRoomChunks },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    headers: securityHeaders('dev'),
  },
  preview: {
    port: 4173,
    strictPort: true,
    headers: securityHeaders('header'),
  },
  test: {
    // Each project names its own files: a project that extends this config would add its include
    // to one written here (vitest merges the lists), and the PostgreSQL project would run everything.
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    // Whole simulations run inside tests: budgets that hold on a busy 2-core machine (speed is measured by npm run bench, not by timeouts).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'], exclude: ['**/*.pg.test.ts'] } },
      // The hub's tests again on PostgreSQL (tests/unit/hub/pg-setup.ts): when LIVESIM_TEST_DATABASE_URL is set, and always with CI=true.
      ...(HUB_PG
        ? [{ extends: true as const, test: { name: 'hub-pg', include: ['tests/unit/hub/**/*.test.ts'], exclude: ['tests/unit/hub/durability.test.ts'], env: { LIVESIM_HUB_TEST_STORE: 'postgres' }, globalSetup: ['tests/unit/hub/pg-setup.ts'] } }]
        : []),
    ],
  },
});
