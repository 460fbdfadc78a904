/** Small pieces the teacher's screens share: the hub's error as text, dates, the back link. */
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { goTeacher, teacherHref, type TeacherView } from './route';
import { HubRequestError } from './api';

export type Lang = 'zh' | 'en';

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('en') ? 'en' : 'zh';
}

/** What went wrong, in the hub's words (an unreachable hub is said in the page's language). */
export function errorText(e: unknown, t: TFunction): string {
  if (e instanceof HubRequestError && e.status === 0) return t('teacher.unreachable', { detail: e.message });
  return e instanceof Error ? e.message : String(e);
}

export function ErrorLine({ error, testId }: { error: string | null; testId: string }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {error}
    </p>
  );
}

export function dateTime(ms: number | null | undefined, lang: Lang): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A link inside the teacher's pages (a real link: middle-click opens a tab; a click stays in the page). */
export function TeacherLink({ to, testId, className, children }: { to: TeacherView; testId: string; className?: string; children: ReactNode }) {
  return (
    <a
      href={teacherHref(to)}
      className={className}
      data-testid={testId}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        goTeacher(to);
      }}
    >
      {children}
    </a>
  );
}
