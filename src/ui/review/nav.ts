/**
 * Navigation between the review screens (history, review, replay, compare) and what each one
 * shows. Screens are the session's (`useSession.screen`); this store holds their arguments.
 */
import { create } from 'zustand';
import type { ActionInput } from '../../engine';
import { useLive, type LiveState } from '../store/live';
import { useSession, type Screen, type SessionState } from '../store/session';

/** A run to show: where it came from (history record id, or the run just played) and how to re-simulate it. */
export interface RunRef {
  /** History record id (absent only before the just-ended run is archived). */
  id?: string;
  scenarioId: string;
  seed: number;
  actions: ActionInput[];
  /** A recorded camera video to show in sync in the replay (not recorded yet: the hook for it). */
  video?: { url: string; offsetMs: number };
}

export interface ReviewNav {
  review: RunRef | null;
  /** `event`: the log event to show (its effects land in the tick that follows its time stamp). */
  replay: (RunRef & { t: number; event?: number; back: Screen }) | null;
  compare: [string, string] | null;
  /** The session's live run and the console state, put aside while a replay uses them. */
  saved: { session: Pick<SessionState, 'run' | 'feed'>; live: LiveState } | null;
}

export const useReviewNav = create<ReviewNav>(() => ({ review: null, replay: null, compare: null, saved: null }));

export function openHistory(): void {
  useSession.setState({ screen: 'history' });
}

export function openReview(ref: RunRef): void {
  useReviewNav.setState({ review: ref });
  useSession.setState({ screen: 'review' });
}

/** Open the replay at a moment (ms of sim time), or at an event of the log (its id) and its time. */
export function openReplay(ref: RunRef, t: number, event?: number): void {
  const { screen, run, feed } = useSession.getState();
  const nav = useReviewNav.getState();
  useReviewNav.setState({
    replay: { ...ref, t, ...(event !== undefined ? { event } : {}), back: screen === 'replay' ? (nav.replay?.back ?? 'history') : screen },
    saved: nav.saved ?? { session: { run, feed }, live: useLive.getState() },
  });
  useSession.setState({ screen: 'replay' });
}

/** Leave the replay: the session's run and console state are put back as they were. */
export function closeReplay(): void {
  const { replay, saved } = useReviewNav.getState();
  if (saved) {
    useSession.setState(saved.session);
    useLive.setState(saved.live, true);
  }
  useReviewNav.setState({ saved: null });
  useSession.setState({ screen: replay?.back ?? 'history' });
}

export function openCompare(a: string, b: string): void {
  useReviewNav.setState({ compare: [a, b] });
  useSession.setState({ screen: 'compare' });
}
