/**
 * The console's view of the engine's one registry of actions (`ACTIONS` in src/engine).
 *
 * Each engine action carries its label {zh,en}, its payload schema (with defaults), where the
 * console offers it (`console.panel`, `console.control`, `console.order`) and its keyboard
 * shortcut. Everything here is derived from that: the controls of each panel, the fields of a
 * form (their kinds, limits and defaults read from the zod schema), the keyboard shortcuts and
 * the help overlay's list. Nothing about an individual action is retyped here; only the
 * console's own commands (pause, help, moving through comments, focusing a text box) are
 * defined locally.
 */
import { globalRegistry } from 'zod/mini';
import { ACTIONS, ACTION_TYPES, actionLabel, parsePayload, type ActionBody, type ActionType, type ConsoleControl, type ConsolePanel, type ShortcutDef } from '../../engine';

export type Lang = 'zh' | 'en';

/** The engine's label language for an i18next language code. */
export function engineLang(lng: string | undefined): Lang {
  return lng && lng.startsWith('en') ? 'en' : 'zh';
}

export type Panel = ConsolePanel;

export function label(type: ActionType, lang: Lang): string {
  return actionLabel(type, lang);
}

/** Test id of an action's control: its type with dashes (`show_card` → `show-card`). */
export function actionTestId(type: ActionType): string {
  return type.replace(/_/g, '-');
}

/** The actions a panel offers, in the engine's order; optionally only those with one kind of control. */
export function actionsIn(panel: ConsolePanel, ...controls: ConsoleControl[]): ActionType[] {
  return ACTION_TYPES.filter((type) => ACTIONS[type].console.panel === panel && (controls.length === 0 || controls.includes(ACTIONS[type].console.control))).sort(
    (a, b) => ACTIONS[a].console.order - ACTIONS[b].console.order,
  );
}

// ------------------------------------------------------------------ payload fields from the schemas

/**
 * What a payload field holds, as the console renders it:
 * - `product` / `coupon`: the id of one of the scenario's products / coupons (a select);
 * - `products`: ids of products (a multi-select);
 * - `newId`: the id of something the action creates (a text box with a fresh suggestion);
 * - `comment` / `viewer` / `incident` / `segment`: ids the console takes from what it shows (the selected
 *   comment and its author, an incident card, the run of show); never typed in;
 * - `number`, `enum`, `boolean`, `string`, `strings` (a list of words): typed in.
 */
export type FieldKind = 'product' | 'products' | 'coupon' | 'newId' | 'comment' | 'viewer' | 'incident' | 'segment' | 'number' | 'enum' | 'boolean' | 'string' | 'strings';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Required unless it has a default or is optional. */
  required: boolean;
  /** The schema's default (already evaluated), if any. */
  default?: unknown;
  /** Numbers: inclusive bounds as a console shows them (exclusive bounds moved by one step). */
  min?: number;
  max?: number;
  int?: boolean;
  step?: number;
  /** Strings (or each word of a list): length limits. */
  minLength?: number;
  maxLength?: number;
  /** Lists: how many items at most. */
  maxItems?: number;
  /** Enums: the allowed values. */
  options?: string[];
  /** Bilingual label from the schema's metadata (`.meta({ label: { zh, en } })`), if the engine gives one. */
  label?: { zh: string; en: string };
}

/** The zod internals we read (zod 4's public `def` objects). */
interface ZodNode {
  def: {
    type: string;
    innerType?: ZodNode;
    in?: ZodNode;
    element?: ZodNode;
    defaultValue?: unknown;
    entries?: Record<string, string>;
    shape?: Record<string, ZodNode>;
    checks?: { _zod: { def: CheckDef } }[];
  };
  meta?: () => Record<string, unknown> | undefined;
}
interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
}

const ID_KINDS: Record<string, FieldKind> = { product: 'product', products: 'products', coupon: 'coupon', comment: 'comment', viewer: 'viewer', incident: 'incident', segment: 'segment' };
const REF_KINDS = new Set<FieldKind>(['product', 'products', 'coupon', 'newId', 'comment', 'viewer', 'incident', 'segment']);

function checksOf(n: ZodNode): CheckDef[] {
  return (n.def.checks ?? []).map((c) => c._zod.def);
}

/** A schema's metadata: `.meta()` of zod's full API, or `.check(z.meta({ … }))` of zod/mini (the engine's), kept in zod's global registry. */
function metaOf(n: ZodNode): Record<string, unknown> | undefined {
  try {
    return typeof n.meta === 'function' ? n.meta() : (globalRegistry.get(n as unknown as Parameters<typeof globalRegistry.get>[0]) as Record<string, unknown> | undefined);
  } catch {
    return undefined;
  }
}

function shapeOf(type: ActionType): Record<string, ZodNode> {
  return ((ACTIONS[type].schema as unknown as ZodNode).def.shape ?? {}) as Record<string, ZodNode>;
}

/** One payload field of an action, read from its zod schema. */
export function fieldSpec(type: ActionType, name: string): FieldSpec {
  let node = shapeOf(type)[name];
  if (!node) throw new Error(`action ${type} has no field "${name}"`);
  const spec: FieldSpec = { name, kind: 'string', required: true };
  let meta = metaOf(node);
  for (let guard = 0; guard < 8; guard++) {
    const d = node.def;
    if (d.type === 'default' || d.type === 'prefault') {
      spec.default = typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue;
      spec.required = false;
    } else if (d.type === 'optional' || d.type === 'nullable') spec.required = false;
    else if (d.type !== 'pipe') break;
    node = (d.type === 'pipe' ? d.in : d.innerType) as ZodNode;
    meta = { ...(metaOf(node) ?? {}), ...(meta ?? {}) };
  }
  const lbl = meta?.label as { zh?: unknown; en?: unknown } | undefined;
  if (lbl && typeof lbl.zh === 'string' && typeof lbl.en === 'string') spec.label = { zh: lbl.zh, en: lbl.en };
  const checks = checksOf(node);
  switch (node.def.type) {
    case 'number': {
      spec.kind = 'number';
      spec.int = checks.some((c) => c.check === 'number_format' && /int/.test(c.format ?? ''));
      // Numbers that are not whole are money in the engine (two decimals at most).
      spec.step = spec.int ? 1 : 0.01;
      for (const c of checks) {
        if (c.check === 'greater_than' && typeof c.value === 'number') spec.min = c.inclusive ? c.value : c.value + spec.step;
        if (c.check === 'less_than' && typeof c.value === 'number' && Number.isFinite(c.value)) spec.max = c.inclusive ? c.value : c.value - spec.step;
      }
      if (spec.min !== undefined) spec.min = Math.round(spec.min * 100) / 100;
      break;
    }
    case 'enum':
      spec.kind = 'enum';
      spec.options = Object.values(node.def.entries ?? {});
      break;
    case 'boolean':
      spec.kind = 'boolean';
      break;
    case 'string':
      spec.kind = 'string';
      for (const c of checks) {
        if (c.check === 'min_length') spec.minLength = c.minimum;
        if (c.check === 'max_length') spec.maxLength = c.maximum;
      }
      break;
    case 'array': {
      const el = fieldOfNode(node.def.element as ZodNode);
      spec.kind = 'strings';
      spec.minLength = el.minLength;
      spec.maxLength = el.maxLength;
      for (const c of checks) if (c.check === 'max_length') spec.maxItems = c.maximum;
      break;
    }
  }
  // Ids: a schema's `.meta({ ref })` says what a field refers to; otherwise the field's name does
  // (`product`, `products`, `coupon`, `comment`, `viewer`, `incident`, `segment`). A coupon id with
  // a pattern is the id of a coupon being created, not a reference to an existing one.
  const ref = typeof meta?.ref === 'string' ? meta.ref : undefined;
  const byName = ID_KINDS[ref ?? name];
  if (byName && (spec.kind === 'string' || spec.kind === 'number' || spec.kind === 'strings')) {
    if (byName === 'coupon' && checks.some((c) => c.check === 'string_format')) spec.kind = 'newId';
    else if (byName === 'products' || spec.kind !== 'strings') spec.kind = byName;
  }
  return spec;
}

function fieldOfNode(n: ZodNode): { minLength?: number; maxLength?: number } {
  let node = n;
  while (node.def.type === 'optional' || node.def.type === 'default') node = node.def.innerType as ZodNode;
  const out: { minLength?: number; maxLength?: number } = {};
  for (const c of checksOf(node)) {
    if (c.check === 'min_length') out.minLength = c.minimum;
    if (c.check === 'max_length') out.maxLength = c.maximum;
  }
  return out;
}

/** Every payload field of an action, in the schema's order. */
export function fieldSpecs(type: ActionType): FieldSpec[] {
  return Object.keys(shapeOf(type)).map((name) => fieldSpec(type, name));
}

/** Whether a field is an id the console supplies from context rather than a value typed in. */
export function isRefField(f: FieldSpec): boolean {
  return REF_KINDS.has(f.kind);
}

/** The schema's defaults of an action's payload (fields without a default are left out). */
export function schemaDefaults(type: ActionType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldSpecs(type)) if (f.default !== undefined) out[f.name] = f.default;
  return out;
}

/** Check a payload against the engine's schema before dispatching; returns the first problem's field and kind. */
export function checkPayload(type: ActionType, payload: Record<string, unknown>): { field: string; code: string; limit?: number } | null {
  const r = parsePayload(ACTIONS[type].schema, payload);
  if (r.success) return null;
  const issue = r.error.issues[0] as { path: PropertyKey[]; code: string; minimum?: number | bigint; maximum?: number | bigint };
  const limit = issue.minimum ?? issue.maximum;
  return { field: String(issue.path[0] ?? ''), code: issue.code, ...(limit !== undefined ? { limit: Number(limit) } : {}) };
}

/**
 * The action as the console dispatches it: the payload with the schema's defaults filled in (so the
 * action log says what was done), or as given when the schema refuses it (the engine then logs why).
 */
export function actionBody(type: ActionType, payload: Record<string, unknown>): ActionBody {
  const r = parsePayload(ACTIONS[type].schema, payload);
  return { type, ...(r.success ? (r.data as Record<string, unknown>) : payload) } as ActionBody;
}

// ------------------------------------------------------------------ shortcuts

/** What a shortcut can see and do. */
export interface ShortcutContext {
  productByNo(no: number): { id: string } | undefined;
  selectedComment(): { id: number; viewer: number } | undefined;
  dispatch(body: ActionBody): void;
  togglePause(): void;
  canPause: boolean;
  selectComment(delta: 1 | -1): void;
  focus(target: 'reply' | 'talk'): void;
  toggleHelp(): void;
}

export interface Shortcut {
  id: string;
  /** Keys as shown in the help overlay. */
  display: string;
  /** The engine action it performs (its label comes from the engine registry)… */
  action?: ActionType;
  /** …or an i18n key for console-only commands. */
  labelKey?: string;
  /** What the key acts on (engine actions): the product of the digit or the selected comment. */
  target?: ShortcutDef['target'];
  /** Does this keyboard event trigger it? Returns the argument (e.g. the digit) or null. */
  match(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>): number | null;
  run(ctx: ShortcutContext, arg: number): void;
}

const digitOf = (e: Pick<KeyboardEvent, 'code'>): number | null => {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  return m ? Number(m[1]) : null;
};

/** The payload a shortcut's target gives an action: `{ product }`, `{ comment }` or `{ viewer }`. */
function targetPayload(type: ActionType, target: ShortcutDef['target'], ctx: ShortcutContext, arg: number): Record<string, unknown> | null {
  if (target === 'product') {
    const p = ctx.productByNo(arg);
    return p ? { product: p.id } : null;
  }
  if (target === 'comment') {
    const c = ctx.selectedComment();
    return c ? commentPayload(type, c) : null;
  }
  return {};
}

/** The payload a comment control gives an action: the comment's id or its author, whichever the schema asks for. */
export function commentPayload(type: ActionType, c: { id: number; viewer: number }): Record<string, unknown> | null {
  const fields = fieldSpecs(type);
  if (fields.some((f) => f.kind === 'comment')) return c.id >= 0 ? { comment: c.id } : null;
  if (fields.some((f) => f.kind === 'viewer')) return c.viewer > 0 ? { viewer: c.viewer } : null;
  return {};
}

/** A shortcut for an engine action, from its `shortcut` definition. */
function engineShortcut(type: ActionType, def: ShortcutDef): Shortcut {
  const match = (e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>): number | null => {
    if (e.shiftKey !== !!def.shift) return null;
    if (def.digit) return digitOf(e);
    return def.key !== undefined && e.key.toLowerCase() === def.key ? 0 : null;
  };
  return {
    id: type,
    display: def.display,
    action: type,
    ...(def.target ? { target: def.target } : {}),
    match,
    run: (ctx, arg) => {
      const payload = targetPayload(type, def.target, ctx, arg);
      if (payload) ctx.dispatch(actionBody(type, payload));
    },
  };
}

const key = (k: string) => (e: Pick<KeyboardEvent, 'key' | 'shiftKey'>) => (e.key.toLowerCase() === k && !e.shiftKey ? 0 : null);

/** The console's own commands (not engine actions). */
export const CONSOLE_SHORTCUTS: Shortcut[] = [
  { id: 'prev', display: '↑ / K', labelKey: 'shortcuts.prevComment', match: (e) => (e.key === 'ArrowUp' || e.key.toLowerCase() === 'k' ? 0 : null), run: (ctx) => ctx.selectComment(-1) },
  { id: 'next', display: '↓ / J', labelKey: 'shortcuts.nextComment', match: (e) => (e.key === 'ArrowDown' || e.key.toLowerCase() === 'j' ? 0 : null), run: (ctx) => ctx.selectComment(1) },
  { id: 'reply', display: 'R', labelKey: 'shortcuts.reply', match: key('r'), run: (ctx) => ctx.focus('reply') },
  { id: 'talk', display: 'T', labelKey: 'shortcuts.talk', match: key('t'), run: (ctx) => ctx.focus('talk') },
  {
    id: 'pause',
    display: 'Space',
    labelKey: 'shortcuts.pause',
    match: (e) => (e.key === ' ' ? 0 : null),
    run: (ctx) => {
      if (ctx.canPause) ctx.togglePause();
    },
  },
  { id: 'help', display: '?', labelKey: 'shortcuts.help', match: (e) => (e.key === '?' ? 0 : null), run: (ctx) => ctx.toggleHelp() },
];

/** Every shortcut: the engine actions' (in panel order), then the console's own. */
export const SHORTCUTS: Shortcut[] = [
  ...(['products', 'marketing', 'comments', 'talk', 'incidents', 'controls'] as const).flatMap((panel) =>
    actionsIn(panel).flatMap((type) => {
      const def = (ACTIONS[type] as { shortcut?: ShortcutDef }).shortcut;
      return def ? [engineShortcut(type, def)] : [];
    }),
  ),
  ...CONSOLE_SHORTCUTS,
];

/** The shortcut shown on a button for an engine action, if it has one. */
export function shortcutFor(action: ActionType): string | undefined {
  return (ACTIONS[action] as { shortcut?: ShortcutDef }).shortcut?.display;
}

export function matchShortcut(e: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>): { shortcut: Shortcut; arg: number } | null {
  for (const s of SHORTCUTS) {
    const arg = s.match(e);
    if (arg !== null) return { shortcut: s, arg };
  }
  return null;
}
