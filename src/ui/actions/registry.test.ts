import { describe, expect, it } from 'vitest';
import { ACTIONS, ACTION_TYPES, type ActionBody, type ActionType, type ShortcutDef } from '../../engine';
import { formFields, formPayload, initialValues } from './forms';
import { actionsIn, fieldSpecs, matchShortcut, SHORTCUTS, type ShortcutContext } from './registry';

type Shape = Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
const shapeOf = (type: ActionType) => (ACTIONS[type].schema as unknown as { shape: Shape }).shape;
const shortcutOf = (type: ActionType) => (ACTIONS[type] as { shortcut?: ShortcutDef }).shortcut;
const FORMS = ACTION_TYPES.filter((type) => ACTIONS[type].console.control === 'form');
const CTX = { products: [{ id: 'p1', listed: false }, { id: 'p2', listed: true }], coupons: [{ id: 'c1' }] };

describe('the console reads the engine registry', () => {
  it('places every action in exactly its panel, in the engine order', () => {
    const panels = ['products', 'marketing', 'comments', 'talk', 'incidents', 'controls'] as const;
    const placed = panels.flatMap((p) => actionsIn(p));
    expect([...placed].sort()).toEqual([...ACTION_TYPES].sort());
    for (const p of panels) {
      const orders = actionsIn(p).map((type) => ACTIONS[type].console.order);
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
    }
    expect(actionsIn('products', 'product')).toEqual(ACTION_TYPES.filter((t) => ACTIONS[t].console.panel === 'products' && ACTIONS[t].console.control === 'product').sort((a, b) => ACTIONS[a].console.order - ACTIONS[b].console.order));
  });

  it('reads numeric limits that the schema itself enforces', () => {
    let checked = 0;
    for (const type of ACTION_TYPES) {
      for (const f of fieldSpecs(type)) {
        if (f.kind !== 'number') continue;
        const field = shapeOf(type)[f.name];
        if (f.min !== undefined) {
          expect(field.safeParse(f.min).success, `${type}.${f.name} accepts its min ${f.min}`).toBe(true);
          expect(field.safeParse(f.min - f.step!).success, `${type}.${f.name} refuses below its min`).toBe(false);
          checked++;
        }
        if (f.max !== undefined) {
          expect(field.safeParse(f.max).success, `${type}.${f.name} accepts its max ${f.max}`).toBe(true);
          expect(field.safeParse(f.max + f.step!).success, `${type}.${f.name} refuses above its max`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(fieldSpecs('start_flash_sale').find((f) => f.name === 'countdown')).toMatchObject({ min: 10, max: 300, int: true, default: 10 });
  });

  it('starts every form from the schema defaults (as zod itself fills them in)', () => {
    let defaults = 0;
    for (const type of FORMS) {
      const fields = formFields(type);
      const payload = formPayload(fields, initialValues(fields, CTX));
      for (const f of fields) {
        const byZod = shapeOf(type)[f.name].safeParse(undefined);
        if (f.default === undefined) continue;
        defaults++;
        expect(byZod.success).toBe(true);
        expect(payload[f.name], `${type}.${f.name}`).toEqual(byZod.data);
      }
    }
    expect(defaults).toBeGreaterThanOrEqual(7); // threshold, validity, products, perBuyer, countdown, duration, drawAfter, via
  });

  it('offers the scenario\'s products and coupons for id fields, typed values for the rest', () => {
    const kinds = (type: ActionType) => Object.fromEntries(fieldSpecs(type).map((f) => [f.name, f.kind]));
    expect(kinds('start_flash_sale')).toMatchObject({ product: 'product', price: 'number' });
    expect(kinds('create_coupon')).toMatchObject({ coupon: 'newId', kind: 'enum', products: 'products' });
    expect(kinds('issue_coupon')).toMatchObject({ coupon: 'coupon' });
    expect(kinds('set_keyword_filter')).toMatchObject({ words: 'strings' });
    expect(kinds('mute_user')).toMatchObject({ viewer: 'viewer', minutes: 'number' });
    const flash = initialValues(formFields('start_flash_sale'), CTX);
    expect(flash.product).toBe('p2'); // the first listed product
    expect(initialValues(formFields('create_coupon'), CTX).coupon).toBe('c2'); // a fresh id
    expect(formPayload(formFields('set_keyword_filter'), { words: '骗子， 假货 ,x' })).toEqual({ words: ['骗子', '假货', 'x'] });
  });
});

describe('keyboard shortcuts come from the engine registry', () => {
  const withShortcut = ACTION_TYPES.filter((type) => shortcutOf(type));

  it('has one shortcut per engine shortcut, plus only console commands', () => {
    expect(withShortcut.length).toBeGreaterThan(3);
    for (const type of withShortcut) expect(SHORTCUTS.filter((s) => s.action === type).map((s) => s.display)).toEqual([shortcutOf(type)!.display]);
    for (const s of SHORTCUTS.filter((x) => !x.action)) expect(s.labelKey).toMatch(/^shortcuts\./);
  });

  it('dispatches each engine shortcut with its target and the schema defaults', () => {
    for (const type of withShortcut) {
      const def = shortcutOf(type)!;
      const sent: ActionBody[] = [];
      const ctx: ShortcutContext = {
        productByNo: (no) => (no === 3 ? { id: 'p3' } : undefined),
        selectedComment: () => ({ id: 42, viewer: 7 }),
        dispatch: (b) => sent.push(b),
        togglePause: () => {},
        canPause: true,
        selectComment: () => {},
        focus: () => {},
        toggleHelp: () => {},
      };
      const e = def.digit ? { key: '3', code: 'Digit3', shiftKey: !!def.shift } : { key: def.shift ? def.key!.toUpperCase() : def.key!, code: `Key${def.key!.toUpperCase()}`, shiftKey: !!def.shift };
      const m = matchShortcut(e);
      expect(m?.shortcut.action, `${def.display} → ${type}`).toBe(type);
      m!.shortcut.run(ctx, m!.arg);
      expect(sent).toHaveLength(1);
      const parsed = ACTIONS[type].schema.safeParse(Object.fromEntries(Object.entries(sent[0]).filter(([k]) => k !== 'type')));
      expect(parsed.success, `${type} payload ${JSON.stringify(sent[0])}`).toBe(true);
      if (def.target === 'product') expect(sent[0]).toMatchObject({ product: 'p3' });
      if (def.target === 'comment') expect(Object.values(sent[0])).toContain(fieldSpecs(type).some((f) => f.kind === 'comment') ? 42 : 7);
    }
    // The mute key uses the schema's default duration.
    const sent: ActionBody[] = [];
    const m = matchShortcut({ key: 'm', code: 'KeyM', shiftKey: false })!;
    m.shortcut.run({ selectedComment: () => ({ id: 1, viewer: 5 }), dispatch: (b: ActionBody) => sent.push(b) } as unknown as ShortcutContext, m.arg);
    expect(sent).toEqual([{ type: 'mute_user', viewer: 5, minutes: shapeOf('mute_user').minutes.safeParse(undefined).data }]);
  });

  it('does not fire a product shortcut without a product, or shift variants on plain keys', () => {
    expect(matchShortcut({ key: 'B', code: 'KeyB', shiftKey: true })?.shortcut.action).toBe(shortcutOf('block_user') ? 'block_user' : undefined);
    expect(matchShortcut({ key: 'b', code: 'KeyB', shiftKey: false })).toBeNull();
    const sent: ActionBody[] = [];
    const m = matchShortcut({ key: '9', code: 'Digit9', shiftKey: false })!;
    m.shortcut.run({ productByNo: () => undefined, dispatch: (b: ActionBody) => sent.push(b) } as unknown as ShortcutContext, m.arg);
    expect(sent).toEqual([]);
  });
});
