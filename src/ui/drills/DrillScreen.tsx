/**
 * A micro-drill (src/drills) on screen: the variant drawn from the session's seed, an intro, the
 * items one at a time against the clock (each item's own limit, and the drill's), then the mark
 * with the right answer and feedback per item. The result is stored in this browser's history
 * (`drills`); the screen says "saved" only once it is written, and offers a retry if it wasn't.
 * A drill counts from its first item: the record is written as it begins and again after every
 * answer, marked with the items not yet answered as wrong, so leaving midway (or closing the tab)
 * keeps what was done and can't be used to drop a bad attempt.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DRILL_KINDS, type DrillAnswer, type DrillItem, type DrillKind, type DrillResult, type DrillVariant } from '../../drills';
import { formatDuration, pick } from '../format';
import { saveDrill } from '../storage/drills';
import type { DrillRecord } from '../storage/db';
import { goto, startDrill, useSession } from '../store/session';
import { drillSources } from './sources';
import { DrillChart } from './DrillChart';
import './drills.css';

/** Wall-clock time (the record's start and end), and the page's monotonic clock (the timers). */
const wallNow = () => Date.now();
const tickNow = () => performance.now();

type Phase =
  | { step: 'loading' }
  | { step: 'error'; message: string; unknownKind?: string }
  | { step: 'intro'; kind: DrillKind; variant: DrillVariant }
  | { step: 'items'; id: string; kind: DrillKind; variant: DrillVariant; index: number; answers: DrillAnswer[]; startedAt: number; startedTick: number; shownAt: number }
  | { step: 'done'; kind: DrillKind; variant: DrillVariant; result: DrillResult; answers: DrillAnswer[]; record: DrillRecord; saved: 'saving' | 'saved' | { error: string } };

export default function DrillScreen() {
  const { t, i18n } = useTranslation();
  const drill = useSession((s) => s.drill);
  const [phase, setPhase] = useState<Phase>({ step: 'loading' });
  /** The last write of the drill under way that is known to be in: if the final one fails, the screen says what is kept. */
  const [kept, setKept] = useState<{ id: string; answered: number } | null>(null);

  useEffect(() => {
    if (!drill) return;
    let live = true;
    const kind = DRILL_KINDS.find((k) => k.id === drill.kind);
    if (!kind) {
      queueMicrotask(() => setPhase({ step: 'error', message: '', unknownKind: drill.kind }));
      return;
    }
    void drillSources(drill.language)
      .then((sources) => {
        const variant = kind.generate(drill.seed, sources);
        if (live) setPhase({ step: 'intro', kind, variant });
      })
      .catch((e: unknown) => live && setPhase({ step: 'error', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, [drill]);

  /** The record of a drill as it stands: the items not answered yet count as wrong. */
  const recordOf = (p: Extract<Phase, { step: 'items' }>, answers: DrillAnswer[], result: DrillResult = p.kind.score(p.variant, answers)): DrillRecord => ({
    id: p.id,
    kind: p.kind.id,
    seed: p.variant.seed,
    language: p.variant.language,
    source: p.variant.source,
    skill: p.kind.skill,
    startedAt: p.startedAt,
    endedAt: wallNow(),
    answers,
    percent: result.percent,
  });
  /**
   * The drill so far, written as it goes. Nothing on screen claims it: the end screen says "saved"
   * of the final write only, and a failure shows there (IndexedDB applies the writes in order).
   */
  const keep = (p: Extract<Phase, { step: 'items' }>, answers: DrillAnswer[]) => {
    saveDrill(recordOf(p, answers)).then(
      () => setKept((k) => (k?.id === p.id && k.answered >= answers.length ? k : { id: p.id, answered: answers.length })),
      () => undefined,
    );
  };
  const begin = (kind: DrillKind, variant: DrillVariant) => {
    const startedAt = wallNow();
    const p: Extract<Phase, { step: 'items' }> = { step: 'items', id: `drill-${startedAt.toString(36)}-${variant.seed.toString(36)}`, kind, variant, index: 0, answers: [], startedAt, startedTick: tickNow(), shownAt: tickNow() };
    setPhase(p);
    keep(p, []);
  };
  const finish = (p: Extract<Phase, { step: 'items' }>, answers: DrillAnswer[]) => {
    const result = p.kind.score(p.variant, answers);
    const record = recordOf(p, answers, result);
    const done: Extract<Phase, { step: 'done' }> = { step: 'done', kind: p.kind, variant: p.variant, result, answers, record, saved: 'saving' };
    setPhase(done);
    save(done);
  };
  const save = (done: Extract<Phase, { step: 'done' }>) => {
    saveDrill(done.record).then(
      () => setPhase((cur) => (cur.step === 'done' && cur.record.id === done.record.id ? { ...cur, saved: 'saved' } : cur)),
      (e: unknown) => setPhase((cur) => (cur.step === 'done' && cur.record.id === done.record.id ? { ...cur, saved: { error: e instanceof Error ? e.message : String(e) } } : cur)),
    );
  };

  const lang = i18n.language;
  return (
    <section className="screen drill" data-testid="drill-screen" data-kind={drill?.kind} data-seed={drill?.seed} data-step={phase.step}>
      <div className="list-heading">
        <h2>{phase.step === 'loading' || phase.step === 'error' ? t('drill.heading') : pick(phase.variant.title, lang)}</h2>
        <button type="button" className="btn btn--small btn--ghost" onClick={() => goto('skills')} data-testid="drill-to-skills">
          {t('skills.open')}
        </button>
      </div>
      {phase.step === 'loading' && <p className="loading">{t('common.loading')}</p>}
      {phase.step === 'error' && (
        <p className="form-error" role="alert" data-testid="drill-error">
          {phase.unknownKind !== undefined ? t('drill.unknown', { kind: phase.unknownKind }) : phase.message}
        </p>
      )}
      {phase.step === 'intro' && (
        <div className="panel drill__intro">
          <p>{pick(phase.variant.intro, lang)}</p>
          <p className="muted small">{t('drill.introFacts', { count: phase.variant.items.length, time: formatDuration(phase.variant.timeLimitSec) })}</p>
          <button type="button" className="btn btn--primary" data-testid="drill-begin" onClick={() => begin(phase.kind, phase.variant)}>
            {t('drill.begin')}
          </button>
        </div>
      )}
      {phase.step === 'items' && (
        <ItemView
          key={phase.index}
          phase={phase}
          onAnswer={(value) => {
            const answers = [...phase.answers, { item: phase.variant.items[phase.index].id, value, ms: Math.round(tickNow() - phase.shownAt) }];
            if (phase.index + 1 >= phase.variant.items.length) finish(phase, answers);
            else {
              const next = { ...phase, index: phase.index + 1, answers, shownAt: tickNow() };
              setPhase(next);
              keep(next, answers);
            }
          }}
          onTimeUp={(typed) => finish(phase, typed ? [...phase.answers, { item: phase.variant.items[phase.index].id, value: typed, ms: Math.round(tickNow() - phase.shownAt) }] : phase.answers)}
        />
      )}
      {phase.step === 'done' && (
        <div className="drill__done" data-testid="drill-result" data-percent={phase.result.percent}>
          <div className="panel drill__mark">
            <p className="drill__percent">
              <strong data-testid="drill-percent">{Math.round(phase.result.percent)}</strong> / 100
            </p>
            <p className="small" data-testid="drill-saved" data-state={typeof phase.saved === 'string' ? phase.saved : 'failed'} role="status">
              {phase.saved === 'saving'
                ? t('drill.saving')
                : phase.saved === 'saved'
                  ? t('drill.saved')
                  : kept?.id === phase.record.id
                    ? t('drill.notSavedKept', { reason: phase.saved.error, count: kept.answered })
                    : t('drill.notSaved', { reason: phase.saved.error })}
            </p>
            {typeof phase.saved === 'object' && (
              <button type="button" className="btn btn--small" onClick={() => save(phase)} data-testid="drill-save-retry">
                {t('drill.retry')}
              </button>
            )}
          </div>
          <ol className="drill__review">
            {phase.variant.items.map((item) => {
              const r = phase.result.items.find((x) => x.item === item.id);
              const a = phase.answers.find((x) => x.item === item.id);
              const credit = r?.credit ?? 0;
              return (
                <li key={item.id} className={credit >= 1 ? 'drill__row drill__row--ok' : credit > 0 ? 'drill__row drill__row--part' : 'drill__row drill__row--bad'} data-testid="drill-review-item" data-credit={credit}>
                  <p className="drill__q">{pick(item.prompt, lang)}</p>
                  <p className="small">
                    <span className="muted">{t('drill.yourAnswer')}</span> {a?.value ? answerText(item, a.value, lang) : <em className="muted">{t('drill.blank')}</em>}
                  </p>
                  {r && (
                    <>
                      <p className="small">
                        <span className="muted">{t('drill.expected')}</span> {pick(r.expected, lang)}
                      </p>
                      <p className="small drill__feedback">{pick(r.feedback, lang)}</p>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
          <div className="screen-actions">
            <button type="button" className="btn" onClick={() => goto('picker')} data-testid="drill-to-picker">
              {t('drill.toPicker')}
            </button>
            <button type="button" className="btn" onClick={() => goto('skills')} data-testid="drill-done-skills">
              {t('skills.open')}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => startDrill(phase.kind.id, undefined, phase.variant.language)} data-testid="drill-again">
              {t('drill.again')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** A choice's label instead of its id. */
function answerText(item: DrillItem, value: string, lang: string): string {
  if (item.input.type !== 'choice') return value;
  const o = item.input.options.find((x) => x.id === value);
  return o ? pick(o.label, lang) : value;
}

/** The page's clock, ticking four times a second. */
function useTick(): number {
  const [now, setNow] = useState(tickNow);
  useEffect(() => {
    const id = setInterval(() => setNow(tickNow()), 250);
    return () => clearInterval(id);
  }, []);
  return now;
}

/** How long an item's submit stays disarmed after it appears: a double click or a held Enter must not answer the next item blank. */
const ARM_MS = 250;

/** One item. `onTimeUp` gets what is typed in it when the drill's time runs out (kept as its answer). */
function ItemView({ phase, onAnswer, onTimeUp }: { phase: Extract<Phase, { step: 'items' }>; onAnswer: (value: string) => void; onTimeUp: (typed: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const item = phase.variant.items[phase.index];
  const [value, setValue] = useState('');
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setArmed(true), ARM_MS);
    return () => clearTimeout(id);
  }, []);
  const now = useTick();
  const itemSec = Math.max(0, (now - phase.shownAt) / 1000);
  const totalLeft = phase.variant.timeLimitSec - (now - phase.startedTick) / 1000;
  const timeUp = useRef(false);
  useEffect(() => {
    if (totalLeft <= 0 && !timeUp.current) {
      timeUp.current = true;
      onTimeUp(value.trim());
    }
  }, [totalLeft, onTimeUp, value]);
  const itemLeft = item.limitSec !== undefined ? item.limitSec - itemSec : null;
  const submit = () => {
    if (armed) onAnswer(value.trim());
  };
  return (
    <div className="panel drill__item" data-testid="drill-item" data-item={item.id} data-index={phase.index}>
      <div className="drill__bar">
        <span data-testid="drill-progress">{t('drill.progress', { n: phase.index + 1, count: phase.variant.items.length })}</span>
        {itemLeft !== null && (
          <span className={itemLeft < 0 ? 'drill__late' : undefined} data-testid="drill-item-clock">
            {itemLeft >= 0 ? t('drill.itemLeft', { sec: Math.ceil(itemLeft) }) : t('drill.late')}
          </span>
        )}
        <span className="muted" data-testid="drill-clock">
          {t('drill.totalLeft', { time: formatDuration(Math.max(0, totalLeft)) })}
        </span>
      </div>
      <p className="drill__prompt" data-testid="drill-prompt">
        {pick(item.prompt, lang)}
      </p>
      {item.context && item.context.length > 0 && (
        <dl className="drill__context" data-testid="drill-context">
          {item.context.map((c, i) => (
            <div key={i}>
              <dt>{pick(c.label, lang)}</dt>
              <dd>{pick(c.text, lang)}</dd>
            </div>
          ))}
        </dl>
      )}
      {item.chart && <DrillChart chart={item.chart} lang={lang} />}
      {item.table && (
        <div className="drill__table-wrap">
          <table className="summary drill__table" data-testid="drill-table">
            <thead>
              <tr>
                {item.table.columns.map((c, i) => (
                  <th key={i}>{pick(c, lang)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {item.table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="drill__answer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {item.input.type === 'choice' ? (
          <fieldset className="drill__choices" data-testid="drill-choices">
            {item.input.options.map((o) => (
              <label key={o.id} className={value === o.id ? 'drill__choice drill__choice--on' : 'drill__choice'}>
                <input type="radio" name={`choice-${item.id}`} value={o.id} checked={value === o.id} onChange={() => setValue(o.id)} data-testid="drill-choice" data-option={o.id} />
                {pick(o.label, lang)}
              </label>
            ))}
          </fieldset>
        ) : item.input.type === 'text' && item.input.multiline ? (
          <textarea
            value={value}
            onChange={(e) => setValue(e.target.value)}
            rows={3}
            placeholder={item.input.placeholder ? pick(item.input.placeholder, lang) : undefined}
            data-testid="drill-input"
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                if (!e.repeat) submit();
              }
            }}
          />
        ) : (
          <span className="drill__field">
            <input type="text" inputMode={item.input.type === 'number' ? 'decimal' : undefined} value={value} onChange={(e) => setValue(e.target.value)} data-testid="drill-input" autoFocus autoComplete="off" />
            {item.input.type === 'number' && item.input.unit && <span className="muted">{pick(item.input.unit, lang)}</span>}
          </span>
        )}
        <button type="submit" className="btn btn--primary" data-testid="drill-submit" disabled={!armed}>
          {phase.index + 1 >= phase.variant.items.length ? t('drill.finish') : t('drill.next')}
        </button>
      </form>
    </div>
  );
}
