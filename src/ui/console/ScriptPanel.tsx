/**
 * 直播脚本（预演任务）: the rehearsal task's script (scenario meta.task: rehearsal). While no
 * rehearsal is under way (the writing segment, or between two rehearsals at 三级), the student
 * writes the script: the parts of a single-product script, the live format, each part's length
 * (the flow, in the order the parts are listed); at 四级 and 三级 also the team structure, each
 * part's lines for the other seats and the console steps planned in it; at 三级 each seat's duty
 * and, after the first rehearsal, what it showed (its parts as scored are listed). Submitting
 * (submit_script) may be repeated; the draft is kept in this browser as it is typed, so a reload
 * loses nothing. While a rehearsal runs, the engine locks the script and the panel is a prompter:
 * the submitted parts with their planned times, the current one marked.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIVE_FORMATS, SCRIPT_CUES, SCRIPT_LIMITS, TEAM_STRUCTURES, type LiveFormat, type Scenario, type TeamStructure } from '../../engine';
import { clock } from '../format';
import { useLive, useSimSecond } from '../store/live';
import { dispatch, useSession } from '../store/session';
import { ComplianceTextarea } from './ComplianceTextarea';
import { draftKey, loadDraft, needsOf, payloadOf, saveDraft, seatsOf, type Draft, type DraftPart } from './script/draft';

type Segment = Scenario['runOfShow'][number];

/** The rehearsal segment under way, or the next one after the current segment (undefined: none left). */
function slotOf(scenario: Scenario, current: string | undefined): { seg: Segment | undefined; running: boolean; rehearsedBefore: boolean } {
  const segs = scenario.runOfShow;
  const i = Math.max(0, segs.findIndex((s) => s.id === current));
  const here = segs[i];
  if (here?.product !== undefined) return { seg: here, running: true, rehearsedBefore: segs.slice(0, i).some((s) => s.product !== undefined) };
  return { seg: segs.slice(i).find((s) => s.product !== undefined), running: false, rehearsedBefore: segs.slice(0, i).some((s) => s.product !== undefined) };
}

/** A script in one comparable form, from the draft's payload or the engine's event. */
function canon(x: { format: string; parts: { part: string; sec: number; text: string; team?: unknown[]; cues?: unknown[] }[]; structure?: string; duties?: unknown[]; analysis?: string }): string {
  return JSON.stringify({
    format: x.format,
    parts: x.parts.map((p) => ({ part: p.part, sec: p.sec, text: p.text, team: p.team ?? [], cues: p.cues ?? [] })),
    structure: x.structure ?? null,
    duties: x.duties ?? [],
    analysis: x.analysis ?? null,
  });
}

/**
 * `readOnly` (the replay, and the teacher watching an attempt): outside a rehearsal, the script as
 * the student last submitted it instead of this browser's draft editor.
 */
export function ScriptPanel({ readOnly = false }: { readOnly?: boolean }) {
  const run = useSession((s) => s.run);
  const segment = useLive((s) => s.room?.segment);
  const scenario = run?.scenario;
  if (!run || !scenario || scenario.meta.task !== 'rehearsal') return null;
  const slot = slotOf(scenario, segment);
  if (slot.running) return <Prompter segment={slot.seg!.id} />;
  if (readOnly) return <Prompter segment={null} />;
  return <Editor key={draftKey(scenario.meta.id, run.seed)} scenario={scenario} seed={run.seed} slot={slot.seg} analyse={slot.rehearsedBefore} />;
}

/** The submitted script, timed from the rehearsal's start with its current part marked; with no segment (read-only, no rehearsal running), timed from 0:00. */
function Prompter({ segment }: { segment: string | null }) {
  const { t } = useTranslation();
  const submitted = useLive((s) => s.script);
  const startedAt = useLive((s) => (segment === null ? 0 : s.segmentStarts[segment]));
  const now = useSimSecond() * 1000;
  const ref = useRef<HTMLElement>(null);
  // The column was scrolled while writing: bring the prompter into view when the rehearsal starts.
  useEffect(() => {
    if (segment !== null) ref.current?.scrollIntoView({ block: 'start' }); // (it returns a promise in recent browsers: not a cleanup)
  }, [segment]);
  if (!submitted) {
    return (
      <section className="panel console-panel script-panel" data-testid="script-panel" data-state={segment === null ? 'none' : 'locked-empty'} ref={ref}>
        <h2>{t('console.script.title')}</h2>
        <p className={segment === null ? 'muted small' : 'form-error'}>{t(segment === null ? 'console.script.notSubmitted' : 'console.script.noneSubmitted')}</p>
      </section>
    );
  }
  const rows = timed(submitted.parts, startedAt ?? now);
  return (
    <section className="panel console-panel script-panel" data-testid="script-panel" data-state={segment === null ? 'submitted' : 'prompter'} aria-labelledby="script-h" ref={ref}>
      <div className="panel__head">
        <h2 id="script-h">{t(segment === null ? 'console.script.title' : 'console.script.prompter')}</h2>
        <span className="muted small">
          {t(`console.script.format.${submitted.format}`)}
          {segment === null && ` · ${t('console.script.submittedAt', { time: clock(submitted.t) })}`}
        </span>
      </div>
      {segment === null && submitted.analysis && <p className="small" data-testid="script-analysis">{submitted.analysis}</p>}
      <ol className="script-prompter">
        {rows.map((r) => {
          // The clock here ticks in whole seconds: the parts are compared on that grid (a rehearsal that began at 12.3 s has its first part current from 12 s).
          const on = segment !== null && now >= floorSec(r.from) && now < floorSec(r.to);
          return (
            <li key={r.part} className={on ? 'script-prompter__part script-prompter__part--on' : 'script-prompter__part'} data-testid="prompter-part" data-part={r.part} data-current={on}>
              <div className="script-prompter__head">
                <strong>{t(`console.script.part.${r.part}`)}</strong>
                <span className="muted small">
                  {clock(r.from)}–{clock(r.to)}
                </span>
              </div>
              <p>{r.text}</p>
              {r.team.length > 0 && (
                <ul className="script-prompter__team">
                  {r.team.map((l, i) => (
                    <li key={i}>
                      <b>{t(`console.script.seat.${l.seat}`)}</b> {l.text}
                    </li>
                  ))}
                </ul>
              )}
              {r.cues.length > 0 && <p className="script-prompter__cues small">⚙ {r.cues.map((c) => t(`console.script.cue.${c.action}`)).join(' · ')}</p>}
            </li>
          );
        })}
      </ol>
      {segment !== null && rows.length > 0 && now >= floorSec(rows[rows.length - 1].to) && (
        <p className="note small" data-testid="script-done">
          {t('console.script.done')}
        </p>
      )}
    </section>
  );
}

function Editor({ scenario, seed, slot, analyse }: { scenario: Scenario; seed: number; slot: Segment | undefined; analyse: boolean }) {
  const { t } = useTranslation();
  const submitted = useLive((s) => s.script);
  const key = draftKey(scenario.meta.id, seed);
  const slotSec = slot?.duration ?? 300;
  const [draft, setDraftState] = useState<Draft>(() => loadDraft(key, slotSec));
  const [saved, setSaved] = useState(true);
  const needs = needsOf(scenario.meta.level);
  const product = slot?.product ?? scenario.products[0].id;
  const coupon = scenario.coupons.find((c) => c.products.length === 0 || c.products.includes(product))?.id;
  const payload = payloadOf(draft, needs, { product, coupon, analysis: analyse });
  const changed = !submitted || canon(payload) !== canon(submitted);
  /** Change the draft and keep it in this browser at once. */
  const setDraft = (change: (d: Draft) => Draft) => {
    const next = change(draft);
    setDraftState(next);
    setSaved(saveDraft(key, next));
  };
  const patch = (i: number, p: Partial<DraftPart>) => setDraft((d) => ({ ...d, parts: d.parts.map((x, k) => (k === i ? { ...x, ...p } : x)) }));
  const move = (i: number, dir: -1 | 1) =>
    setDraft((d) => {
      const j = i + dir;
      if (j < 0 || j >= d.parts.length) return d;
      const parts = d.parts.slice();
      [parts[i], parts[j]] = [parts[j], parts[i]];
      return { ...d, parts };
    });
  const flowMs = draft.parts.reduce((s, p) => s + p.sec, 0) * 1000;
  const slotMs = slotSec * 1000;
  const seats = seatsOf(draft);
  if (!slot) {
    return (
      <section className="panel console-panel script-panel" data-testid="script-panel" data-state="over">
        <h2>{t('console.script.title')}</h2>
        <p className="note small">{t('console.script.allRehearsed')}</p>
      </section>
    );
  }
  return (
    <section className="panel console-panel script-panel" data-testid="script-panel" data-state="editing" aria-labelledby="script-h">
      <div className="panel__head">
        <h2 id="script-h">{t(analyse ? 'console.script.reviseTitle' : 'console.script.title')}</h2>
        <span className="muted small" data-testid="script-status" data-submitted={!!submitted} data-changed={changed}>
          {submitted ? (changed ? t('console.script.changedSince', { time: clock(submitted.t) }) : t('console.script.submittedAt', { time: clock(submitted.t) })) : t('console.script.notSubmitted')}
        </span>
      </div>
      <p className="muted small">{t(needs.team ? 'console.script.introTeam' : 'console.script.intro', { slot: clock(slotMs) })}</p>
      {analyse && <LastRehearsal scenario={scenario} analysis={draft.analysis} onAnalysis={(v) => setDraft((d) => ({ ...d, analysis: v }))} />}
      <div className="script-panel__row">
        <label className="field script-panel__format">
          <span>{t('console.script.formatLabel')}</span>
          <select value={draft.format} onChange={(e) => setDraft((d) => ({ ...d, format: e.target.value as LiveFormat }))} data-testid="script-format">
            {LIVE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`console.script.format.${f}`)}
              </option>
            ))}
          </select>
        </label>
        {needs.team && (
          <label className="field script-panel__format">
            <span>{t('console.script.structureLabel')}</span>
            <select value={draft.structure} onChange={(e) => setDraft((d) => ({ ...d, structure: e.target.value as TeamStructure }))} data-testid="script-structure">
              {(Object.keys(TEAM_STRUCTURES) as TeamStructure[]).map((s) => (
                <option key={s} value={s}>
                  {t(`console.script.structure.${s}`)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {needs.duties && (
        <fieldset className="script-duties" data-testid="script-duties">
          <legend>{t('console.script.dutiesLabel')}</legend>
          {(['host', ...seats] as const).map((seat) => (
            <label key={seat} className="script-line">
              <span>{t(`console.script.seat.${seat}`)}</span>
              <input type="text" maxLength={SCRIPT_LIMITS.dutyChars} value={draft.duties[seat] ?? ''} onChange={(e) => setDraft((d) => ({ ...d, duties: { ...d.duties, [seat]: e.target.value } }))} data-testid={`script-duty-${seat}`} />
            </label>
          ))}
        </fieldset>
      )}
      <ol className="script-editor" data-testid="script-editor">
        {draft.parts.map((p, i) => (
          <li key={p.part} className="script-editor__part" data-testid="script-part" data-part={p.part}>
            <div className="script-editor__head">
              <strong>
                {i + 1}. {t(`console.script.part.${p.part}`)}
              </strong>
              <span className="muted small">{t(`console.script.hint.${p.part}`)}</span>
            </div>
            <ComplianceTextarea value={p.text} onChange={(v) => patch(i, { text: v })} rows={3} maxChars={SCRIPT_LIMITS.partChars} testId={`script-text-${p.part}`} placeholder={t(`console.script.placeholder.${p.part}`)} />
            {needs.team &&
              seats.map((seat) => (
                <label key={seat} className="script-line">
                  <span>{t(`console.script.seat.${seat}`)}</span>
                  <input type="text" maxLength={SCRIPT_LIMITS.lineChars} value={p.team[seat] ?? ''} onChange={(e) => patch(i, { team: { ...p.team, [seat]: e.target.value } })} data-testid={`script-team-${p.part}-${seat}`} />
                </label>
              ))}
            {needs.team && (
              <div className="script-cues" role="group" aria-label={t('console.script.cuesLabel')}>
                <span className="muted small">{t('console.script.cuesLabel')}</span>
                {SCRIPT_CUES.filter((c) => c !== 'issue_coupon' || coupon).map((c) => (
                  <label key={c} className="script-cue">
                    <input type="checkbox" checked={p.cues.includes(c)} onChange={(e) => patch(i, { cues: e.target.checked ? [...p.cues, c].slice(0, SCRIPT_LIMITS.cuesPerPart) : p.cues.filter((x) => x !== c) })} data-testid={`script-cue-${p.part}-${c}`} />
                    {t(`console.script.cue.${c}`)}
                  </label>
                ))}
              </div>
            )}
            <div className="script-editor__foot">
              <label className="script-editor__sec">
                <span>{t('console.script.seconds')}</span>
                <input
                  type="number"
                  min={SCRIPT_LIMITS.partSec.min}
                  max={SCRIPT_LIMITS.partSec.max}
                  step={5}
                  value={p.sec}
                  onChange={(e) => patch(i, { sec: Math.max(SCRIPT_LIMITS.partSec.min, Math.min(SCRIPT_LIMITS.partSec.max, Math.round(Number(e.target.value) || 0))) })}
                  data-testid={`script-sec-${p.part}`}
                />
              </label>
              <span className="script-editor__move">
                <button type="button" className="btn btn--small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t('console.script.up')} data-testid={`script-up-${p.part}`}>
                  ↑
                </button>
                <button type="button" className="btn btn--small" onClick={() => move(i, 1)} disabled={i === draft.parts.length - 1} aria-label={t('console.script.down')} data-testid={`script-down-${p.part}`}>
                  ↓
                </button>
              </span>
            </div>
          </li>
        ))}
      </ol>
      <div className="script-panel__foot">
        <span className={flowMs > slotMs ? 'form-error small' : 'muted small'} data-testid="script-total">
          {t('console.script.total', { total: clock(flowMs), slot: clock(slotMs) })}
        </span>
        <button type="button" className="btn btn--primary" onClick={() => dispatch({ type: 'submit_script', ...payload })} disabled={!changed} data-testid="script-submit">
          {submitted ? t('console.script.resubmit') : t('console.script.submit')}
        </button>
      </div>
      {!saved && <p className="form-error small">{t('console.script.draftNotSaved')}</p>}
    </section>
  );
}

/** Between two rehearsals: how each part of the last one went (scored as the report will), and the analysis box. */
function LastRehearsal({ scenario, analysis, onAnalysis }: { scenario: Scenario; analysis: string; onAnalysis: (v: string) => void }) {
  const { t } = useTranslation();
  const run = useSession((s) => s.run);
  const [parts, setParts] = useState<{ part: string; score: number }[] | null>(null);
  useEffect(() => {
    let live = true;
    // The scoring code loads on demand: the live room does not carry it.
    void import('../../scoring').then((m) => {
      if (live && run) setParts(m.lastRehearsal(scenario, run.sim.log)?.parts ?? []);
    });
    return () => {
      live = false;
    };
  }, [scenario, run]);
  return (
    <div className="script-analysis" data-testid="script-analysis">
      <p className="small">
        <b>{t('console.script.lastRehearsal')}</b>
      </p>
      {parts && (
        <ul className="script-analysis__parts">
          {parts.map((p) => (
            <li key={p.part} data-testid="rehearsed-part" data-part={p.part} data-score={Math.round(p.score * 100)} className={p.score < 0.8 ? 'script-analysis__weak' : undefined}>
              {t(`console.script.part.${p.part}`)} {Math.round(p.score * 100)}%
            </li>
          ))}
        </ul>
      )}
      <label className="field">
        <span>{t('console.script.analysisLabel')}</span>
        <textarea rows={3} maxLength={SCRIPT_LIMITS.analysisChars} value={analysis} onChange={(e) => onAnalysis(e.target.value)} placeholder={t('console.script.analysisPlaceholder')} data-testid="script-analysis-text" />
      </label>
    </div>
  );
}

/** The parts laid end to end from `from` (ms). */
const floorSec = (ms: number) => Math.floor(ms / 1000) * 1000;

function timed<P extends { sec: number }>(parts: readonly P[], from: number): (P & { from: number; to: number })[] {
  const out: (P & { from: number; to: number })[] = [];
  for (const p of parts) {
    const start = out.length > 0 ? out[out.length - 1].to : from;
    out.push({ ...p, from: start, to: start + p.sec * 1000 });
  }
  return out;
}

