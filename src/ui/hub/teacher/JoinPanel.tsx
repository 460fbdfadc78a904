/** How students join: the big code, the address and its QR code; "投屏" shows them full screen for the class. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { qrUrl, type ExamDetail } from './api';

export function JoinPanel({ exam }: { exam: ExamDetail }) {
  const { t } = useTranslation();
  const [projecting, setProjecting] = useState(false);
  useEffect(() => {
    if (!projecting) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setProjecting(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [projecting]);
  const code = (
    <span className="join-code" data-testid={projecting ? 'project-join-code' : 'exam-join-code'}>
      {exam.join_code}
    </span>
  );
  return (
    <section className="panel join-panel" data-testid="join-panel">
      <div className="join-panel__text">
        <p className="muted small">{t('teacher.join.code')}</p>
        {code}
        <p className="small">
          {t('teacher.join.url')}{' '}
          <a href={exam.joinUrl} target="_blank" rel="noreferrer" data-testid="exam-join-url">
            {exam.joinUrl}
          </a>
        </p>
        <p className="note small">{t('teacher.join.projectHint')}</p>
        <div className="btn-row">
          <button type="button" className="btn" onClick={() => setProjecting(true)} data-testid="exam-project">
            {t('teacher.join.project')}
          </button>
        </div>
      </div>
      <img className="join-qr" src={qrUrl(exam.id)} alt={t('teacher.join.qrAlt', { url: exam.joinUrl })} data-testid="exam-qr" />
      {projecting && (
        <div className="join-projector" role="dialog" aria-modal="true" aria-label={t('teacher.join.project')} data-testid="join-projector">
          <h2>{exam.title}</h2>
          <p>{t('teacher.join.projectLead')}</p>
          {code}
          <img className="join-qr join-qr--big" src={qrUrl(exam.id)} alt={t('teacher.join.qrAlt', { url: exam.joinUrl })} />
          <p className="join-projector__url">{exam.joinUrl}</p>
          <button type="button" className="btn" onClick={() => setProjecting(false)} data-testid="project-close">
            {t('teacher.join.close')}
          </button>
        </div>
      )}
    </section>
  );
}
