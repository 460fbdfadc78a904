import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from './AppHeader';
import { LangToggle } from './LangToggle';
import { useSession } from './store/session';
import { BriefingScreen, EndScreen, LiveScreen, PickerScreen, PrecheckScreen, ScriptCheckScreen } from './screens/lazy';
import { useScriptCheckRoute } from './scriptcheck/route';
import { TeacherPages, useTeacherRoute } from './hub/teacher/entry';
import { CompareScreen, DrillScreen, HistoryScreen, ReplayScreen, ResumeOffer, ReviewScreen, SkillsScreen } from './screens/lazy';
import { params } from './params';
import { withScreenMessages } from './i18n';

/** A class exam on the hub (`?join=CODE`, `?page=exam`): its own chunk, never loaded for practice. */
const ExamApp = lazy(withScreenMessages(() => import('./hub/student/ExamApp')));

export function App() {
  if (params.exam) {
    return (
      <Suspense fallback={null}>
        <ExamApp />
      </Suspense>
    );
  }
  return <PracticeApp />;
}

function PracticeApp() {
  const { t, i18n } = useTranslation();
  const screen = useSession((s) => s.screen);
  const runKey = useSession((s) => s.runKey);
  const drill = useSession((s) => s.drill);
  const scriptCheck = useScriptCheckRoute();
  const teacher = useTeacherRoute();

  // The exam hub's teacher pages (?page=setup&token=… or ?page=teacher): their own chunk and shell.
  if (teacher) {
    return (
      <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
        <TeacherPages />
      </Suspense>
    );
  }

  if (screen === 'live' || screen === 'replay') {
    return (
      <div className="app app--live" lang={i18n.language}>
        <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
          {screen === 'live' ? <LiveScreen key={runKey} /> : <ReplayScreen />}
        </Suspense>
      </div>
    );
  }

  return (
    <div className="app" lang={i18n.language}>
      <AppHeader title={t('app.name')} tagline={t('app.tagline')} testId="app-title">
        <LangToggle />
      </AppHeader>

      <main className="app-main">
        <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
          {screen === 'picker' && !scriptCheck && <ResumeOffer />}
          {screen === 'picker' && (scriptCheck ? <ScriptCheckScreen /> : <PickerScreen />)}
          {screen === 'briefing' && <BriefingScreen />}
          {screen === 'precheck' && <PrecheckScreen />}
          {screen === 'end' && <EndScreen />}
          {screen === 'history' && <HistoryScreen />}
          {screen === 'review' && <ReviewScreen />}
          {screen === 'compare' && <CompareScreen />}
          {screen === 'skills' && <SkillsScreen />}
          {screen === 'drill' && <DrillScreen key={`${drill?.kind}-${drill?.seed}`} />}
        </Suspense>
      </main>

      <footer className="app-footer">{t('footer.offline')}</footer>
    </div>
  );
}
