/** An exam that requires Safe Exam Browser: its .seb file to download, and the Config Key the hub checks. */
import { useTranslation } from 'react-i18next';
import type { ExamDetail } from './api';

export const sebUrl = (examId: string) => `/api/exams/${encodeURIComponent(examId)}/settings.seb`;

export function SebPanel({ exam }: { exam: ExamDetail }) {
  const { t } = useTranslation();
  if (!exam.seb_required) return null;
  return (
    <section className="panel" data-testid="seb-panel">
      <h3>{t('teacher.seb.title')}</h3>
      <p className="small">{t('teacher.seb.lead')}</p>
      <div className="btn-row">
        <a className="btn btn--primary" href={sebUrl(exam.id)} download data-testid="exam-seb-file">
          {t('teacher.seb.download')}
        </a>
      </div>
      <p className="muted small">
        {t('teacher.seb.key')} <code data-testid="exam-seb-key">{exam.seb_config_key}</code>
      </p>
    </section>
  );
}
