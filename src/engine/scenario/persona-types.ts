/**
 * The audience's persona types (scenario `audience.personas[].type`), in the order the simulation
 * indexes them: their own module, so the simulation uses them without the scenario schema
 * (schema.ts), which only the loader needs (the browser compiles scenarios at build time).
 */
export const PERSONA_TYPES = [
  'price_sensitive',
  'loyal_fan',
  'question_asker',
  'impulse_buyer',
  'window_shopper',
  'troll',
  'rival_plant',
] as const;
