/**
 * Zod without eval inside a worker, as public/no-eval.js does for the page (src/csp.ts): zod reads
 * `globalThis.__zod_globalConfig` when its schemas are built, so this module is imported first.
 */
const g = globalThis as { __zod_globalConfig?: Record<string, unknown> };
g.__zod_globalConfig = { ...g.__zod_globalConfig, jitless: true };
export {};
