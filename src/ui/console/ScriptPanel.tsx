/**
 * 直播脚本（预演任务）: the rehearsal task's script (scenario meta.task: rehearsal). Before the
 * rehearsal starts, the student writes the five parts of a single-product script, chooses the
 * live format and each part's length (the flow, in the order the parts are listed), and submits
 * it (submit_script); submitting again revises it. The draft is kept in this browser as it is
 * typed, so a reload loses nothing. Once the rehearsal segment starts, the engine locks the script
 * and the panel becomes a prompter: the submitted parts with their planned times, the current one
 * marked.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIVE_FORMATS, SCRIPT_LIMITS, SCRIPT_PARTS, type LiveFormat, type ScriptPart } from '../../engine';
import { clock } from '../format';
import { useLive, useSimSecond } from '../store/live';
import { dispatch, useSession } from '../store/session';
import { ComplianceTextarea } from './ComplianceTextarea';

interface DraftPart {
  part: ScriptPart;
  sec: number;
  text: string;
}
interface Draft {
  format: LiveFormat;
  parts: DraftPart[];
}

const DEFAULT_SEC: Record<ScriptPart, number> = { opening: 40, fab: 150, price: 80, close: 70, ending: 40 };
const emptyDraft = (): Draft => ({ format: 'demo', parts: SCRIPT_PARTS.map((part) => ({ part, sec: DEFAULT_SEC[part], text: '' })) });

const draftKey = (scenario: string, seed: number) => `livesim.rehearsal.draft.${scenario}.${seed}`;

function loadDraft(key: string): Draft {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    if (!raw) return emptyDraft();
    const d = JSON.parse(raw) as Draft;
    const parts = Array.isArray(d.parts) ? d.parts.filter((p) => (SCRIPT_PARTS as readonly string[]).includes(p.part) && typeof p.text === 'string' && typeof p.sec === 'number') : [];
    for (const part of SCRIPT_PARTS) if (!parts.some((p) => p.part === part)) parts.push({ part, sec: DEFAULT_SEC[part], text: '' });
    return { format: (LIVE_FORMATS as readonly string[]).includes(d.format) ? d.format : 'demo', parts };
  } catch {
    return emptyDraft();
  }
}

/** The flow's own total, against the rehearsal slot. */
function total(parts: readonly { sec: number }[]): number {
  return parts.reduce((s, p) => s + p.sec, 0) * 1000;
}

export function ScriptPanel() {
  const { t } = useTranslation();
  const run = useSession((s) => s.run);
  const segment = useLive((s) => s.room?.segment);
  const submitted = useLive((s) => s.script);
  const now = useSimSecond() * 1000;
  const scenario = run?.scenario;
  const key = scenario && run ? draftKey(scenario.meta.id, run.seed) : '';
  const [draft, setDraftState] = useState<Draft>(() => (key ? loadDraft(key) : emptyDraft()));
  const [saved, setSaved] = useState(true);
  /** Change the draft and keep it in this browser at once. */
  const setDraft = (change: (d: Draft) => Draft) => {
    const next = change(draft);
    setDraftState(next);
    try {
      globalThis.localStorage?.setItem(key, JSON.stringify(next));
      setSaved(true);
    } catch {
      setSaved(false); // full or unavailable: said below, the draft stays on the page
    }
  };
  const panelRef = useRef<HTMLElement>(null);
  const lockedNow = segment !== undefined && scenario?.runOfShow.find((s) => s.id === segment)?.product !== undefined;
  // When the rehearsal starts, bring the prompter into view (the column was scrolled while writing).
  useEffect(() => {
    if (lockedNow) panelRef.current?.scrollIntoView({ block: 'start' });
  }, [lockedNow]);
  const rehearsal = useMemo(() => scenario?.runOfShow.find((s) => s.product !== undefined), [scenario]);
  const startedAt = useLive((s) => (rehearsal ? s.segmentStarts[rehearsal.id] : undefined));
  if (!scenario || scenario.meta.task !== 'rehearsal' || !rehearsal) return null;
  const locked = lockedNow;
  const slotMs = rehearsal.duration * 1000;
  const changed = !submitted || JSON.stringify({ format: submitted.format, parts: submitted.parts }) !== JSON.stringify({ format: draft.format, parts: draft.parts.map(({ part, sec, text }) => ({ part, sec, text })) });

  if (locked) {
    if (!submitted) {
      return (
        <section className="panel console-panel script-panel" data-testid="script-panel" data-state="locked-empty" ref={panelRef}>
          <h2>{t('console.script.title')}</h2>
          <p className="form-error">{t('console.script.noneSubmitted')}</p>
        </section>
      );
    }
    // The prompter: where the rehearsal should be now.
    const from = startedAt ?? plannedStart(scenario.runOfShow, rehearsal.id);
    const rows = timed(submitted.parts, from);
    return (
      <section className="panel console-panel script-panel" data-testid="script-panel" data-state="prompter" aria-labelledby="script-h" ref={panelRef}>
        <div className="panel__head">
          <h2 id="script-h">{t('console.script.prompter')}</h2>
          <span className="muted small">{t(`console.script.format.${submitted.format}`)}</span>
        </div>
        <ol className="script-prompter">
          {rows.map((r) => {
            const on = now >= r.from && now < r.to;
            return (
              <li key={r.part} className={on ? 'script-prompter__part script-prompter__part--on' : 'script-prompter__part'} data-testid="prompter-part" data-part={r.part} data-current={on}>
                <div className="script-prompter__head">
                  <strong>{t(`console.script.part.${r.part}`)}</strong>
                  <span className="muted small">
                    {clock(r.from)}–{clock(r.to)}
                  </span>
                </div>
                <p>{r.text}</p>
              </li>
            );
          })}
        </ol>
        {rows.length > 0 && now >= rows[rows.length - 1].to && (
          <p className="note small" data-testid="script-done">
            {t('console.script.done')}
          </p>
        )}
      </section>
    );
  }

  const move = (i: number, dir: -1 | 1) =>
    setDraft((d) => {
      const parts = d.parts.slice();
      const j = i + dir;
      if (j < 0 || j >= parts.length) return d;
      [parts[i], parts[j]] = [parts[j], parts[i]];
      return { ...d, parts };
    });
  const patch = (i: number, p: Partial<DraftPart>) => setDraft((d) => ({ ...d, parts: d.parts.map((x, k) => (k === i ? { ...x, ...p } : x)) }));
  const flowMs = total(draft.parts);
  const tooLong = flowMs > slotMs;
  const submit = () => dispatch({ type: 'submit_script', format: draft.format, parts: draft.parts.map(({ part, sec, text }) => ({ part, sec, text: text.trim() })) });

  return (
    <section className="panel console-panel script-panel" data-testid="script-panel" data-state="editing" aria-labelledby="script-h">
      <div className="panel__head">
        <h2 id="script-h">{t('console.script.title')}</h2>
        <span className="muted small" data-testid="script-status" data-submitted={!!submitted} data-changed={changed}>
          {submitted ? (changed ? t('console.script.changedSince', { time: clock(submitted.t) }) : t('console.script.submittedAt', { time: clock(submitted.t) })) : t('console.script.notSubmitted')}
        </span>
      </div>
      <p className="muted small">{t('console.script.intro', { slot: clock(slotMs) })}</p>
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
        <span className={tooLong ? 'form-error small' : 'muted small'} data-testid="script-total">
          {t('console.script.total', { total: clock(flowMs), slot: clock(slotMs) })}
        </span>
        <button type="button" className="btn btn--primary" onClick={submit} disabled={!changed} data-testid="script-submit">
          {submitted ? t('console.script.resubmit') : t('console.script.submit')}
        </button>
      </div>
      {!saved && <p className="form-error small">{t('console.script.draftNotSaved')}</p>}
    </section>
  );
}

/** The parts laid end to end from `from` (ms). */
function timed<P extends { sec: number }>(parts: readonly P[], from: number): (P & { from: number; to: number })[] {
  const out: (P & { from: number; to: number })[] = [];
  for (const p of parts) {
    const start = out.length > 0 ? out[out.length - 1].to : from;
    out.push({ ...p, from: start, to: start + p.sec * 1000 });
  }
  return out;
}

/** Where a segment starts by the scenario's own schedule (ms). */
function plannedStart(segments: readonly { id: string; duration: number }[], id: string): number {
  let at = 0;
  for (const s of segments) {
    if (s.id === id) return at * 1000;
    at += s.duration;
  }
  return at * 1000;
}
