/**
 * Replay (回放): the live room and the console, read-only, at any moment of a saved run. The run
 * is re-simulated from its scenario, seed and actions up to the chosen moment (the engine is
 * deterministic and runs ~3000× real time, so a jump anywhere takes a fraction of a second),
 * then plays on at 1–8× through the same loop as a live run. Nothing can be dispatched: the
 * console sits in an `inert` container and the replay never records.
 *
 * Room for a recorded camera video: `ReplayVideo` keeps a <video> in step with sim time (seek,
 * play, pause, rate) when a run carries one (`RunRef.video`); runs do not record video yet.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../engine';
import { ConsoleGrid } from '../console/ConsoleGrid';
import { TICK_MS } from '../../engine';
import { clock, pick } from '../format';
import { LangToggle } from '../LangToggle';
import { loadScenario } from '../scenarios';
import { Feed, initialLiveState, useLive, useSimSecond } from '../store/live';
import { LiveRun } from '../store/run';
import { useSession } from '../store/session';
import { getRun, incompatibility } from '../storage/history';
import { closeReplay, useReviewNav } from './nav';
import './review.css';

export const REPLAY_SPEEDS = [1, 2, 4, 8] as const;

/** Build the run at a moment and make it the session's run (the console panels read it there). */
function mountRunAt(scenario: Scenario, seed: number, actions: Parameters<LiveRun['restore']>[0], t: number, speed: number, event?: number): LiveRun {
  useSession.getState().run?.stop();
  const run = new LiveRun(scenario, seed);
  run.restore(actions, t);
  // An event stamped t (an incident, an action taking effect) may be logged in the tick after t.
  while (event !== undefined && run.sim.log.length <= event && !run.sim.finished) run.sim.advanceTo(run.sim.now + TICK_MS);
  const feed = new Feed(false);
  run.subscribe(feed);
  run.setSpeed(speed);
  useLive.setState(initialLiveState());
  useSession.setState({ run, feed });
  run.start();
  run.pause();
  return run;
}

export default function ReplayScreen() {
  const { t, i18n } = useTranslation();
  const ref = useReviewNav((s) => s.replay);
  const [scenario, setScenario] = useState<Scenario | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeedState] = useState<number>(1);
  const [target, setTarget] = useState(ref?.t ?? 0);
  const runRef = useRef<LiveRun | null>(null);
  const second = useSimSecond();
  const roomReady = useLive((s) => s.room !== null);

  useEffect(() => {
    if (!ref) return;
    let cancelled = false;
    void (async () => {
      const s = await loadScenario(ref.scenarioId);
      // A run from the history is checked against the scenario as it is now; the run just played is this very scenario.
      const rec = ref.id ? await getRun(ref.id) : undefined;
      const why = rec ? incompatibility(rec, s) : s ? null : `scenario "${ref.scenarioId}" is not in this app`;
      if (cancelled) return;
      if (why || !s) setError(t('history.cannotReplay', { reason: why }));
      else setScenario(s);
    })();
    return () => {
      cancelled = true;
    };
  }, [ref, t]);

  const seek = useCallback(
    (ms: number, play = false) => {
      if (!scenario || !ref) return;
      const clamped = Math.max(0, Math.min(ms, scenario.meta.durationSec * 1000));
      setTarget(clamped);
      const run = mountRunAt(scenario, ref.seed, ref.actions, clamped, speed);
      runRef.current = run;
      if (play) run.resume();
      setPlaying(play);
    },
    [scenario, ref, speed],
  );

  // First mount at the requested moment; stop the loop when leaving.
  useEffect(() => {
    if (scenario && ref) runRef.current = mountRunAt(scenario, ref.seed, ref.actions, ref.t, 1, ref.event);
  }, [scenario, ref]);
  useEffect(() => () => runRef.current?.stop(), []);

  if (!ref) return null;
  if (error) {
    return (
      <section className="screen" data-testid="replay-screen">
        <p className="form-error" role="alert" data-testid="replay-error">
          {error}
        </p>
        <button type="button" className="btn" onClick={closeReplay}>
          {t('end.back')}
        </button>
      </section>
    );
  }
  if (!scenario) return <p className="loading">{t('common.loading')}</p>;
  const duration = scenario.meta.durationSec * 1000;
  const run = runRef.current;
  const togglePlay = () => {
    if (!run) return;
    if (run.sim.finished) return seek(0, true);
    if (run.paused) run.resume();
    else run.pause();
    run.refresh();
    setPlaying(!run.paused);
  };
  const changeSpeed = (s: number) => {
    setSpeedState(s);
    run?.setSpeed(s);
  };
  return (
    <div className="live replay" data-testid="replay-screen">
      <header className="replay-bar" data-testid="replay-bar">
        <button type="button" className="btn btn--small btn--ghost" onClick={closeReplay} data-testid="replay-back">
          ← {t('replay.back')}
        </button>
        <strong>
          {t('replay.title')} · {pick(scenario.meta.title, i18n.language)}
        </strong>
        <span className="muted small">{t('live.seed', { seed: ref.seed })}</span>
        <button type="button" className="btn btn--small" onClick={togglePlay} data-testid="replay-play" aria-pressed={playing}>
          {playing ? t('replay.pause') : t('replay.play')}
        </button>
        <span className="segmented" role="group" aria-label={t('live.speed')}>
          {REPLAY_SPEEDS.map((s) => (
            <button key={s} type="button" className={speed === s ? 'seg seg--on' : 'seg'} onClick={() => changeSpeed(s)} data-testid={`replay-speed-${s}`} aria-pressed={speed === s}>
              {s}×
            </button>
          ))}
        </span>
        <input
          type="range"
          min={0}
          max={duration}
          step={1000}
          value={roomReady ? second * 1000 : target}
          onChange={(e) => seek(Number(e.target.value), playing)}
          aria-label={t('replay.scrub')}
          data-testid="replay-scrub"
        />
        <span className="replay-clock" data-testid="replay-clock" data-ms={second * 1000} data-target={target}>
          {clock(second * 1000)} / {clock(duration)}
        </span>
        <span className="muted small replay-note">{t('replay.readOnly')}</span>
        <LangToggle compact />
      </header>
      {ref.video && <ReplayVideo url={ref.video.url} offsetMs={ref.video.offsetMs} simMs={second * 1000} playing={playing} speed={speed} />}
      <ConsoleGrid live={false} inert data-testid="replay-console" aria-label={t('replay.readOnly')} />
    </div>
  );
}

/** A recorded camera video kept in step with sim time (the hook for recorded runs). */
export function ReplayVideo({ url, offsetMs, simMs, playing, speed }: { url: string; offsetMs: number; simMs: number; playing: boolean; speed: number }) {
  const el = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = el.current;
    if (!v) return;
    const want = Math.max(0, (simMs - offsetMs) / 1000);
    if (Math.abs(v.currentTime - want) > 0.5) v.currentTime = want;
    v.playbackRate = speed;
    if (playing && v.paused) void v.play().catch(() => undefined);
    if (!playing && !v.paused) v.pause();
  }, [simMs, offsetMs, playing, speed]);
  return <video ref={el} className="replay-video" src={url} muted playsInline data-testid="replay-video" />;
}
