/** The teacher's login (the session is an HttpOnly cookie the hub sets). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Teacher } from './api';
import { ErrorLine, errorText } from './common';

export function Login({ onLoggedIn }: { onLoggedIn: (t: Teacher) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username || !password) return;
    setBusy(true);
    setError(null);
    api.login(username, password).then(
      (r) => onLoggedIn(r.teacher),
      (err: unknown) => {
        setBusy(false);
        setError(errorText(err, t));
      },
    );
  };

  return (
    <section className="panel teacher-narrow" data-testid="teacher-login">
      <h2>{t('teacher.login.title')}</h2>
      <form className="teacher-form" onSubmit={submit}>
        <label className="field">
          {t('teacher.username')}
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required data-testid="login-username" />
        </label>
        <label className="field">
          {t('teacher.password')}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required data-testid="login-password" />
        </label>
        <ErrorLine error={error} testId="login-error" />
        <div className="btn-row">
          <button type="submit" className="btn btn--primary" disabled={busy || !username || !password} data-testid="login-submit">
            {busy ? t('teacher.working') : t('teacher.login.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
