/**
 * On the scenario list: a run interrupted by a reload or a crash is offered for continuing
 * where it stopped (at most the last second lost), or for keeping in the history as stopped.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { scenarioHash } from '../../engine';
import { clock, pick } from '../format';
import { loadScenario, loadShippedScenarios } from '../scenarios';
import { listEntries, type JournalEntry } from '../storage/journal';
import { resumeLive, useSession } from '../store/session';
import './review.css';

export default function ResumeOffer() {
  const { t, i18n } = useTranslation();
  const [entry, setEntry] = useState<JournalEntry | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    listEntries()
      .then((all) => !cancelled && setEntry(all.find((e) => e.status === 'live') ?? null))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  if (!entry) return null;
  const shipped = loadShippedScenarios().find((e) => e.result.ok && e.result.summary.id === entry.scenarioId);
  const title = shipped?.result.ok ? pick(shipped.result.summary.title, i18n.language) : entry.scenarioId;
  const resume = async () => {
    const scenario = await loadScenario(entry.scenarioId);
    if (!scenario) return setError(t('history.cannotReplay', { reason: `scenario "${entry.scenarioId}" is not in this app` }));
    if (scenarioHash(scenario) !== entry.scenarioHash) return setError(t('history.cannotReplay', { reason: `scenario "${entry.scenarioId}" has changed since this run was recorded (hash mismatch)` }));
    useSession.setState({ scenarioId: entry.scenarioId, seed: entry.seed, plan: entry.plan, mode: entry.mode });
    await resumeLive(entry);
  };
  const discard = async () => {
    const { discardLive } = await import('../storage/history');
    await discardLive(entry, loadScenario);
    setEntry(null);
  };
  return (
    <div className="resume-offer" role="region" aria-label={t('history.resumeTitle')} data-testid="resume-offer" data-run={entry.id}>
      <p>
        <b>{t('history.resumeTitle')}</b> {t('history.resumeText', { scenario: title, time: clock(entry.simMs), actions: entry.actions.length })}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="btn btn--primary" onClick={() => void resume()} data-testid="resume-run">
        {t('history.resume')}
      </button>
      <button type="button" className="btn btn--ghost" onClick={() => void discard()} data-testid="resume-discard">
        {t('history.resumeDiscard')}
      </button>
    </div>
  );
}
