/** The teacher's screens as their own chunk: the live room's JavaScript does not carry them. */
import { lazy } from 'react';
import { withScreenMessages } from '../../i18n';

export const TeacherPages = lazy(withScreenMessages(() => import('./TeacherPages')));
export { useTeacherRoute } from './route';
