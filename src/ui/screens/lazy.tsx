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
