/**
 * A form for any `form` action, as data: which fields it shows, what they start from (the schema's
 * defaults, or the console's current value) and the payload the filled-in values make. Pure, so the
 * generic form component (console/SchemaForm.tsx) and the tests share it.
 */
import type { ActionType } from '../../engine';
import { fieldSpecs, isRefField, type FieldSpec } from './registry';

/** A field's value while it is edited: text for numbers and strings, a list for multi-selects. */
export type FieldValue = string | string[] | boolean;
export type FormValues = Record<string, FieldValue>;

/** What the form can choose from: the scenario's products and coupons. */
export interface FormContext {
  products: { id: string; listed: boolean }[];
  coupons: { id: string }[];
}

/** Separators between the words of a word list (spaces, commas, the Chinese 、 and ；). */
const WORD_SEPARATORS = /[\s,，、;；]+/;

export function splitWords(text: string): string[] {
  return text
    .split(WORD_SEPARATORS)
    .map((w) => w.trim())
    .filter(Boolean);
}

/** The fields a person fills in: everything but the ids the console supplies (`fixed`, the selected comment…). */
export function formFields(type: ActionType, fixed: Record<string, unknown> = {}): FieldSpec[] {
  return fieldSpecs(type).filter((f) => !(f.name in fixed) && (!isRefField(f) || f.kind === 'product' || f.kind === 'products' || f.kind === 'coupon' || f.kind === 'newId'));
}

/** A fresh id for something new (`c1`, `c2`…) that is not one of `taken`. */
export function freshId(taken: string[], prefix = 'c'): string {
  for (let i = 1; ; i++) if (!taken.includes(`${prefix}${i}`)) return `${prefix}${i}`;
}

/** What each field starts from: the console's current value, else the schema's default, else a sensible empty. */
export function initialValues(fields: FieldSpec[], ctx: FormContext, prefill: Record<string, unknown> = {}): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    const v = f.name in prefill ? prefill[f.name] : f.default;
    switch (f.kind) {
      case 'number':
        out[f.name] = v === undefined ? '' : String(v);
        break;
      case 'boolean':
        out[f.name] = v === true;
        break;
      case 'enum':
        out[f.name] = typeof v === 'string' ? v : (f.options?.[0] ?? '');
        break;
      case 'strings':
        out[f.name] = Array.isArray(v) ? v.join(' ') : '';
        break;
      case 'products':
        out[f.name] = Array.isArray(v) ? v.map(String) : [];
        break;
      case 'product':
        out[f.name] = typeof v === 'string' ? v : (ctx.products.find((p) => p.listed) ?? ctx.products[0])?.id ?? '';
        break;
      case 'coupon':
        out[f.name] = typeof v === 'string' ? v : (ctx.coupons[0]?.id ?? '');
        break;
      case 'newId':
        out[f.name] = typeof v === 'string' ? v : freshId(ctx.coupons.map((c) => c.id));
        break;
      default:
        out[f.name] = typeof v === 'string' ? v : '';
    }
  }
  return out;
}

/**
 * The payload the values make. An empty number or an empty optional text is left out, so the
 * schema's default applies (or the schema says it is missing).
 */
export function formPayload(fields: FieldSpec[], values: FormValues, fixed: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined) continue;
    if (f.kind === 'number') {
      const s = String(v).trim();
      if (s !== '') out[f.name] = Number.isFinite(Number(s)) ? Number(s) : s;
    } else if (f.kind === 'boolean') out[f.name] = v === true;
    else if (f.kind === 'strings') out[f.name] = splitWords(String(v));
    else if (f.kind === 'products') out[f.name] = Array.isArray(v) ? v : [];
    else {
      const s = String(v).trim();
      if (s !== '' || f.required) out[f.name] = s;
    }
  }
  return { ...out, ...fixed };
}
