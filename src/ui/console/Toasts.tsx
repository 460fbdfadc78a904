import { useTranslation } from 'react-i18next';
import { ACTION_TYPES, type ActionType } from '../../engine';
import { useLive } from '../store/live';
import { useActionLabel } from './ActionButton';

/** Actions the engine refused, with its reason in the UI language. */
export function Toasts() {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const toasts = useLive((s) => s.toasts);
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" data-testid="toasts" role="status">
      {toasts.map((x) => (
        <div key={x.key} className="toast" data-code={x.code}>
          <b>{(ACTION_TYPES as string[]).includes(x.action) ? labelOf(x.action as ActionType) : x.action}</b>
          {': '}
          {t(`reject.${x.code}`, { defaultValue: x.reason })}
        </div>
      ))}
    </div>
  );
}
