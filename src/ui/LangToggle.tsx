import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from './i18n';

export function LangToggle({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <button
      type="button"
      className={compact ? 'lang-toggle lang-toggle--compact' : 'lang-toggle'}
      data-testid="lang-toggle"
      onClick={() => void setLanguage(lang === 'en' ? 'zh-CN' : 'en')}
      aria-label={t('lang.toggleLabel')}
      title={t('lang.toggleLabel')}
    >
      {t('lang.toggle')}
    </button>
  );
}
