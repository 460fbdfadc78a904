import type { ReactNode } from 'react';

/**
 * The page's header band: the title (with its test id), the tagline under it, and whatever goes on
 * the right (the language toggle, the teacher's name and log-out). The practice app, the student's
 * exam page and the teacher's pages share it.
 */
export function AppHeader({ title, tagline, testId, children }: { title: ReactNode; tagline: ReactNode; testId: string; children?: ReactNode }) {
  return (
    <header className="app-header">
      <div className="app-header__titles">
        <h1 className="app-title" data-testid={testId}>
          {title}
        </h1>
        <p className="app-tagline">{tagline}</p>
      </div>
      {children}
    </header>
  );
}
