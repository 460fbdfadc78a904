/**
 * The teacher's pages of the exam hub: `?page=setup&token=…` (the one-time setup link the hub
 * prints) and `?page=teacher` (login, exams, gradebook, reports). Read from the address, so a
 * reload stays where it was and the browser's back button works; kept out of the session store
 * (the run's screens) like the script-check page. This file is in the app's main chunk: it only
 * reads the address; the screens are their own chunk (entry.tsx).
 */
import { useSyncExternalStore } from 'react';

export type TeacherView = { view: 'list' } | { view: 'new' } | { view: 'exam'; exam: string } | { view: 'report'; exam: string; attempt: string } | { view: 'watch'; exam: string; attempt: string };
export type TeacherRoute = { page: 'setup'; token: string } | ({ page: 'teacher' } & TeacherView);

export function readTeacherRoute(search: string): TeacherRoute | null {
  const q = new URLSearchParams(search);
  const page = q.get('page');
  if (page === 'setup') return { page: 'setup', token: q.get('token') ?? '' };
  if (page !== 'teacher') return null;
  const exam = q.get('exam');
  const attempt = q.get('attempt');
  const watch = q.get('watch');
  if (exam && watch) return { page: 'teacher', view: 'watch', exam, attempt: watch };
  if (exam && attempt) return { page: 'teacher', view: 'report', exam, attempt };
  if (exam) return { page: 'teacher', view: 'exam', exam };
  if (q.get('new') !== null) return { page: 'teacher', view: 'new' };
  return { page: 'teacher', view: 'list' };
}

// useSyncExternalStore needs the same object while the address is the same.
let cached: { search: string; route: TeacherRoute | null } = { search: '\u0000', route: null };
function snapshot(): TeacherRoute | null {
  if (typeof location === 'undefined') return null;
  if (cached.search !== location.search) cached = { search: location.search, route: readTeacherRoute(location.search) };
  return cached.route;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

/** The teacher page the address names, or null (the simulator). */
export function useTeacherRoute(): TeacherRoute | null {
  return useSyncExternalStore(subscribe, snapshot, () => null);
}

/** The address of a teacher view. */
export function teacherHref(v: TeacherView): string {
  const q = new URLSearchParams({ page: 'teacher' });
  if (v.view === 'new') q.set('new', '');
  if (v.view === 'exam' || v.view === 'report' || v.view === 'watch') q.set('exam', v.exam);
  if (v.view === 'watch') q.set('watch', v.attempt);
  if (v.view === 'report') q.set('attempt', v.attempt);
  return `${location.pathname}?${q.toString().replace(/new=(&|$)/, 'new$1')}`;
}

/** Go to a teacher view (`replace`: without a new history entry, e.g. after setup). */
export function goTeacher(v: TeacherView, replace = false): void {
  const href = teacherHref(v);
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo?.(0, 0);
}
