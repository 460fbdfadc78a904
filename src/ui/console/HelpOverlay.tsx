import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from '../actions/registry';
import { setHelpOpen } from '../store/session';
import { useActionLabel } from './ActionButton';

/** The keyboard shortcuts, listed from the same registry the key handler uses. */
export function HelpOverlay() {
  const { t } = useTranslation();
  const labelOf = useActionLabel();
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
              <tr key={s.id}>
                <td>
                  <kbd>{s.display}</kbd>
                </td>
                <td>
                  {s.action ? labelOf(s.action) : t(s.labelKey ?? s.id)}
                  {s.detailKey && <span className="muted"> · {t(s.detailKey)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
