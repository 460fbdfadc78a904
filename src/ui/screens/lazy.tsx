/**
 * Each screen is its own chunk: the live room loads only what the live room needs, and the
 * end screen's review charts (recharts) load only when a run ends. The pre-live check fetches
 * the live screen ahead of time. Every screen but the live room brings the messages only the
 * screens around the live room use (i18n.ts withScreenMessages).
 */
import { lazy } from 'react';
import { withScreenMessages as m } from '../i18n';
import { preloadable } from '../preload';

export const PickerScreen = lazy(m(() => import('./Picker')));
export const BriefingScreen = lazy(m(() => import('./Briefing')));
export const PrecheckScreen = lazy(m(() => import('./Precheck')));
export const LiveScreen = preloadable(() => import('./Live'));
export const EndScreen = lazy(m(() => import('./End')));
// Review (复盘, docs/review.md): history, review, replay, compare, and the resume offer on the list.
export const HistoryScreen = lazy(m(() => import('../review/History')));
export const ReviewScreen = lazy(m(() => import('../review/Review')));
export const ReplayScreen = lazy(m(() => import('../review/Replay')));
export const CompareScreen = lazy(m(() => import('../review/Compare')));
export const ResumeOffer = lazy(m(() => import('../review/ResumeOffer')));
export const ScriptCheckScreen = lazy(m(() => import('./ScriptCheck')));
// Self-study (issue #17): the skills map and a micro-drill.
export const SkillsScreen = lazy(m(() => import('../practice/SkillsScreen')));
export const DrillScreen = lazy(m(() => import('../drills/DrillScreen')));
