import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionType } from '../../engine';
import { actionBody, actionTestId, engineLang, label, shortcutFor } from '../actions/registry';
import { dispatch } from '../store/session';
import { VARIANT } from './actionState';

/**
 * A console button for one engine action: its label and shortcut come from the engine registry,
 * its payload is completed with the schema's defaults before it is dispatched.
 */
export function ActionButton({
  type,
  payload,
  disabled,
  variant,
  children,
  testId,
  onDone,
}: {
  type: ActionType;
  payload?: Record<string, unknown>;
  disabled?: boolean;
  variant?: 'default' | 'primary' | 'danger' | 'ghost';
  children?: ReactNode;
  /** Defaults to the action type with dashes (`show_card` → `show-card`). */
  testId?: string;
  onDone?: () => void;
}) {
  const { i18n } = useTranslation();
  const text = label(type, engineLang(i18n.language));
  const key = shortcutFor(type);
  return (
    <button
      type="button"
      className={`btn btn--small btn--${variant ?? VARIANT[type] ?? 'default'}`}
      data-action={type}
      data-testid={testId ?? actionTestId(type)}
      title={key ? `${text} (${key})` : text}
      disabled={disabled}
      onClick={() => {
        dispatch(actionBody(type, payload ?? {}));
        onDone?.();
      }}
    >
      {children ?? text}
    </button>
  );
}

/** The engine's label of an action in the UI language. */
export function useActionLabel(): (type: ActionType) => string {
  const { i18n } = useTranslation();
  const lang = engineLang(i18n.language);
  return (type) => label(type, lang);
}
