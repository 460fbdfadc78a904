/**
 * The storage banner: shown at once, in the live console and on the end screen, when the run could
 * not be written to this browser (a full disk, private mode, a blocked or closed database). The run
 * stays whole in memory; the student can download its run file, and the writes are retried (the
 * banner goes away when one lands). Also the notice that the run moved to another tab.
 * Non-blocking: nothing else on the page waits for it. docs/review.md "When saving fails".
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { loadRunFiles } from '../../engine';
import { backToPicker, useSession } from '../store/session';
import { useSimSecond } from '../store/live';
import type { LiveRun } from '../store/run';
import './storage-banner.css';

/** What the download button needs (the run file and the download), fetched as soon as the banner shows: the live room does not carry it. */
let downloader: Promise<[Awaited<ReturnType<typeof loadRunFiles>>, typeof import('../download')]> | null = null;
function loadDownloader() {
  return (downloader ??= Promise.all([loadRunFiles(), import('../download')]).catch((e: unknown) => {
    downloader = null; // (tried again on the click)
    throw e;
  }));
}

/** The message for a failure, by the error's name. */
function reasonKey(name: string | null): string {
  if (name === 'QuotaExceededError') return 'storage.reasonQuota';
  if (name === 'BlockedError') return 'storage.reasonBlocked';
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError' || name === 'NotAllowedError') return 'storage.reasonRefused';
  return 'storage.reasonOther';
}

/** What is kept in memory: the run's actions so far (re-read each sim second, as the run goes on). */
function KeptInMemory({ run }: { run: LiveRun }) {
  const { t } = useTranslation();
  useSimSecond();
  return <>{t('storage.keptInMemory', { count: run.actions.length })}</>;
}

export interface StorageBannerProps {
  /** The history (end screen) could not store the run, though the journal may have: why. */
  archiveError?: string | null;
}

export function StorageBanner({ archiveError = null }: StorageBannerProps) {
  const { t } = useTranslation();
  const storage = useSession((s) => s.storage);
  const moved = useSession((s) => s.moved);
  const run = useSession((s) => s.run);
  const error = storage?.error ?? archiveError;
  const name = storage?.error ? storage.errorName : archiveError ? (/^(\w+Error)\b/.exec(archiveError)?.[1] ?? null) : null;
  const failed = !!(error && run);
  useEffect(() => {
    if (failed) void loadDownloader().catch(() => undefined);
  }, [failed]);
  const download = () => {
    if (!run) return;
    void loadDownloader().then(([{ makeRunFile }, { downloadJson }]) =>
      downloadJson(`livesim-${run.scenario.meta.id}-seed${run.seed}-run.json`, makeRunFile(run.scenario, run.seed, run.actions, run.sim, 'ui')),
    );
  };
  if (!moved && !failed) return null;
  return (
    <div className="storage-banners">
      {moved && (
        <div className="storage-banner storage-banner--moved" role="alert" data-testid="run-moved">
          <p>
            <b>{t('storage.movedTitle')}</b> {t('storage.movedText')}
          </p>
          <button type="button" className="btn btn--small" onClick={backToPicker} data-testid="run-moved-back">
            {t('common.backToList')}
          </button>
        </div>
      )}
      {error && run && (
        <div className="storage-banner" role="alert" data-testid="storage-banner" data-error={name ?? ''}>
          <p>
            <b>{t('storage.failedTitle')}</b> {t(reasonKey(name))} <KeptInMemory run={run} />
          </p>
          <p className="small muted">
            {t('storage.retrying')} <code className="storage-banner__detail">{error.slice(0, 160)}</code>
          </p>
          <button type="button" className="btn btn--small btn--primary" onClick={download} data-testid="storage-download">
            {t('storage.download')}
          </button>
        </div>
      )}
    </div>
  );
}
