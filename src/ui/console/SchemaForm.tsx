import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionType } from '../../engine';
import { actionBody, actionTestId, fieldSpecs } from '../actions/registry';
import { formFields, formPayload, initialValues, type FormValues } from '../actions/forms';
import { useLive } from '../store/live';
import { dispatch } from '../store/session';
import { ActionButton, useActionLabel } from './ActionButton';
import { FieldInput, useOptionLabel, usePayloadError } from './fields';

/**
 * The form of any `form` action, generated from its payload schema: each field's input, limits and
 * default come from the engine (`fieldSpecs`). `fixed` supplies ids the context already knows (the
 * product of a row, the incident of a card); `prefill` starts fields from the console's current
 * values (a product's price); `presets` are buttons that fill in several fields at once.
 */
export function SchemaForm({
  type,
  fixed = {},
  prefill,
  presets,
  inline = false,
  onDone,
  onCancel,
  children,
}: {
  type: ActionType;
  fixed?: Record<string, unknown>;
  prefill?: Record<string, unknown>;
  presets?: { label: string; values: Record<string, unknown>; testId?: string }[];
  inline?: boolean;
  onDone?: () => void;
  onCancel?: () => void;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const labelOf = useActionLabel();
  const payloadError = usePayloadError();
  const products = useLive((s) => s.products);
  const coupons = useLive((s) => s.coupons);
  const fields = formFields(type, fixed);
  const start = () => initialValues(fields, { products, coupons }, prefill);
  const [values, setValues] = useState<FormValues>(start);
  const tid = actionTestId(type);
  const payload = formPayload(fields, values, fixed);
  const error = payloadError(type, payload);
  const set = (name: string, v: FormValues[string]) => setValues((prev) => ({ ...prev, [name]: v }));
  return (
    <form
      className={inline ? 'inline-form' : 'form'}
      data-testid={`${tid}-form`}
      data-action-form={type}
      onSubmit={(e) => {
        e.preventDefault();
        if (error) return;
        dispatch(actionBody(type, payload));
        setValues(start());
        onDone?.();
      }}
    >
      {presets?.map((p) => (
        <button key={p.label} type="button" className="btn btn--small btn--ghost" onClick={() => setValues((prev) => ({ ...prev, ...initialValues(fields.filter((f) => f.name in p.values), { products, coupons }, p.values) }))} data-testid={p.testId}>
          {p.label}
        </button>
      ))}
      <div className={inline ? 'inline-form__fields' : 'form-grid'}>
        {fields.map((f) => (
          <FieldInput key={f.name} type={type} spec={f} value={values[f.name] ?? ''} onChange={(v) => set(f.name, v)} products={products} coupons={coupons} testId={`${tid}-${f.name}`} />
        ))}
      </div>
      {i18n.exists(`formNotes.${type}`) && <p className="muted small">{t(`formNotes.${type}`)}</p>}
      {children}
      {error && <p className="form-error">{error}</p>}
      <div className="btn-row">
        <button type="submit" className="btn btn--small btn--primary" disabled={!!error} data-testid={`${tid}-submit`} data-action={type}>
          {labelOf(type)}
        </button>
        {onCancel && (
          <button type="button" className="btn btn--small btn--ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** A form whose only field is a choice (an enum): one button per value, e.g. "retry" / "switch to backup". */
export function isChoiceForm(type: ActionType, fixed: Record<string, unknown> = {}): boolean {
  const fields = formFields(type, fixed);
  return fields.length === 1 && fields[0].kind === 'enum' && fieldSpecs(type).length - Object.keys(fixed).length === 1;
}

export function ChoiceButtons({ type, fixed = {} }: { type: ActionType; fixed?: Record<string, unknown> }) {
  const optionLabel = useOptionLabel();
  const labelOf = useActionLabel();
  const [f] = formFields(type, fixed);
  const tid = actionTestId(type);
  return (
    <span className="btn-row" role="group" aria-label={labelOf(type)}>
      <span className="muted small">{labelOf(type)}:</span>
      {(f.options ?? []).map((o) => (
        <ActionButton key={o} type={type} payload={{ ...fixed, [f.name]: o }} variant={o === f.default ? 'default' : 'primary'} testId={`${tid}-${o}`}>
          {optionLabel(f.name, o)}
        </ActionButton>
      ))}
    </span>
  );
}

/** A `form` action where it is offered: its choice buttons, or its form. */
export function FormControl(props: Parameters<typeof SchemaForm>[0]) {
  return isChoiceForm(props.type, props.fixed) ? <ChoiceButtons type={props.type} fixed={props.fixed} /> : <SchemaForm {...props} />;
}
