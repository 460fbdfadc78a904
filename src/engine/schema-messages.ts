/**
 * The messages the engine's schemas speak. They are written with zod/mini (the live room loads
 * them; docs/ui.md, "The 350 KB budget"), which registers no messages of its own, so every parse
 * passes zod's English ones: a rejection's reason (logged, so part of the digest) and a lexicon
 * error read the same in the browser, the CLI and the hub, whatever else has configured zod.
 */
import en from 'zod/v4/locales/en.js';

export const SCHEMA_MESSAGES = { error: en().localeError };
