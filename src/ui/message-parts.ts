/**
 * How the Chinese messages (locales/zh-CN.json, one file to edit) are split for the page
 * (vite.config.ts, `livesim-messages`): every message ships with the page (`live`) except the
 * groups below — a top-level key, or a dotted path inside one — which load when first needed
 * (`withMessages` in i18n.ts):
 *
 * - `screens`: the screens around the live room (the picker, the briefing, the pre-live check, the
 *   end screen and score report, history, review, replay and compare, the script checker, the
 *   skills map and the micro-drills, the exam hub's pages), which also load `notices`;
 * - `notices`: the console's notices, which show nothing until something happens (platform alerts,
 *   refused actions, practice hints, the storage banner: console/notices.tsx);
 * - `rehearsal`: the rehearsal task's script panel (console/RehearsalScript.tsx).
 *
 * A group added later ships with the page. `message-parts.test.ts` checks that the parts add up to
 * the file and that no code the live room runs at first paint asks for a message it does not have.
 */
export const MESSAGE_PARTS = {
  screens: [
    'briefing',
    'card',
    'compare',
    'drill',
    'end',
    'exam',
    'fab',
    'history',
    'level',
    'library',
    'list',
    'metric',
    'mode',
    'picker',
    'precheck',
    'quiz',
    'replay',
    'review',
    'scriptcheck',
    'skills',
    'steps',
    'teacher',
  ],
  notices: ['alert', 'hint', 'reject', 'storage'],
  rehearsal: ['console.script'],
} as const satisfies Record<string, readonly string[]>;

export type MessagePart = keyof typeof MESSAGE_PARTS;
