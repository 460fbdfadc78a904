/**
 * Compare two attempts at the same scenario and seed (the same audience): curves overlaid, and
 * the score per criterion with the difference (later attempt − earlier one). The totals are the
 * frozen live grades from the history (both out of 100, the quiz never in them); the review quiz
 * is its own row.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Scenario } from '../../engine';
import { scoreRun } from '../../scoring';
import type { ScoreReport } from '../../scoring/types';
import { clock, pick } from '../format';
import { loadScenario } from '../scenarios';
import type { RunRecord } from '../storage/db';
import { getReport, getRun, incompatibility } from '../storage/history';
import { resimulate, rollingSeries } from './analysis';
import { openHistory, openReplay, useReviewNav } from './nav';
import './review.css';

interface Side {
  rec: RunRecord;
  /** The frozen live grade; for a run stopped midway (never graded), its log scored here, marked provisional. */
  report: ScoreReport;
  provisional: boolean;
  series: ReturnType<typeof rollingSeries>;
}

const fmt = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

export default function CompareScreen() {
  const { t, i18n } = useTranslation();
  const ids = useReviewNav((s) => s.compare);
  const [state, setState] = useState<{ a: Side; b: Side; scenario: Scenario } | { error: string } | null>(null);
  useEffect(() => {
    if (!ids) return;
    let cancelled = false;
    void (async () => {
      const recs = await Promise.all(ids.map((id) => getRun(id)));
      if (recs.some((r) => !r)) return !cancelled && setState({ error: t('history.notFound') });
      const [r1, r2] = (recs as RunRecord[]).sort((x, y) => x.startedAt - y.startedAt);
      if (r1.scenarioId !== r2.scenarioId || r1.seed !== r2.seed) return !cancelled && setState({ error: t('history.compareHint') });
      const scenario = await loadScenario(r1.scenarioId);
      const why = incompatibility(r1, scenario) ?? incompatibility(r2, scenario);
      if (why || !scenario) return !cancelled && setState({ error: t('history.cannotReplay', { reason: why }) });
      const [f1, f2] = await Promise.all([getReport(r1.id), getReport(r2.id)]);
      const side = (rec: RunRecord, frozen: ScoreReport | undefined): Side => {
        const { sim } = resimulate(scenario, rec.seed, rec.actions, rec.status === 'stopped' ? rec.endMs : undefined);
        return { rec, report: frozen ?? scoreRun(scenario, sim.log), provisional: !frozen, series: rollingSeries(sim.log, sim.now) };
      };
      if (!cancelled) setState({ a: side(r1, f1), b: side(r2, f2), scenario });
    })();
    return () => {
      cancelled = true;
    };
  }, [ids, t]);

  const data = useMemo(() => {
    if (!state || 'error' in state) return [];
    const byT = new Map<number, Record<string, number>>();
    for (const [k, s] of [['A', state.a], ['B', state.b]] as const) {
      for (const r of s.series) {
        const row = byT.get(r.t) ?? { t: r.t };
        row[`online${k}`] = r.online;
        row[`gmv${k}`] = r.gmv;
        row[`orders${k}`] = r.orders;
        byT.set(r.t, row);
      }
    }
    return [...byT.values()].sort((x, y) => x.t - y.t);
  }, [state]);

  const en = i18n.language.startsWith('en');
  const head = (
    <div className="list-heading no-print">
      <button type="button" className="btn btn--small btn--ghost" onClick={openHistory} data-testid="compare-back">
        ← {t('history.title')}
      </button>
    </div>
  );
  if (!state) return <p className="muted">{t('common.loading')}</p>;
  if ('error' in state) {
    return (
      <section className="screen" data-testid="compare-screen">
        {head}
        <p className="form-error" role="alert">
          {state.error}
        </p>
      </section>
    );
  }
  const { a, b, scenario } = state;
  const when = (r: RunRecord) => new Date(r.startedAt).toLocaleString(en ? 'en-GB' : 'zh-CN', { dateStyle: 'short', timeStyle: 'short' });
  const diffCell = (d: number) => <td className={d > 0.05 ? 'diff--up' : d < -0.05 ? 'diff--down' : 'muted'}>{d > 0.05 ? `+${fmt(d)}` : fmt(d)}</td>;
  const critB = new Map(b.report.criteria.map((c) => [c.id, c]));
  const chart = (key: 'online' | 'gmv' | 'orders', title: string) => (
    <div className="chart">
      <h4 className="small">{title}</h4>
      <ResponsiveContainer width="100%" height={190}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e2e0da" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" domain={[0, 'dataMax']} tickFormatter={(v: number) => clock(v)} fontSize={11} />
          <YAxis width={48} fontSize={11} />
          <Tooltip labelFormatter={(v) => clock(Number(v))} />
          <Legend />
          <Line type={key === 'gmv' ? 'stepAfter' : 'monotone'} dataKey={`${key}A`} name={`${t('compare.a')} · ${title}`} stroke="#8a8f98" dot={false} isAnimationActive={false} connectNulls />
          <Line type={key === 'gmv' ? 'stepAfter' : 'monotone'} dataKey={`${key}B`} name={`${t('compare.b')} · ${title}`} stroke="#b4432f" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
  return (
    <section className="screen compare" data-testid="compare-screen">
      {head}
      <header className="end__head">
        <h2>{t('compare.title')}</h2>
        <p className="muted">
          {pick(scenario.meta.title, i18n.language)} · {t('live.seed', { seed: a.rec.seed })} · {t('compare.sameAudience')}
        </p>
      </header>
      <section className="panel">
        <table className="summary compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th />
              <th>
                {t('compare.a')} <span className="muted small">{when(a.rec)}</span>
              </th>
              <th>
                {t('compare.b')} <span className="muted small">{when(b.rec)}</span>
              </th>
              <th>{t('compare.diff')}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="compare-total" data-a={a.report.total} data-b={b.report.total}>
              <th scope="row">{t('compare.total')}</th>
              {[a, b].map((s, i) => (
                <td key={i} data-testid="compare-total-cell" title={en ? s.report.verdict.en : s.report.verdict.zh}>
                  {s.report.total}
                  <span className="muted"> / 100</span> {s.provisional ? <span className="muted small">{t('compare.provisional')}</span> : s.report.passed ? '✓' : '✗'}
                </td>
              ))}
              {diffCell(b.report.total - a.report.total)}
            </tr>
            <tr data-testid="compare-quiz" data-a={a.rec.quiz?.result?.score} data-b={b.rec.quiz?.result?.score}>
              <th scope="row">{t('compare.quiz')}</th>
              {[a, b].map((s, i) => (
                <td key={i}>{s.rec.quiz?.result ? `${s.rec.quiz.result.score} / 100 (${t('quiz.result', { correct: s.rec.quiz.result.correct, total: s.rec.quiz.result.questions })})` : '—'}</td>
              ))}
              {a.rec.quiz?.result && b.rec.quiz?.result ? diffCell(b.rec.quiz.result.score - a.rec.quiz.result.score) : <td className="muted">—</td>}
            </tr>
            {a.report.criteria.map((c) => {
              const cb = critB.get(c.id);
              const na = (v: string) => v === 'not_applicable' || v === 'not_assessed';
              return (
                <tr key={c.id} data-testid="compare-criterion" data-criterion={c.id}>
                  <th scope="row">{en ? c.title.en : c.title.zh}</th>
                  <td>{na(c.verdict) ? '—' : `${c.points} / ${c.max}`}</td>
                  <td>{!cb || na(cb.verdict) ? '—' : `${cb.points} / ${cb.max}`}</td>
                  {cb && !na(c.verdict) && !na(cb.verdict) ? diffCell(cb.points - c.points) : <td className="muted">—</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="btn-row no-print">
          <button type="button" className="btn btn--small" onClick={() => openReplay({ id: a.rec.id, scenarioId: a.rec.scenarioId, seed: a.rec.seed, actions: a.rec.actions }, 0)}>
            {t('compare.replayA')}
          </button>
          <button type="button" className="btn btn--small" onClick={() => openReplay({ id: b.rec.id, scenarioId: b.rec.scenarioId, seed: b.rec.seed, actions: b.rec.actions }, 0)}>
            {t('compare.replayB')}
          </button>
        </p>
      </section>
      <section className="panel review-charts" data-testid="compare-charts">
        <h3>{t('end.charts')}</h3>
        {chart('online', t('review.series.online'))}
        {chart('gmv', t('review.series.gmv'))}
        {chart('orders', t('review.series.orders'))}
      </section>
    </section>
  );
}
