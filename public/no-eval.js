/*
 * The page runs under a CSP without 'unsafe-eval' (src/csp.ts). Zod compiles fast parsers with
 * `new Function` when it may, probing for it as its schemas are built, a probe the policy reports
 * as a violation. Jitless mode parses the same, without the probe. Zod reads its configuration
 * from `globalThis.__zod_globalConfig`, so this sets it there, as a classic script that runs
 * before the app's modules: inside the bundle, zod's chunk (and the schemas built when it loads)
 * would run before any code of the entry module. Copied as it is from public/ (not bundled).
 * pixi.js gets its eval-free shader code from `pixi.js/unsafe-eval`, in src/ui/room/renderer.ts.
 */
globalThis.__zod_globalConfig = Object.assign({}, globalThis.__zod_globalConfig, { jitless: true });
