/**
 * 技能地图 (the practice path, issue #17): each skill of src/scoring/skills.ts with the student's
 * level from their runs and micro-drills in this browser (progress.ts: recency-weighted, with the
 * evidence behind it and the standards it rests on), its chart over time, the micro-drills that
 * train it; today's set of about ten minutes; the streak and the time practised; and the progress
 * file to move all of it to another computer.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DRILL_CATALOG } from '../../drills/catalog';
import { clauseLabel } from '../../scoring/catalogue';
import { skillClauses } from '../../scoring/skill-clauses';
import { drillSkills, skillById, type SkillId } from '../../scoring/skills';
import { drillSources } from '../drills/sources';
import { downloadText } from '../download';
import { openReview } from '../review/nav';
import { getRun, IMPORT_LIMITS } from '../storage/history';
import { pick } from '../format';
import { loadScenario, loadShippedScenarios } from '../scenarios';
import { exportProgress, importProgress, type ProgressImport } from '../storage/progress-file';
import { goto, pickScenario, startDrill } from '../store/session';
import { dailySet, GOOD, minutesPractised, practised, skillLevels, streakDays, type SkillLevel, type Suggestion } from './progress';
import { startSuggestion, suggestionTarget, suggestionTitle, suggestionWhy } from './SuggestionCard';
import { useGradedRuns } from './useProgress';
import './skills.css';


export default function SkillsScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [reload, setReload] = useState(0);
  const { runs, drills, at } = useGradedRuns(reload);
  const rooms = useMemo(() => loadShippedScenarios().flatMap((e) => (e.result.ok ? [e.result.summary] : [])), []);
  const levels = useMemo(() => (runs ? skillLevels(runs, at, drills) : []), [runs, drills, at]);
  // Today's set is made from what was done before today, so it stays the same all day and its items tick off.
  const dayStart = useMemo(() => new Date(at).setHours(0, 0, 0, 0), [at]);
  const today = useMemo(() => {
    if (!runs) return [];
    const before = runs.filter((r) => r.at < dayStart);
    const drillsBefore = drills.filter((d) => d.at < dayStart);
    return dailySet(skillLevels(before, dayStart, drillsBefore), before, rooms, dayStart, { micro: DRILL_CATALOG, drills: drillsBefore });
  }, [runs, drills, rooms, dayStart]);
  const [open, setOpen] = useState<SkillId | null>(null);

  if (!runs) return <p className="loading">{t('common.loading')}</p>;
  const tz = new Date(at).getTimezoneOffset();
  const streak = streakDays([...runs.map((r) => r.at), ...drills.filter(practised).map((d) => d.at)], at, tz);
  const minutes = minutesPractised(runs, drills);
  const doneToday = (s: Suggestion) => {
    const target = suggestionTarget(s);
    return [...runs.map((r) => ({ id: r.scenarioId, at: r.at })), ...drills.map((d) => ({ id: `drill:${d.kind}`, at: d.at }))].some((x) => x.id === target && x.at >= dayStart);
  };

  return (
    <section className="screen skills" data-testid="skills-screen">
      <div className="list-heading">
        <h2>{t('skills.heading')}</h2>
        <button type="button" className="btn btn--small btn--ghost" onClick={() => goto('picker')} data-testid="skills-back">
          ← {t('skills.back')}
        </button>
      </div>
      <div className="skills__stats" data-testid="skills-stats">
        <p>
          <strong data-testid="skills-streak" data-days={streak}>
            {streak}
          </strong>{' '}
          {t('skills.streak', { count: streak })}
        </p>
        <p>
          <strong data-testid="skills-minutes" data-minutes={minutes}>
            {minutes}
          </strong>{' '}
          {t('skills.minutes', { count: minutes })}
        </p>
        <p>
          <strong>{runs.length}</strong> {t('skills.runs', { count: runs.length })} · <strong data-testid="skills-drill-count">{drills.length}</strong> {t('skills.drills', { count: drills.length })}
        </p>
      </div>

      <section className="panel skills__today" data-testid="skills-today" aria-labelledby="today-h">
        <h3 id="today-h">{t('skills.today')}</h3>
        <ol>
          {today.map((s, i) => {
            const { title, minutes: len } = suggestionTitle(s, lang);
            const done = doneToday(s);
            return (
              <li key={i} className={done ? 'skills__today-item skills__today-item--done' : 'skills__today-item'} data-testid="today-item" data-target={suggestionTarget(s)} data-done={done}>
                <span>
                  {done ? '✓ ' : ''}
                  <strong>{title}</strong> <span className="muted small">· {len}</span>
                  <br />
                  <span className="small muted">{suggestionWhy(s, t, lang)}</span>
                </span>
                <button type="button" className={i === 0 && !done ? 'btn btn--primary btn--small' : 'btn btn--small'} onClick={() => startSuggestion(s)} data-testid="today-start">
                  {t('picker.next.go')}
                </button>
              </li>
            );
          })}
        </ol>
      </section>

      <ul className="skills__map" data-testid="skills-map">
        {levels.map((l) => (
          <SkillRow key={l.skill} level={l} open={open === l.skill} onToggle={() => setOpen(open === l.skill ? null : l.skill)} now={at} />
        ))}
      </ul>

      <ProgressFile onImported={() => setReload((n) => n + 1)} />
    </section>
  );
}

function SkillRow({ level: l, open, onToggle, now }: { level: SkillLevel; open: boolean; onToggle: () => void; now: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const skill = skillById(l.skill)!;
  const micro = DRILL_CATALOG.filter((d) => d.skill === l.skill);
  // The incident drill rooms that train it (kept as they are: 5-minute live rooms).
  const rooms = loadShippedScenarios().flatMap((e) => (e.result.ok && drillSkills(e.result.summary).includes(l.skill) ? [e.result.summary] : []));
  const pct = l.level === null ? 0 : Math.max(0, Math.min(100, l.level));
  const state = l.level === null ? 'none' : l.level >= GOOD ? 'good' : l.level >= 60 ? 'fair' : 'weak';
  const due = l.dueAt !== null && l.dueAt <= now;
  return (
    <li className="panel skills__row" data-testid="skill-row" data-skill={l.skill} data-level={l.level ?? ''} data-samples={l.samples.length} data-state={state}>
      <div className="skills__head">
        <div>
          <h4>{pick(skill.title, lang)}</h4>
          <p className="muted small">{pick(skill.blurb, lang)}</p>
        </div>
        <div className="skills__level">{l.level === null ? <span className="muted small">{t('skills.noEvidence')}</span> : <strong data-testid="skill-level">{Math.round(l.level)}</strong>}</div>
      </div>
      <div className={`skills__bar skills__bar--${state}`} role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={l.level ?? undefined} aria-label={pick(skill.title, lang)}>
        <span style={{ width: `${pct}%` }} />
      </div>
      {l.level !== null && (
        <p className="small muted skills__meta">
          {t('skills.samples', { count: l.samples.length })}
          {!due && l.dueAt !== null && <span className="skills__rest"> · {t('skills.restUntil', { date: new Date(l.dueAt).toLocaleDateString(lang) })}</span>}
        </p>
      )}
      <div className="skills__actions">
        {micro.map((m) => (
          <span key={m.id} className="skills__drill">
            <button type="button" className="btn btn--small" onClick={() => startDrill(m.id)} data-testid="skill-drill" data-kind={m.id}>
              {pick(m.title, lang)} · {m.minutes} {t('skills.min')}
            </button>
            {m.languages.includes('en') && (
              <button type="button" className="btn btn--small btn--ghost" onClick={() => startDrill(m.id, undefined, 'en')} data-testid="skill-drill-en" data-kind={m.id} title={t('skills.englishTitle')}>
                {t('skills.english')}
              </button>
            )}
          </span>
        ))}
        {rooms.map((r) => (
          <button key={r.id} type="button" className="btn btn--small" onClick={() => void pickScenario(r.id)} data-testid="skill-room" data-room={r.id}>
            {pick(r.title, lang)} · {Math.round(r.durationSec / 60)} {t('skills.min')}
          </button>
        ))}
        <button type="button" className="btn btn--small btn--ghost" aria-expanded={open} onClick={onToggle} data-testid="skill-more">
          {open ? t('skills.less') : t('skills.more')}
        </button>
      </div>
      {open && <SkillDetail level={l} />}
    </li>
  );
}

function SkillDetail({ level: l }: { level: SkillLevel }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const clauses = skillClauses(l.skill);
  const micro = DRILL_CATALOG.filter((d) => d.skill === l.skill);
  const data = [...l.samples].reverse().map((s) => ({ at: new Date(s.at).toLocaleDateString(lang, { month: 'numeric', day: 'numeric' }), percent: s.percent }));
  const openRun = async (id: string) => {
    const r = await getRun(id);
    if (r) openReview({ id: r.id, scenarioId: r.scenarioId, seed: r.seed, actions: r.actions });
  };
  return (
    <div className="skills__detail" data-testid="skill-detail">
      {data.length > 1 && (
        <div className="skills__chart" data-testid="skill-chart">
          <ResponsiveContainer width="100%" height={160}>
            <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e6e1da" />
              <XAxis dataKey="at" tick={{ fontSize: 11 }} />
              <YAxis domain={[0, 100]} tick={{ fontSize: 11 }} width={32} />
              <Tooltip />
              <Line type="monotone" dataKey="percent" name={t('skills.score')} stroke="#b4432f" isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      <p className="small">
        <span className="muted">{t('skills.standards')}</span> {clauses.map((c) => clauseLabel(c)).join(' · ')}
        {micro.length > 0 && ` · ${t('skills.drillStandards')}`}
      </p>
      {l.samples.length > 0 ? (
        <ul className="skills__evidence" data-testid="skill-evidence">
          {l.samples.slice(0, 10).map((s) => {
            const isDrill = s.scenarioId.startsWith('drill:');
            const drill = isDrill ? DRILL_CATALOG.find((d) => `drill:${d.id}` === s.scenarioId) : undefined;
            const room = isDrill ? undefined : loadShippedScenarios().find((e) => e.result.ok && e.result.summary.id === s.scenarioId);
            const name = drill ? pick(drill.title, lang) : room?.result.ok ? pick(room.result.summary.title, lang) : s.scenarioId;
            return (
              <li key={s.runId} data-testid="skill-sample" data-run={s.runId}>
                {new Date(s.at).toLocaleDateString(lang)} · {name} · <strong>{Math.round(s.percent)}</strong>
                {!isDrill && (
                  <>
                    {' '}
                    <button type="button" className="btn btn--small btn--ghost" onClick={() => void openRun(s.runId)} data-testid="skill-open-run">
                      {t('skills.openRun')}
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted small">{t('skills.noEvidenceLong')}</p>
      )}
    </div>
  );
}

/** Export and import of all progress as one file. */
function ProgressFile({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; details?: string[] } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  const doExport = async () => {
    setBusy('export');
    setMessage(null);
    try {
      const now = Date.now();
      const { file, skipped } = await exportProgress(loadScenario, now);
      const name = `livesim-progress-${new Date(now).toISOString().slice(0, 10)}.json`;
      downloadText(name, JSON.stringify(file), 'application/json');
      setMessage({ kind: 'ok', text: t('skills.file.exported', { runs: file.runs.length, drills: file.drills.length, name }) + (skipped ? ` ${t('skills.file.skipped', { count: skipped })}` : '') });
    } catch (e) {
      setMessage({ kind: 'error', text: t('skills.file.exportFailed', { reason: e instanceof Error ? e.message : String(e) }) });
    } finally {
      if (live.current) setBusy(null);
    }
  };
  const doImport = async (f: File) => {
    setBusy('import');
    setMessage(null);
    if (f.size > IMPORT_LIMITS.bytes) {
      setMessage({ kind: 'error', text: t('skills.file.tooBig', { name: f.name, mb: Math.round(IMPORT_LIMITS.bytes / 1024 / 1024) }) });
      setBusy(null);
      if (input.current) input.current.value = '';
      return;
    }
    try {
      const r = await importProgress(await f.text(), f.name, loadScenario, () => drillSources());
      if (!r.ok) setMessage({ kind: 'error', text: r.reason });
      else {
        setMessage({ kind: 'ok', text: importText(r.summary, t), details: [...r.summary.runs.refused, ...r.summary.drills.refused] });
        onImported();
      }
    } catch (e) {
      // It stopped partway: what was stored before stays (each run and drill is written whole), so the map is read again.
      setMessage({ kind: 'error', text: t('skills.file.importFailed', { reason: e instanceof Error ? e.message : String(e) }) });
      onImported();
    } finally {
      if (live.current) setBusy(null);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <section className="panel skills__file" aria-labelledby="file-h">
      <h3 id="file-h">{t('skills.file.heading')}</h3>
      <p className="muted small">{t('skills.file.intro')}</p>
      <div className="screen-actions" style={{ justifyContent: 'flex-start' }}>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void doExport()} data-testid="progress-export">
          {busy === 'export' ? t('skills.file.exporting') : t('skills.file.export')}
        </button>
        <label className="btn">
          {busy === 'import' ? t('skills.file.importing') : t('skills.file.import')}
          <input ref={input} type="file" accept=".json,application/json" hidden disabled={busy !== null} onChange={(e) => e.target.files?.[0] && void doImport(e.target.files[0])} data-testid="progress-import" />
        </label>
      </div>
      {message && (
        <div className={message.kind === 'ok' ? 'note small' : 'form-error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="progress-message" data-kind={message.kind}>
          <p>{message.text}</p>
          {message.details && message.details.length > 0 && (
            <ul>
              {message.details.slice(0, 10).map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function importText(s: ProgressImport, t: (k: string, o?: Record<string, unknown>) => string): string {
  return t('skills.file.imported', { runs: s.runs.added, runsDup: s.runs.duplicate, drills: s.drills.added, drillsDup: s.drills.duplicate, refused: s.runs.refused.length + s.drills.refused.length });
}
