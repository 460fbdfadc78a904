import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LangToggle } from './LangToggle';
import { useSession } from './store/session';
import { BriefingScreen, EndScreen, LiveScreen, PickerScreen, PrecheckScreen } from './screens/lazy';

export function App() {
  const { t, i18n } = useTranslation();
  const screen = useSession((s) => s.screen);
  const runKey = useSession((s) => s.runKey);

  if (screen === 'live') {
    return (
      <div className="app app--live" lang={i18n.language}>
        <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
          <LiveScreen key={runKey} />
        </Suspense>
      </div>
    );
  }

  return (
    <div className="app" lang={i18n.language}>
      <header className="app-header">
        <div className="app-header__titles">
          <h1 className="app-title" data-testid="app-title">
            {t('app.name')}
          </h1>
          <p className="app-tagline">{t('app.tagline')}</p>
        </div>
        <LangToggle />
      </header>

      <main className="app-main">
        <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
          {screen === 'picker' && <PickerScreen />}
          {screen === 'briefing' && <BriefingScreen />}
          {screen === 'precheck' && <PrecheckScreen />}
          {screen === 'end' && <EndScreen />}
        </Suspense>
      </main>

      <footer className="app-footer">{t('footer.offline')}</footer>
    </div>
  );
}
