import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionType } from '../../engine/actions';
import { checkPayload, fieldLimits } from '../actions/registry';

/** A number input whose range comes from the engine's schema for (action, field). */
export function NumberField({
  action,
  field,
  label,
  value,
  onChange,
  step = 1,
  min,
  unit,
  testId,
}: {
  action: ActionType;
  field: string;
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  step?: number;
  /** Overrides the schema's minimum (e.g. "positive" reads as 0 but means at least 1). */
  min?: number;
  unit?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lim = fieldLimits(action, field);
  const lo = min ?? lim.min;
  const hi = lim.max !== undefined && lim.max < 1e9 ? lim.max : undefined;
  const range = lo !== undefined && hi !== undefined ? t('form.range', { min: lo, max: hi }) : hi !== undefined ? t('form.atMost', { max: hi }) : '';
  return (
    <label className="field">
      <span>
        {label}
        {unit && <span className="muted"> ({unit})</span>}
        {range && <span className="muted small"> {range}</span>}
      </span>
      <input type="number" inputMode="decimal" step={step} min={lo} max={hi} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

/** Turn the first schema problem of a payload into a message in the UI language. */
export function usePayloadError(): (action: ActionType, payload: Record<string, unknown>, fieldLabels: Record<string, string>) => string | null {
  const { t } = useTranslation();
  return (action, payload, fieldLabels) => {
    const p = checkPayload(action, payload);
    if (!p) return null;
    const name = fieldLabels[p.field] ?? p.field;
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

/** A number from a form field, or undefined when empty (so the engine's default applies). */
export function num(v: string): number | undefined {
  if (v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}
