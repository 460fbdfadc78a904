import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionBody, ActionType } from '../../engine/actions';
import { engineLang, label, shortcutFor } from '../actions/registry';
import { dispatch } from '../store/session';

type PayloadOf<K extends ActionType> = Omit<Extract<ActionBody, { type: K }>, 'type'>;

/** A console button for one engine action: its label and shortcut come from the registries. */
export function ActionButton<K extends ActionType>({
  type,
  payload,
  disabled,
  variant = 'default',
  children,
  testId,
  onDone,
}: {
  type: K;
  payload?: PayloadOf<K>;
  disabled?: boolean;
  variant?: 'default' | 'primary' | 'danger' | 'ghost';
  children?: ReactNode;
  testId?: string;
  onDone?: () => void;
}) {
  const { i18n } = useTranslation();
  const text = label(type, engineLang(i18n.language));
  const key = shortcutFor(type);
  return (
    <button
      type="button"
      className={`btn btn--small btn--${variant}`}
      data-action={type}
      data-testid={testId}
      title={key ? `${text} (${key})` : text}
      disabled={disabled}
      onClick={() => {
        dispatch({ type, ...(payload ?? {}) } as ActionBody);
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
