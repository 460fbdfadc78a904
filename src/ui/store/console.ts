/** Console-only UI state: the selected comment, the comment filter, focus requests. Not part of the run. */
import { create } from 'zustand';

export type CommentFilter = 'all' | 'questions' | 'negative';

export interface ConsoleState {
  selected: number | null;
  filter: CommentFilter;
  /** Bumped to ask the reply box / talk box to take focus. */
  focusReply: number;
  focusTalk: number;
}

export const useConsole = create<ConsoleState>(() => ({ selected: null, filter: 'all', focusReply: 0, focusTalk: 0 }));

export function selectComment(id: number | null): void {
  useConsole.setState({ selected: id });
}

export function setCommentFilter(filter: CommentFilter): void {
  useConsole.setState({ filter });
}

export function requestFocus(target: 'reply' | 'talk'): void {
  useConsole.setState((s) => (target === 'reply' ? { focusReply: s.focusReply + 1 } : { focusTalk: s.focusTalk + 1 }));
}

export function resetConsole(): void {
  useConsole.setState({ selected: null, filter: 'all' });
}
