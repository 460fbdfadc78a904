/** The teacher's screens as their own chunk: the live room's JavaScript does not carry them. */
import { lazy } from 'react';

export const TeacherPages = lazy(() => import('./TeacherPages'));
export { useTeacherRoute } from './route';
