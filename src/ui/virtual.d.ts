declare module 'virtual:livesim-scenarios' {
  import type { ShippedEntry } from './scenarios';
  import type { Scenario } from '../engine';
  const entries: ShippedEntry[];
  export default entries;
  export const loaders: Record<string, () => Promise<Scenario>>;
}

declare module 'virtual:livesim-scenario-loaders' {
  import type { Scenario } from '../engine';
  export const loaders: Record<string, () => Promise<Scenario>>;
}

declare module 'virtual:livesim-messages/*' {
  /** A part of src/ui/locales/zh-CN.json (src/ui/message-parts.ts). */
  const messages: Record<string, unknown>;
  export default messages;
}
