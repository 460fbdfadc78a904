/**
 * Each screen is its own chunk: the live room loads only what the live room needs, and the
 * end screen's review charts (recharts) load only when a run ends. The pre-live check fetches
 * the live screen ahead of time.
 */
import { lazy } from 'react';
import { preloadable } from '../preload';

export const PickerScreen = lazy(() => import('./Picker'));
export const BriefingScreen = lazy(() => import('./Briefing'));
export const PrecheckScreen = lazy(() => import('./Precheck'));
export const LiveScreen = preloadable(() => import('./Live'));
export const EndScreen = lazy(() => import('./End'));
// Review (复盘, docs/review.md): history, review, replay, compare, and the resume offer on the list.
export const HistoryScreen = lazy(() => import('../review/History'));
export const ReviewScreen = lazy(() => import('../review/Review'));
export const ReplayScreen = lazy(() => import('../review/Replay'));
export const CompareScreen = lazy(() => import('../review/Compare'));
export const ResumeOffer = lazy(() => import('../review/ResumeOffer'));
export const ScriptCheckScreen = lazy(() => import('./ScriptCheck'));
