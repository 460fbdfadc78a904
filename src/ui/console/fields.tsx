import { useTranslation } from 'react-i18next';
import type { ActionType } from '../../engine';
import { checkPayload, engineLang, type FieldSpec } from '../actions/registry';
import type { FieldValue } from '../actions/forms';
import { pick, yuan } from '../format';
import type { CouponView, ProductView } from '../store/types';
import { ComplianceTextarea } from './ComplianceTextarea';

/** Strings this long are audience-facing texts: a textarea with the compliance hints. */
const LONG_TEXT = 200;

/** A field's label: the schema's own ({zh,en} in its metadata), else the locale's (per action, then per field name). */
export function useFieldLabel(): (type: ActionType, f: FieldSpec) => string {
  const { t, i18n } = useTranslation();
  const lang = engineLang(i18n.language);
  return (type, f) => (f.label ? f.label[lang] : t([`fields.${type}.${f.name}`, `fields.${f.name}`], { defaultValue: f.name }));
}

/** An enum value's label: from the locale (`options.<field>.<value>`), else the value itself. */
export function useOptionLabel(): (field: string, value: string) => string {
  const { t } = useTranslation();
  return (field, value) => t(`options.${field}.${value}`, { defaultValue: value });
}

/** The range a field accepts, as a hint after its label. */
function useRangeHint(): (f: FieldSpec) => string {
  const { t } = useTranslation();
  return (f) => {
    if (f.kind === 'number') {
      if (f.min !== undefined && f.max !== undefined) return t('form.range', { min: f.min, max: f.max });
      if (f.max !== undefined) return t('form.atMost', { max: f.max });
      return '';
    }
    if (f.kind === 'strings' && f.maxItems !== undefined) return t('form.words', { max: f.maxItems, length: f.maxLength ?? '' });
    return '';
  };
}

/** One field of an action's form, drawn from its spec. */
export function FieldInput({
  type,
  spec,
  value,
  onChange,
  products,
  coupons,
  testId,
  compact = false,
}: {
  type: ActionType;
  spec: FieldSpec;
  /** Without the label above it (named by aria-label and title), e.g. next to a button. */
  compact?: boolean;
  value: FieldValue;
  onChange: (v: FieldValue) => void;
  products: ProductView[];
  coupons: CouponView[];
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const labelOf = useFieldLabel();
  const placeholderKey = `placeholders.${type}.${spec.name}`;
  const placeholder = i18n.exists(placeholderKey) ? t(placeholderKey) : undefined;
  const optionLabel = useOptionLabel();
  const rangeOf = useRangeHint();
  const name = labelOf(type, spec);
  const range = rangeOf(spec);
  const head = (
    <span>
      {name}
      {range && <span className="muted small"> {range}</span>}
    </span>
  );
  if (compact && spec.kind === 'number')
    return (
      <input
        className="input--compact"
        type="number"
        step={spec.step}
        min={spec.min}
        max={spec.max}
        value={String(value)}
        onChange={(e) => onChange(e.target.value)}
        aria-label={name}
        title={range ? `${name} ${range}` : name}
        data-testid={testId}
      />
    );
  switch (spec.kind) {
    case 'number':
      return (
        <label className="field">
          {head}
          <input type="number" inputMode="decimal" step={spec.step} min={spec.min} max={spec.max} value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
        </label>
      );
    case 'boolean':
      return (
        <label className="field field--check">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid={testId} /> {name}
        </label>
      );
    case 'enum':
      return (
        <label className="field">
          {head}
          <select value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
            {(spec.options ?? []).map((o) => (
              <option key={o} value={o}>
                {optionLabel(spec.name, o)}
              </option>
            ))}
          </select>
        </label>
      );
    case 'product':
      return (
        <label className="field">
          {head}
          <select value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.no}. {pick(p.name, i18n.language)} (¥{yuan(p.price)})
              </option>
            ))}
          </select>
        </label>
      );
    case 'coupon':
      return (
        <label className="field">
          {head}
          <select value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
            {coupons.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name ? pick(c.name, i18n.language) : c.id}
              </option>
            ))}
          </select>
        </label>
      );
    case 'products': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <fieldset className="scope field--wide" data-testid={testId}>
          <legend>{name}</legend>
          {products.map((p) => (
            <label key={p.id}>
              <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => onChange(e.target.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))} /> {p.no}.{' '}
              {pick(p.name, i18n.language)}
            </label>
          ))}
          <FieldNote type={type} field={spec.name} />
        </fieldset>
      );
    }
    default: {
      // string, strings (words), newId
      const long = spec.kind === 'string' && (spec.maxLength ?? 0) >= LONG_TEXT;
      if (long)
        return (
          <div className="field field--wide">
            {head}
            <ComplianceTextarea value={String(value)} onChange={onChange} rows={2} testId={testId} maxChars={spec.maxLength} placeholder={placeholder} />
          </div>
        );
      return (
        <label className={spec.kind === 'strings' ? 'field field--wide' : 'field'}>
          {head}
          <input value={String(value)} maxLength={spec.kind === 'strings' ? undefined : spec.maxLength} onChange={(e) => onChange(e.target.value)} data-testid={testId} placeholder={placeholder} />
        </label>
      );
    }
  }
}

/** Optional locale texts around a field: `fieldNotes.<action>.<field>` and `placeholders.<action>.<field>`. */
function FieldNote({ type, field }: { type: ActionType; field: string }) {
  const { t, i18n } = useTranslation();
  const key = `fieldNotes.${type}.${field}`;
  return i18n.exists(key) ? <span className="muted small">{t(key)}</span> : null;
}

/** Turn the first schema problem of a payload into a message in the UI language. */
export function usePayloadError(): (action: ActionType, payload: Record<string, unknown>) => string | null {
  const { t } = useTranslation();
  const labelOf = useFieldLabel();
  return (action, payload) => {
    const p = checkPayload(action, payload);
    if (!p) return null;
    const name = labelOf(action, { name: p.field, kind: 'string', required: true });
    const value = payload[p.field];
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) return t('form.fieldRequired', { field: name });
    switch (p.code) {
      case 'too_small':
        return t('form.fieldMin', { field: name, min: p.limit });
      case 'too_big':
        return t('form.fieldMax', { field: name, max: p.limit });
      case 'invalid_type':
        return t('form.fieldRequired', { field: name });
      default:
        return t('form.fieldInvalid', { field: name });
    }
  };
}
