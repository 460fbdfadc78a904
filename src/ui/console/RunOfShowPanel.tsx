import { useTranslation } from 'react-i18next';
import { clock, pick } from '../format';
import { useLive, useSimSecond } from '../store/live';
import { nextSegment, useSession } from '../store/session';

/** 直播脚本: the current segment of the student's run of show, planned vs actual time, and what is next. */
export function RunOfShowPanel() {
  const { t, i18n } = useTranslation();
  const run = useSession((s) => s.run);
  const plan = useSession((s) => s.plan);
  const seg = useLive((s) => s.segment);
  const now = useSimSecond() * 1000;
  if (!run) return null;
  const byId = new Map(run.scenario.runOfShow.map((s) => [s.id, s]));
  const segs = plan.map((id) => byId.get(id)).filter((s) => s !== undefined);
  const cur = segs[seg.index];
  const next = segs[seg.index + 1];
  if (!cur) return null;
  let plannedStart = 0;
  for (let i = 0; i < seg.index; i++) plannedStart += segs[i].duration * 1000;
  const plannedMs = cur.duration * 1000;
  const startedAt = seg.startedAt[seg.index] ?? 0;
  const elapsed = Math.max(0, now - startedAt);
  const over = elapsed > plannedMs;
  const drift = startedAt - plannedStart;
  return (
    <section className="panel console-panel ros" data-testid="run-of-show" aria-labelledby="ros-h">
      <div className="panel__head">
        <h2 id="ros-h">{t('console.ros.title')}</h2>
        <span className="muted small">
          {seg.index + 1}/{segs.length}
        </span>
      </div>
      <div className="ros__current" data-testid="ros-current" data-segment={cur.id}>
        <strong>{pick(cur.title, i18n.language)}</strong>
        <div className={over ? 'ros__time ros__time--over' : 'ros__time'}>
          {t('console.ros.elapsed', { elapsed: clock(elapsed), planned: clock(plannedMs) })}
          {over && <span className="pill pill--warn">{t('console.ros.overtime')}</span>}
        </div>
        <div className="progress" aria-hidden="true">
          <div className={over ? 'progress__bar progress__bar--over' : 'progress__bar'} style={{ width: `${Math.min(100, (elapsed / plannedMs) * 100)}%` }} />
        </div>
        <div className="muted small">
          {t('console.ros.plannedStart', { planned: clock(plannedStart), actual: clock(startedAt) })}
          {Math.abs(drift) >= 5000 && ` · ${drift > 0 ? t('console.ros.behind', { time: clock(drift) }) : t('console.ros.ahead', { time: clock(-drift) })}`}
        </div>
        {cur.notes && <p className="ros__notes">{pick(cur.notes, i18n.language)}</p>}
      </div>
      <div className="ros__next">
        <span className="muted small">{t('console.ros.next')}</span> {next ? pick(next.title, i18n.language) : t('console.ros.lastSegment')}
        {next && (
          <button type="button" className="btn btn--small" onClick={nextSegment} data-testid="ros-next">
            {t('console.ros.advance')} ▶
          </button>
        )}
      </div>
    </section>
  );
}
