import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionType } from '../../engine';
import { actionsIn, actionTestId, matchShortcut, type ShortcutContext } from '../actions/registry';
import { VARIANT } from '../console/actionState';
import { LangToggle } from '../LangToggle';
import { ActionButton, useActionLabel } from '../console/ActionButton';
import { ConsoleGrid } from '../console/ConsoleGrid';
import { HelpOverlay } from '../console/HelpOverlay';
import { PlatformAlertsNotice, StorageNotice, ToastsNotice } from '../console/notices';
import { clock, pick } from '../format';
import { runPolicy } from '../params';
import { Icon } from '../Icon';
import { requestFocus, resetConsole, selectComment, useConsole, type CommentFilter } from '../store/console';
import { useLive, useSimSecond } from '../store/live';
import { dispatch, restartRun, setDanmaku, setHelpOpen, setSpeed, togglePause, useSession } from '../store/session';
import { NEGATIVE_KINDS, type CommentItem } from '../store/types';

/** The run's controls (end the stream…): top-bar buttons that ask before they act. */
const CONTROL_BUTTONS = actionsIn('controls', 'button');

function visibleComments(filter: CommentFilter): CommentItem[] {
  const all = useLive.getState().comments;
  if (filter === 'questions') return all.filter((c) => c.kind === 'question');
  if (filter === 'negative') return all.filter((c) => NEGATIVE_KINDS.has(c.kind));
  return all;
}

const shortcutContext: ShortcutContext = {
  productByNo: (no) => useLive.getState().products.find((p) => p.no === no),
  selectedComment: () => {
    const id = useConsole.getState().selected;
    return id === null ? undefined : useLive.getState().comments.find((c) => c.id === id);
  },
  dispatch,
  togglePause,
  get canPause() {
    return runPolicy(useSession.getState().mode).canPause;
  },
  selectComment: (delta) => {
    const list = visibleComments(useConsole.getState().filter).filter((c) => c.id >= 0);
    if (list.length === 0) return;
    const cur = list.findIndex((c) => c.id === useConsole.getState().selected);
    const next = cur < 0 ? (delta < 0 ? list.length - 1 : 0) : Math.max(0, Math.min(list.length - 1, cur + delta));
    selectComment(list[next].id);
  },
  focus: requestFocus,
  toggleHelp: () => setHelpOpen(!useSession.getState().helpOpen),
};

/** Keyboard shortcuts for the console (listed in the help overlay). Off while typing, except Esc. */
function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const target = e.target as HTMLElement | null;
      const typing = !!target?.closest('input, textarea, select, [contenteditable="true"]');
      if (e.key === 'Escape') {
        if (useSession.getState().helpOpen) setHelpOpen(false);
        else if (typing) target?.blur();
        else selectComment(null);
        return;
      }
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      const m = matchShortcut(e);
      if (!m) return;
      e.preventDefault();
      m.shortcut.run(shortcutContext, m.arg);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The live screen: the phone-shaped room in the middle, the controller console around it (中控台). */
export default function LiveScreen() {
  const { t } = useTranslation();
  const helpOpen = useSession((s) => s.helpOpen);
  useShortcuts();
  useEffect(() => resetConsole(), []);
  return (
    <div className="live" data-testid="live-screen">
      <TopBar />
      <ConsoleGrid live />
      <ToastsNotice />
      <PlatformAlertsNotice />
      <StorageNotice />
      {helpOpen && <HelpOverlay />}
      <span className="visually-hidden">{t('live.srNote')}</span>
    </div>
  );
}

export function TopBar() {
  const { t, i18n } = useTranslation();
  const run = useSession((s) => s.run);
  const mode = useSession((s) => s.mode);
  const danmaku = useSession((s) => s.danmaku);
  const status = useLive((s) => s.room?.status ?? 'live');
  const paused = useLive((s) => s.room?.paused ?? false);
  const speed = useLive((s) => s.room?.speed ?? 1);
  const second = useSimSecond();
  const labelOf = useActionLabel();
  const [confirming, setConfirming] = useState<ActionType | null>(null);
  const [confirmRestart, setConfirmRestart] = useState(false);
  if (!run) return null;
  const pol = runPolicy(mode);
  return (
    <header className="topbar" data-testid="topbar">
      <div className="topbar__title">
        <strong>{pick(run.scenario.meta.title, i18n.language)}</strong>
        <span className="muted small">
          {t(`seat.${run.scenario.meta.seat}`)}
          {/* An exam's seed is not shown: with it, the same room could be previewed in a practice tab. */}
          {mode !== 'exam' && <> · {t('live.seed', { seed: run.seed })}</>}
        </span>
      </div>
      <div className="topbar__status">
        <span className={`live-pill live-pill--${paused ? 'paused' : status}`} data-testid="live-status" data-status={status} data-paused={paused}>
          {paused ? t('live.status.paused') : t(`live.status.${status}`)}
        </span>
        <span className="topbar__clock" data-testid="live-clock" data-ms={second * 1000}>
          {clock(second * 1000)} / {clock(run.sim.durationMs)}
        </span>
      </div>
      <div className="topbar__controls" role="group" aria-label={t('live.controls')}>
        {pol.canPause && (
          <button type="button" className="btn btn--small" onClick={togglePause} data-testid="pause" aria-pressed={paused} title={`${paused ? t('live.resume') : t('live.pause')} (Space)`}>
            <Icon name={paused ? 'play' : 'pause'} /> {paused ? t('live.resume') : t('live.pause')}
          </button>
        )}
        {pol.speeds.length > 1 && (
          <span className="segmented" role="group" aria-label={t('live.speed')}>
            {pol.speeds.map((s) => (
              <button key={s} type="button" className={speed === s ? 'seg seg--on' : 'seg'} onClick={() => setSpeed(s)} data-testid={`speed-${s}`} aria-pressed={speed === s}>
                {s}×
              </button>
            ))}
          </span>
        )}
        {pol.canRestart &&
          (confirmRestart ? (
            <span className="confirm">
              {t('live.restartConfirm')}
              <button
                type="button"
                className="btn btn--small btn--danger"
                onClick={() => {
                  setConfirmRestart(false);
                  restartRun();
                }}
                data-testid="restart-yes"
              >
                {t('common.yes')}
              </button>
              <button type="button" className="btn btn--small btn--ghost" onClick={() => setConfirmRestart(false)}>
                {t('common.no')}
              </button>
            </span>
          ) : (
            <button type="button" className="btn btn--small btn--ghost" onClick={() => setConfirmRestart(true)} data-testid="restart">
              <Icon name="restart" /> {t('live.restart')}
            </button>
          ))}
        <label className="toggle small">
          <input type="checkbox" checked={danmaku} onChange={(e) => setDanmaku(e.target.checked)} data-testid="danmaku-toggle" /> {t('live.danmaku')}
        </label>
        <button type="button" className="btn btn--small btn--ghost" onClick={() => setHelpOpen(true)} data-testid="help" title={t('shortcuts.title')}>
          <Icon name="keyboard" /> ?
        </button>
        {CONTROL_BUTTONS.map((type) =>
          confirming === type ? (
            <span className="confirm" key={type}>
              {t('live.confirmAction', { action: labelOf(type) })}
              <ActionButton type={type} testId={`${actionTestId(type)}-yes`} onDone={() => setConfirming(null)}>
                {t('common.yes')}
              </ActionButton>
              <button type="button" className="btn btn--small btn--ghost" onClick={() => setConfirming(null)}>
                {t('common.no')}
              </button>
            </span>
          ) : (
            <button key={type} type="button" className={`btn btn--small btn--${VARIANT[type] ?? 'default'}`} onClick={() => setConfirming(type)} data-testid={actionTestId(type)} data-opens={type}>
              {labelOf(type)}
            </button>
          ),
        )}
        <LangToggle compact />
      </div>
    </header>
  );
}
