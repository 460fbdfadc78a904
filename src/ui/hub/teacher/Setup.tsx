/** The one-time setup link: the first teacher's user name and password; then the exams list. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api';
import { ErrorLine, errorText, TeacherLink } from './common';
import { goTeacher } from './route';

export const MIN_PASSWORD = 10;

export function Setup({ token }: { token: string }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const tooShort = password.length > 0 && password.length < MIN_PASSWORD;
  const mismatch = repeat.length > 0 && repeat !== password;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || password.length < MIN_PASSWORD || password !== repeat) return;
    setBusy(true);
    setError(null);
    api.setup(token, username, password).then(
      () => goTeacher({ view: 'list' }, true),
      (err: unknown) => {
        setBusy(false);
        setFailed(true);
        setError(errorText(err, t));
      },
    );
  };

  return (
    <section className="panel teacher-narrow" data-testid="teacher-setup">
      <h2>{t('teacher.setup.title')}</h2>
      <p className="muted small">{t('teacher.setup.intro')}</p>
      {!token && <ErrorLine error={t('teacher.setup.noToken')} testId="setup-no-token" />}
      <form className="teacher-form" onSubmit={submit} noValidate>
        <label className="field">
          {t('teacher.username')}
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" maxLength={40} required data-testid="setup-username" />
        </label>
        <label className="field">
          {t('teacher.setup.password', { min: MIN_PASSWORD })}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" aria-invalid={tooShort} data-testid="setup-password" />
          {tooShort && <span className="form-error">{t('teacher.setup.tooShort', { min: MIN_PASSWORD })}</span>}
        </label>
        <label className="field">
          {t('teacher.setup.repeat')}
          <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" aria-invalid={mismatch} data-testid="setup-repeat" />
          {mismatch && <span className="form-error">{t('teacher.setup.mismatch')}</span>}
        </label>
        <ErrorLine error={error} testId="setup-error" />
        {failed && (
          <p className="small">
            <TeacherLink to={{ view: 'list' }} testId="setup-login-link">
              {t('teacher.setup.toLogin')}
            </TeacherLink>
          </p>
        )}
        <div className="btn-row">
          <button type="submit" className="btn btn--primary" disabled={busy || !token || !username.trim() || password.length < MIN_PASSWORD || password !== repeat} data-testid="setup-submit">
            {busy ? t('teacher.working') : t('teacher.setup.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
