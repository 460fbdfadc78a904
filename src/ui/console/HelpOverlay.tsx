import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS, type Shortcut } from '../actions/registry';
import { formFields } from '../actions/forms';
import { setHelpOpen } from '../store/session';
import { useActionLabel } from './ActionButton';
import { useFieldLabel } from './fields';

/**
 * What a shortcut acts on and the defaults it uses, e.g. "the selected comment · 禁言时长（分钟）10":
 * the target from the engine's shortcut definition, the values from the action's schema.
 */
function useShortcutDetail(): (s: Shortcut) => string {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  return (s) => {
    if (!s.action) return '';
    const parts: string[] = [];
    if (s.target === 'product') parts.push(t('shortcuts.productN'));
    if (s.target === 'comment') parts.push(t('shortcuts.selected'));
    for (const f of formFields(s.action, { product: '', comment: 0, viewer: 0 })) if (f.default !== undefined) parts.push(`${fieldLabel(s.action, f)} ${String(f.default)}`);
    return parts.join(' · ');
  };
}

/** The keyboard shortcuts, listed from the same registry the key handler uses (the engine's actions, then the console's own). */
export function HelpOverlay() {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
  const detailOf = useShortcutDetail();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-h" data-testid="help-overlay" onClick={() => setHelpOpen(false)}>
      <div className="overlay__box" onClick={(e) => e.stopPropagation()}>
        <div className="panel__head">
          <h2 id="help-h">{t('shortcuts.title')}</h2>
          <button type="button" className="btn btn--small btn--ghost" ref={close} onClick={() => setHelpOpen(false)}>
            {t('common.close')} (Esc)
          </button>
        </div>
        <p className="muted small">{t('shortcuts.note')}</p>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.id} data-shortcut={s.id}>
                <td>
                  <kbd>{s.display}</kbd>
                </td>
                <td>
                  {s.action ? labelOf(s.action) : t(s.labelKey ?? s.id)}
                  {detailOf(s) && <span className="muted"> · {detailOf(s)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
