/**
 * The rehearsal task's script panel (ScriptPanel.tsx) in the console, for a rehearsal scenario
 * only (meta.task: rehearsal): its code and its messages load with the first rehearsal room, so a
 * selling room does not carry them (docs/ui.md "The 350 KB budget").
 */
import { lazy, Suspense } from 'react';
import { withMessages } from '../i18n';
import { useSession } from '../store/session';

const ScriptPanel = lazy(withMessages(['rehearsal'], () => import('./ScriptPanel').then((m) => ({ default: m.ScriptPanel }))));

export function RehearsalScript({ readOnly = false }: { readOnly?: boolean }) {
  const rehearsal = useSession((s) => s.run?.scenario.meta.task === 'rehearsal');
  if (!rehearsal) return null;
  return (
    <Suspense fallback={null}>
      <ScriptPanel readOnly={readOnly} />
    </Suspense>
  );
}
