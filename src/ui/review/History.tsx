/**
 * Run history (历史记录): every saved run — scenario, date, duration, the frozen live grade and
 * its verdict, the review quiz's own score — with a
 * filter by scenario, review, replay, export and delete, import of run files, and comparing two
 * attempts at the same scenario and seed.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clock, pick } from '../format';
import { loadScenario } from '../scenarios';
import { backToPicker } from '../store/session';
import type { RunRecord } from '../storage/db';
import { archiveJournal, deleteRun, exportRunFile, gradeUngraded, incompatibility, listRuns, type ImportProgress } from '../storage/history';
import { importRunFile } from '../storage/import-client';
import { downloadJson } from '../download';
import { openCompare, openReplay, openReview } from './nav';
import './review.css';

/** What an import said about each file: kept as data, so it reads in whichever language is on when shown. */
type ImportNote = { kind: 'imported'; name: string } | { kind: 'duplicate'; name: string; startedAt: number } | { kind: 'refused'; name: string; code: string; reason: string };
type Notice = { kind: 'ok' | 'duplicate' | 'error'; text?: string; notes?: ImportNote[] } | null;
/** The file being imported and how far its check has got (import-client.ts). */
type Importing = { name: string; index: number; count: number; progress: ImportProgress } | null;

export default function HistoryScreen() {
  const { t, i18n } = useTranslation();
  const [runs, setRuns] = useState<RunRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('all');
  const [selected, setSelected] = useState<string[]>([]);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [importing, setImporting] = useState<Importing>(null);
  const [duplicates, setDuplicates] = useState<string[]>([]);

  const reload = useCallback(
    () =>
      archiveJournal(loadScenario)
        .then(() => gradeUngraded(loadScenario))
        .then(() => listRuns())
        .then(setRuns, (e: unknown) => {
          setError(e instanceof Error ? e.message : String(e));
          setRuns([]);
        }),
    [],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  const scenarios = useMemo(() => {
    const m = new Map<string, RunRecord>();
    for (const r of runs ?? []) if (!m.has(r.scenarioId)) m.set(r.scenarioId, r);
    return [...m.values()];
  }, [runs]);
  const shown = (runs ?? []).filter((r) => filter === 'all' || r.scenarioId === filter);
  const title = (r: RunRecord) => (r.title ? pick(r.title, i18n.language) : r.scenarioId);
  const ref = (r: RunRecord) => ({ id: r.id, scenarioId: r.scenarioId, seed: r.seed, actions: r.actions });
  const pair = selected.map((id) => runs?.find((r) => r.id === id)).filter((r): r is RunRecord => !!r);
  const comparable = pair.length === 2 && pair[0].scenarioId === pair[1].scenarioId && pair[0].seed === pair[1].seed;

  const when = (ms: number) => new Date(ms).toLocaleString(i18n.language.startsWith('en') ? 'en-GB' : 'zh-CN', { dateStyle: 'short', timeStyle: 'short' });

  // One file after another, each checked in a worker (the page stays responsive) and stored here.
  const onImport = async (list: FileList | null) => {
    const files = list ? [...list] : [];
    if (files.length === 0) return;
    const notes: ImportNote[] = [];
    const dup: string[] = [];
    let failed = false;
    setNotice(null);
    setDuplicates([]);
    try {
      for (const [index, f] of files.entries()) {
        setImporting({ name: f.name, index, count: files.length, progress: { phase: 'read' } });
        const r = await importRunFile(f, loadScenario, { onProgress: (progress) => setImporting({ name: f.name, index, count: files.length, progress }) });
        if (r.ok) notes.push({ kind: 'imported', name: f.name });
        else if (r.code === 'duplicate') {
          dup.push(r.existing.id);
          notes.push({ kind: 'duplicate', name: f.name, startedAt: r.existing.startedAt });
        } else {
          failed = true;
          notes.push({ kind: 'refused', name: f.name, code: r.code, reason: r.reason });
        }
      }
    } finally {
      setImporting(null);
    }
    setDuplicates(dup);
    setNotice({ kind: failed ? 'error' : dup.length > 0 ? 'duplicate' : 'ok', notes });
    setRuns(await listRuns());
  };

  const noteText = (n: ImportNote) =>
    n.kind === 'imported'
      ? t('history.imported', { name: n.name })
      : n.kind === 'duplicate'
        ? t('history.duplicate', { name: n.name, date: when(n.startedAt) })
        : `${t('history.importRefused', { name: n.name, why: t(`history.refused.${n.code}`) })} (${n.reason})`;

  const onExport = async (r: RunRecord) => {
    const scenario = await loadScenario(r.scenarioId);
    const why = incompatibility(r, scenario);
    if (why || !scenario) {
      setNotice({ kind: 'error', text: t('history.cannotReplay', { reason: why }) });
      return;
    }
    downloadJson(`livesim-${r.scenarioId}-seed${r.seed}-run.json`, exportRunFile(r, scenario));
  };

  return (
    <section className="screen history" data-testid="history">
      <div className="list-heading">
        <h2>{t('history.title')}</h2>
        <p className="muted">{t('history.summary', { count: runs?.length ?? 0 })}</p>
      </div>
      <div className="history__bar">
        <label>
          <span>{t('history.filter')} </span>
          <select value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="history-filter">
            <option value="all">{t('list.filter.all')}</option>
            {scenarios.map((r) => (
              <option key={r.scenarioId} value={r.scenarioId}>
                {title(r)}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <label className="btn btn--small" aria-disabled={importing !== null}>
          {t('history.import')}
          <input
            type="file"
            accept=".json,application/json"
            multiple
            hidden
            disabled={importing !== null}
            data-testid="import-file"
            onChange={(e) => {
              void onImport(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" className="btn btn--small btn--primary" disabled={!comparable} onClick={() => openCompare(pair[0].id, pair[1].id)} data-testid="compare" title={t('history.compareHint')}>
          {t('history.compare', { count: pair.length })}
        </button>
        <button type="button" className="btn btn--small btn--ghost" onClick={backToPicker} data-testid="history-back">
          {t('common.backToList')}
        </button>
      </div>
      {pair.length === 2 && !comparable && <p className="note small">{t('history.compareHint')}</p>}
      {importing && (
        <div className="note import-progress" role="status" data-testid="import-progress" data-phase={importing.progress.phase} data-pct={importing.progress.pct}>
          <span>
            {importing.count > 1 ? `${importing.index + 1}/${importing.count} · ` : ''}
            {t(`history.importPhase.${importing.progress.phase}`, { name: importing.name, pct: importing.progress.pct ?? 0 })}
          </span>{' '}
          <progress max={100} value={importing.progress.phase === 'simulate' ? importing.progress.pct : undefined} aria-label={t('history.importProgress')} />
        </div>
      )}
      {notice && (
        <p className={notice.kind === 'error' ? 'form-error' : 'note'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="import-result" data-kind={notice.kind}>
          {notice.notes ? notice.notes.map(noteText).join(' ') : notice.text}
        </p>
      )}
      {error && <p className="form-error">{t('history.storageError', { error })}</p>}
      {runs === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="muted" data-testid="history-empty">
          {t('history.empty')}
        </p>
      ) : (
        <table className="summary" data-testid="history-list">
          <thead>
            <tr>
              <th>
                <span className="visually-hidden">{t('history.select')}</span>
              </th>
              <th>{t('history.scenario')}</th>
              <th>{t('history.date')}</th>
              <th>{t('history.duration')}</th>
              <th>{t('history.score')}</th>
              <th>{t('history.quiz')}</th>
              <th>{t('history.status')}</th>
              <th>
                <span className="visually-hidden">{t('history.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} className={duplicates.includes(r.id) ? 'history-row--duplicate' : undefined} data-duplicate={duplicates.includes(r.id) ? 'true' : undefined} data-testid="history-row" data-run={r.id} data-scenario={r.scenarioId} data-seed={r.seed} data-status={r.status}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('history.select')}
                    checked={selected.includes(r.id)}
                    onChange={(e) => setSelected(e.target.checked ? [...selected.filter((x) => x !== r.id).slice(-1), r.id] : selected.filter((x) => x !== r.id))}
                    data-testid="history-select"
                  />
                </td>
                <th scope="row">
                  {title(r)}
                  <span className="muted small"> · {t('live.seed', { seed: r.seed })}</span>
                </th>
                <td>{when(r.startedAt)}</td>
                <td>{clock(r.endMs)}</td>
                <td data-testid="history-score" data-total={r.grade?.total} data-passed={r.grade ? String(r.grade.passed) : undefined} title={r.grade ? pick(r.grade.verdict, i18n.language) : r.status === 'stopped' ? t('history.notGradedStopped') : undefined}>
                  {r.grade ? r.grade.total : '—'}{' '}
                  {r.grade && <span className={r.grade.passed ? 'pill pill--ok' : 'pill pill--bad'}>{r.grade.passed ? t('end.passed') : t('end.notPassed')}</span>}
                </td>
                <td data-testid="history-quiz" data-submitted={r.quiz ? 'true' : 'false'} data-score={r.quiz?.result?.score}>
                  {r.quiz?.result ? t('quiz.result', { correct: r.quiz.result.correct, total: r.quiz.result.questions }) : '—'}
                </td>
                <td>{t(`history.statusName.${r.status}`)}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="btn btn--small" onClick={() => openReview(ref(r))} data-testid="history-review">
                      {t('history.review')}
                    </button>
                    <button type="button" className="btn btn--small" onClick={() => openReplay(ref(r), 0)} data-testid="history-replay">
                      {t('history.replay')}
                    </button>
                    <button type="button" className="btn btn--small" disabled={r.status === 'stopped'} title={r.status === 'stopped' ? t('history.stoppedNoExport') : undefined} onClick={() => void onExport(r)} data-testid="history-export">
                      {t('history.export')}
                    </button>
                    {confirmDelete === r.id ? (
                      <span className="confirm">
                        {t('history.deleteConfirm')}
                        <button
                          type="button"
                          className="btn btn--small btn--danger"
                          data-testid="history-delete-yes"
                          onClick={() => {
                            setConfirmDelete(null);
                            setSelected(selected.filter((x) => x !== r.id));
                            void deleteRun(r.id).then(reload);
                          }}
                        >
                          {t('common.yes')}
                        </button>
                        <button type="button" className="btn btn--small btn--ghost" onClick={() => setConfirmDelete(null)}>
                          {t('common.no')}
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="btn btn--small btn--ghost" onClick={() => setConfirmDelete(r.id)} data-testid="history-delete">
                        {t('history.delete')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
