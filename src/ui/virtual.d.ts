declare module 'virtual:livesim-scenarios' {
  import type { ShippedEntry } from './scenarios';
  import type { Scenario } from '../engine';
  const entries: ShippedEntry[];
  export default entries;
  export const loaders: Record<string, () => Promise<Scenario>>;
}
