/**
 * Where the score report goes. `src/scoring/` (scoreRun(scenario, log)) is being written
 * separately; this slot looks for it at build time and, when it is there, loads it on the
 * end screen. Until then the end screen shows the metrics summary only.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../engine/scenario/load';
import type { SimEvent } from '../../engine/events';

type ScoreRun = (scenario: Scenario, log: readonly SimEvent[]) => unknown;
const scoringModules = import.meta.glob<{ scoreRun?: ScoreRun }>('../../scoring/index.ts');
const loadScoring = Object.values(scoringModules)[0];

export const scoringAvailable = loadScoring !== undefined;

export function ScoreSlot({ scenario, log }: { scenario: Scenario; log: readonly SimEvent[] }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ result: unknown } | { error: string } | null>(null);
  useEffect(() => {
    if (!loadScoring) return;
    let cancelled = false;
    loadScoring()
      .then(async (mod) => {
        if (typeof mod.scoreRun !== 'function') throw new Error('src/scoring/index.ts has no scoreRun export');
        const result: unknown = await mod.scoreRun(scenario, log);
        if (!cancelled) setState({ result });
      })
      .catch((e: unknown) => !cancelled && setState({ error: e instanceof Error ? e.message : String(e) }));
    return () => {
      cancelled = true;
    };
  }, [scenario, log]);
  if (!loadScoring) return null;
  if (!state) return <p className="muted">{t('common.loading')}</p>;
  if ('error' in state) return <p className="form-error">{t('end.scoreError', { error: state.error })}</p>;
  return <ScoreReportView report={state.result} />;
}

type Bi = { zh: string; en: string };
/** The shape of `livesim/score@1` reports (src/scoring/types.ts), read defensively: the slot must never crash the end screen. */
interface ReportLike {
  total?: number;
  passMark?: number;
  passed?: boolean;
  failedGates?: { id: string; title: Bi; reason: Bi }[];
  sections?: { id: string; title: Bi; score: number; points: number; max: number; assessed?: boolean }[];
  criteria?: { id: string; title: Bi; points: number; max: number; verdict: string; feedback: Bi }[];
  improvements?: { criterion: string; zh: string; en: string }[];
}

function ScoreReportView({ report }: { report: unknown }) {
  const { t, i18n } = useTranslation();
  const r = (report ?? {}) as ReportLike;
  const en = i18n.language.startsWith('en');
  const pickBi = (b: Bi | undefined) => (b ? (en ? b.en || b.zh : b.zh) : '');
  const arr = <T,>(x: T[] | undefined): T[] => (Array.isArray(x) ? x : []);
  return (
    <section className="panel score" data-testid="score-report">
      <h3>{t('end.score')}</h3>
      {typeof r.total === 'number' && (
        <p className="score__total">
          {r.total}
          <span className="muted"> / 100</span>
          {typeof r.passed === 'boolean' && (
            <span className={r.passed ? 'pill pill--ok' : 'pill pill--bad'}>
              {r.passed ? t('end.passed') : t('end.notPassed')}
              {typeof r.passMark === 'number' && ` (${t('end.passMark', { mark: r.passMark })})`}
            </span>
          )}
        </p>
      )}
      {arr(r.failedGates).length > 0 && (
        <ul className="plain-list form-error">
          {arr(r.failedGates).map((g) => (
            <li key={g.id}>
              <b>{pickBi(g.title)}</b>: {pickBi(g.reason)}
            </li>
          ))}
        </ul>
      )}
      {arr(r.sections).length > 0 && (
        <table className="summary">
          <tbody>
            {arr(r.sections).map((sec) => (
              <tr key={sec.id}>
                <th scope="row">{pickBi(sec.title)}</th>
                <td>{sec.assessed === false ? '—' : `${sec.points} / ${sec.max}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {arr(r.improvements).length > 0 && (
        <>
          <h4>{t('end.improve')}</h4>
          <ul className="plain-list">
            {arr(r.improvements).map((x, i) => (
              <li key={i}>{en ? x.en : x.zh}</li>
            ))}
          </ul>
        </>
      )}
      <details>
        <summary>{t('end.scoreDetails')}</summary>
        {arr(r.criteria).length > 0 ? (
          <table className="summary small">
            <tbody>
              {arr(r.criteria).map((c) => (
                <tr key={c.id}>
                  <th scope="row">{pickBi(c.title)}</th>
                  <td>
                    {c.points} / {c.max}
                  </td>
                  <td>{pickBi(c.feedback)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <pre className="score__raw">{JSON.stringify(report, null, 2)}</pre>
        )}
      </details>
    </section>
  );
}
