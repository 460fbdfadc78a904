/**
 * The YAML parser for the engine's scenario loader, in the exam's chunk only: the browser build
 * stubs the loader's `yaml` (vite.config.ts, noYamlInBrowserBuild) because shipped scenarios are
 * compiled at build time, but a class exam's scenario arrives from the hub as YAML text.
 */
import * as YAML from 'yaml';

(globalThis as Record<symbol, unknown>)[Symbol.for('livesim.yaml')] = YAML;
