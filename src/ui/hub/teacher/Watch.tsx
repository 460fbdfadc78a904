/**
 * Watching one student live, read-only (只读·实时观看): the teacher's browser loads the attempt's
 * scenario (the YAML the hub holds), seed and actions so far (GET /api/attempts/:id/watch), runs
 * the engine here and follows the hub's clock (AttemptInfo.serverNow and clockRate, as the
 * student's page does) a little behind it, so that actions polled every second are usually still
 * ahead of the engine; one that is not (a resend after a drop) re-simulates from all the actions.
 *
 * The screen is the replay's (src/ui/review/Replay.tsx): the console grid of the live screen in an
 * `inert` container, driven by a LiveRun made the session's run, so no panel is forked and nothing
 * can be dispatched. The run never records and never streams.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadScenarioText, type ActionInput, type Scenario } from '../../../engine';
import { statusText } from '../../../hub/words';
import type { AttemptInfo } from '../../../hub/protocol';
import { ConsoleGrid } from '../../console/ConsoleGrid';
import { clock } from '../../format';
import { Feed, initialLiveState, useLive, useSimSecond } from '../../store/live';
import { LiveRun } from '../../store/run';
import { useSession } from '../../store/session';
import { api, issueLine } from './api';
import { ErrorLine, errorText, TeacherLink, useLang } from './common';
import '../../review/review.css';
import './live.css';
import './yaml';

/** How far behind the hub's clock the teacher's engine runs (real ms; × the hub's clock rate in sim ms). */
export const WATCH_BEHIND_MS = 2500;
const POLL_MS = 1000;
const OVER = ['submitted', 'timed-out', 'closed', 'voided'];

interface Watching {
  info: AttemptInfo;
  hub: { server: number; local: number; rate: number };
  seq: number;
  actions: ActionInput[];
  run: LiveRun | null;
  /** The time limit the run was made with (actions past it were left out). */
  limit: number;
  rebuilds: number;
}

const hubNow = (w: Watching) => w.hub.server + (Date.now() - w.hub.local) * w.hub.rate;
const limitOf = (w: Watching, s: Scenario) => Math.min(s.meta.durationSec * 1000, w.info.timeLimitMs);
const actionsOf = (entries: { kind: string; body: unknown }[]) => entries.filter((e) => e.kind === 'action').map((e) => (e.body as { action: ActionInput }).action);

/** The sim time to show now: the hub's clock since the start, a little behind, capped at the limit. */
function targetOf(w: Watching, s: Scenario): number {
  if (w.info.startedAt === null) return 0;
  const behind = WATCH_BEHIND_MS * w.hub.rate;
  return Math.max(0, Math.min(limitOf(w, s), hubNow(w) - w.info.startedAt - behind));
}

/** A run of the attempt at `t`, made the session's run (the console panels read it there), following the hub. */
function mount(w: Watching, s: Scenario, t: number): LiveRun {
  useSession.getState().run?.stop();
  const run = new LiveRun(s, w.info.seed);
  w.limit = limitOf(w, s);
  run.restore(
    w.actions.filter((a) => a.t < limitOf(w, s)),
    t,
  );
  const feed = new Feed(false);
  run.subscribe(feed);
  run.follow = () => (OVER.includes(w.info.status) ? run.sim.now : targetOf(w, s));
  useLive.setState(initialLiveState());
  useSession.setState({ run, feed });
  run.start();
  return run;
}

export function Watch({ examId, attemptId }: { examId: string; attemptId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [scenario, setScenario] = useState<Scenario | null>(null);
  const [info, setInfo] = useState<AttemptInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rebuilt, setRebuilt] = useState(0);
  const [hubClock, setHubClock] = useState<Watching['hub'] | null>(null);
  const watching = useRef<Watching | null>(null);
  const second = useSimSecond();
  // This page's clock, for the countdown between polls.
  const [wall, setWall] = useState(() => Date.now());

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let s: Scenario | null = null;
    const poll = async () => {
      const w = watching.current;
      try {
        if (!w || !s) {
          const first = await api.watch(attemptId, 0);
          if (stopped) return;
          const loaded = loadScenarioText(first.attempt.scenarioYaml, `${first.attempt.scenarioId}.yaml`);
          if (!loaded.ok) throw new Error(loaded.errors.map(issueLine).join('; '));
          s = loaded.scenario;
          const nw: Watching = { info: first.attempt, hub: { server: first.attempt.serverNow, local: Date.now(), rate: first.attempt.clockRate ?? 1 }, seq: first.entries.reduce((m, e) => Math.max(m, e.seq), 0), actions: actionsOf(first.entries), run: null, limit: 0, rebuilds: 0 };
          watching.current = nw;
          // An attempt that is over is shown where its last action or entry was.
          const over = OVER.includes(nw.info.status);
          const lastAt = first.entries.reduce((m, e) => Math.max(m, e.simMs, e.kind === 'action' ? (e.body as { action: ActionInput }).action.t + 100 : 0), 0);
          if (nw.info.startedAt !== null) nw.run = mount(nw, s, over ? Math.min(limitOf(nw, s), lastAt) : targetOf(nw, s));
          setScenario(s);
          setInfo(nw.info);
          setHubClock(nw.hub);
        } else {
          const next = await api.watch(attemptId, w.seq);
          if (stopped) return;
          w.info = { ...next.attempt, scenarioYaml: w.info.scenarioYaml };
          w.hub = { server: next.attempt.serverNow, local: Date.now(), rate: next.attempt.clockRate ?? 1 };
          const fresh = actionsOf(next.entries);
          w.seq = next.entries.reduce((m, e) => Math.max(m, e.seq), w.seq);
          w.actions.push(...fresh);
          if (!w.run && w.info.startedAt !== null) w.run = mount(w, s, targetOf(w, s));
          else if (w.run) {
            const run = w.run;
            // A resend after a drop (an action before the engine's time), or extra time (actions past the old limit now count): re-simulate.
            const limitChanged = limitOf(w, s) !== w.limit && w.actions.some((a) => a.t >= w.limit);
            if (fresh.some((a) => a.t < run.sim.now) || limitChanged) {
              w.run = mount(w, s, Math.max(run.sim.now, targetOf(w, s)));
              w.rebuilds++;
              setRebuilt(w.rebuilds);
            } else {
              w.limit = limitOf(w, s);
              for (const a of fresh) if (a.t < w.limit) run.sim.dispatch({ ...a });
            }
          }
          setInfo(w.info);
          setHubClock(w.hub);
        }
        setError(null);
      } catch (e) {
        if (!stopped) setError(errorText(e, t));
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    // The countdown moves between polls.
    const ticker = setInterval(() => setWall(Date.now()), 500);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      clearInterval(ticker);
      const run = watching.current?.run;
      run?.stop();
      if (run && useSession.getState().run === run) useSession.setState({ run: null, feed: null });
    };
  }, [attemptId, t]);

  const over = info ? OVER.includes(info.status) : false;
  const left = info?.deadline && hubClock ? Math.max(0, info.deadline - (hubClock.server + (wall - hubClock.local) * hubClock.rate)) : null;
  return (
    <div className="live replay teacher-watch" data-testid="watch-screen" data-attempt-id={attemptId}>
      <header className="replay-bar" data-testid="watch-bar">
        <TeacherLink to={{ view: 'exam', exam: examId }} className="btn btn--small btn--ghost" testId="watch-back">
          ← {t('teacher.watch.back')}
        </TeacherLink>
        <span className="teacher-watch__banner" role="status" data-testid="watch-banner">
          {t('teacher.watch.banner')}
        </span>
        {info && (
          <strong data-testid="watch-student">
            {t('teacher.watch.title', { name: info.name, no: info.studentNo, className: info.className })}
          </strong>
        )}
        {scenario && <span className="muted small">{scenario.meta.title[lang] || scenario.meta.title.zh}</span>}
        {info && info.startedAt !== null && scenario && (
          <span className="replay-clock" data-testid="watch-clock" data-ms={second * 1000}>
            {clock(second * 1000)} / {clock(Math.min(scenario.meta.durationSec * 1000, info?.timeLimitMs ?? 0))}
          </span>
        )}
        {info && !over && left !== null && (
          <span className="teacher-watch__left" data-testid="watch-left" data-ms={Math.round(left)}>
            {t('teacher.watch.left', { time: clock(left) })}
          </span>
        )}
        {info && over && (
          <span className="pill" data-testid="watch-over">
            {t('teacher.watch.over', { status: statusText(info.status, lang) })}
          </span>
        )}
        {rebuilt > 0 && (
          <span className="muted small" data-testid="watch-rebuilt" data-count={rebuilt}>
            {t('teacher.watch.rebuilt')}
          </span>
        )}
      </header>
      <ErrorLine error={error} testId="watch-error" />
      {info && info.startedAt === null && <p className="muted teacher-watch__waiting">{t('teacher.watch.waiting')}</p>}
      {info && <p className="muted small teacher-watch__note">{t('teacher.watch.note', { seconds: WATCH_BEHIND_MS / 1000 })}</p>}
      {info && info.startedAt !== null && scenario && <ConsoleGrid live={false} inert data-testid="watch-console" aria-label={t('teacher.watch.banner')} />}
    </div>
  );
}
