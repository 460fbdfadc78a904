/**
 * The YAML parser for the engine's scenario loader, in the teacher's chunk only: the browser build
 * stubs the loader's `yaml` (vite.config.ts, noYamlInBrowserBuild), but the report loads the exam's
 * scenario from the YAML text the hub holds (an uploaded scenario is not compiled into the app).
 * Same hand-over as the student's exam page (src/ui/hub/student/yaml.ts).
 */
import * as YAML from 'yaml';

(globalThis as Record<symbol, unknown>)[Symbol.for('livesim.yaml')] = YAML;
