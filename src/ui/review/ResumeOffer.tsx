/**
 * On the scenario list: a run interrupted by a reload or a crash is offered for continuing
 * where it stopped (at most the last second lost), or for keeping in the history as stopped.
 * A run still live in another tab is offered for taking over instead (storage/tabs.ts).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { scenarioHash } from '../../engine';
import { clock, pick } from '../format';
import { loadScenario, loadShippedScenarios } from '../scenarios';
import { listEntries, type JournalEntry } from '../storage/journal';
import { acquireRun, openElsewhere } from '../storage/tabs';
import { resumeLive, takeOverLive, useSession } from '../store/session';
import './review.css';

export default function ResumeOffer() {
  const { t, i18n } = useTranslation();
  const [entry, setEntry] = useState<JournalEntry | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The run is being played in another tab (it holds the run's lock). */
  const [elsewhere, setElsewhere] = useState(false);
  const [taking, setTaking] = useState(false);
  useEffect(() => {
    let cancelled = false;
    listEntries()
      .then(async (all) => {
        const live = all.find((e) => e.status === 'live') ?? null;
        const busy = live ? await openElsewhere(live.id).catch(() => false) : false;
        if (cancelled) return;
        setElsewhere(busy);
        setEntry(live);
      })
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
    setTaking(true);
    try {
      if (!elsewhere) {
        if (!(await resumeLive(entry))) setElsewhere(true);
      } else await takeOverLive(entry);
    } catch (e) {
      setError(t('storage.takeOverFailed', { error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setTaking(false);
    }
  };
  const discard = async () => {
    // Only while no other tab plays it (holding the run's lock meanwhile).
    const held = await acquireRun(entry.id);
    if (!held) return setElsewhere(true);
    try {
      const { discardLive } = await import('../storage/history');
      await discardLive(entry, loadScenario);
      setEntry(null);
    } finally {
      held.release();
    }
  };
  return (
    <div className="resume-offer" role="region" aria-label={t(elsewhere ? 'storage.elsewhereTitle' : 'history.resumeTitle')} data-testid="resume-offer" data-run={entry.id} data-elsewhere={elsewhere ? 'true' : 'false'}>
      {elsewhere ? (
        <p data-testid="run-elsewhere">
          <b>{t('storage.elsewhereTitle')}</b> {t('storage.elsewhereText', { scenario: title, time: clock(entry.simMs) })}
        </p>
      ) : (
        <p>
          <b>{t('history.resumeTitle')}</b> {t('history.resumeText', { scenario: title, time: clock(entry.simMs), actions: entry.actions.length })}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="btn btn--primary" onClick={() => void resume()} disabled={taking} data-testid={elsewhere ? 'take-over' : 'resume-run'}>
        {elsewhere ? t(taking ? 'storage.takingOver' : 'storage.takeOver') : t('history.resume')}
      </button>
      {/* Never archive a run another tab is still writing. */}
      {!elsewhere && (
        <button type="button" className="btn btn--ghost" onClick={() => void discard()} data-testid="resume-discard">
          {t('history.resumeDiscard')}
        </button>
      )}
    </div>
  );
}
