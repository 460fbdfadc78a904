/**
 * The teacher's side of the exam hub (docs/hub.md): the setup link, login, the exams, the
 * gradebook and each student's report. Its own chunk (entry.tsx); the address says which page
 * (route.ts). Every call goes to the hub that served the page, with the session cookie.
 *
 * A report's evidence and chart markers open the practice replay (review/nav.ts openReplay sets the
 * session's screen to 'replay'): it is shown here in place of the pages, which stay mounted (hidden)
 * so its back button (closeReplay) returns to the report as it was, scrolled where it was.
 */
import { Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from '../../AppHeader';
import { LangToggle } from '../../LangToggle';
import { closeReplay } from '../../review/nav';
import { ReplayScreen } from '../../screens/lazy';
import { useSession } from '../../store/session';
import { api, HubRequestError, type Teacher } from './api';
import { ErrorLine, errorText } from './common';
import { CreateExam } from './CreateExam';
import { ExamList } from './ExamList';
import { ExamPage } from './ExamPage';
import { Login } from './Login';
import { Report } from './Report';
import { useTeacherRoute, type TeacherRoute } from './route';
import { Setup } from './Setup';
import { Watch } from './Watch';

/** Where the page was scrolled when the replay opened (put back when it closes). */
let scrolledTo = 0;

export default function TeacherPages() {
  const { t, i18n } = useTranslation();
  const route = useTeacherRoute();
  const screen = useSession((s) => s.screen);
  const onReport = route?.page === 'teacher' && route.view === 'report';
  const replaying = onReport && screen === 'replay';
  // The session's store changes before React renders: the report's scroll position is still there.
  useEffect(
    () =>
      useSession.subscribe((s, prev) => {
        if (s.screen === 'replay' && prev.screen !== 'replay') scrolledTo = window.scrollY;
      }),
    [],
  );
  // Leaving the report another way (the browser's back button) closes the replay.
  useEffect(() => {
    if (screen === 'replay' && !onReport) closeReplay();
  }, [screen, onReport]);
  const wasReplaying = useRef(replaying);
  useLayoutEffect(() => {
    if (replaying === wasReplaying.current) return;
    wasReplaying.current = replaying;
    window.scrollTo?.(0, replaying ? 0 : scrolledTo);
  }, [replaying]);
  if (!route) return null;
  return (
    <>
      {replaying && (
        <div className="app app--live" lang={i18n.language} data-testid="teacher-replay">
          <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
            <ReplayScreen />
          </Suspense>
        </div>
      )}
      <div style={{ display: replaying ? 'none' : 'contents' }}>
        {route.page === 'setup' ? (
          <Shell teacher={null}>
            <Setup token={route.token} />
          </Shell>
        ) : (
          <Signed route={route} />
        )}
      </div>
    </>
  );
}

type Me = { state: 'loading' } | { state: 'out' } | { state: 'in'; teacher: Teacher } | { state: 'error'; error: string };

function Signed({ route }: { route: Extract<TeacherRoute, { page: 'teacher' }> }) {
  const { t } = useTranslation();
  const [me, setMe] = useState<Me>({ state: 'loading' });
  const load = useCallback(() => {
    api.me().then(
      (r) => setMe({ state: 'in', teacher: r.teacher }),
      (e: unknown) => setMe(e instanceof HubRequestError && e.status === 401 ? { state: 'out' } : { state: 'error', error: errorText(e, t) }),
    );
  }, [t]);
  useEffect(load, [load]);
  const retry = () => {
    setMe({ state: 'loading' });
    load();
  };

  const teacher = me.state === 'in' ? me.teacher : null;
  return (
    <Shell teacher={teacher} onLoggedOut={() => setMe({ state: 'out' })}>
      {me.state === 'loading' && <p className="loading">{t('common.loading')}</p>}
      {me.state === 'error' && (
        <section className="panel teacher-narrow">
          <ErrorLine error={me.error} testId="teacher-error" />
          <button type="button" className="btn" onClick={retry} data-testid="teacher-retry">
            {t('teacher.retry')}
          </button>
        </section>
      )}
      {me.state === 'out' && <Login onLoggedIn={(teacher) => setMe({ state: 'in', teacher })} />}
      {teacher && route.view === 'list' && <ExamList />}
      {teacher && route.view === 'new' && <CreateExam />}
      {teacher && route.view === 'exam' && <ExamPage key={route.exam} examId={route.exam} />}
      {teacher && route.view === 'report' && <Report key={route.attempt} examId={route.exam} attemptId={route.attempt} />}
      {teacher && route.view === 'watch' && <Watch key={route.attempt} examId={route.exam} attemptId={route.attempt} />}
    </Shell>
  );
}

function Shell({ teacher, onLoggedOut, children }: { teacher: Teacher | null; onLoggedOut?: () => void; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const logout = () => {
    setError(null);
    api.logout().then(
      () => onLoggedOut?.(),
      (e: unknown) => setError(errorText(e, t)),
    );
  };
  return (
    <div className="app teacher" lang={i18n.language} data-testid="teacher-app">
      <AppHeader title={t('teacher.title')} tagline={t('app.name')} testId="teacher-title">
        <div className="teacher-header__tools">
          {teacher && (
            <>
              <span className="muted small" data-testid="teacher-name">
                {t('teacher.signedInAs', { name: teacher.username })}
              </span>
              <button type="button" className="btn btn--small" onClick={logout} data-testid="teacher-logout">
                {t('teacher.logout')}
              </button>
            </>
          )}
          <LangToggle />
        </div>
      </AppHeader>
      <main className="app-main teacher-main">
        <ErrorLine error={error} testId="teacher-logout-error" />
        {children}
      </main>
    </div>
  );
}
