/**
 * The console's notices — platform alerts, refused actions, practice hints and the storage banner
 * — show nothing until something happens. Their messages are not part of the page: they load (a
 * part of their own, message-parts.ts) the first time a notice has something to show, so the
 * room's first paint does not carry them (docs/ui.md "The 350 KB budget").
 */
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { loadMessages } from '../i18n';
import { useLive } from '../store/live';
import { useSession } from '../store/session';
import { HintsBar } from './Hints';
import { PlatformAlerts } from './PlatformAlerts';
import { StorageBanner } from './StorageBanner';
import { Toasts } from './Toasts';

/** Renders its children once the notices' messages are there (suspends until then, the first time). */
const WithMessages = lazy(() => loadMessages('notices').then(() => ({ default: ({ children }: { children: ReactNode }) => <>{children}</> })));

function onDemand(useShown: () => boolean, Notice: ComponentType): ComponentType {
  return function OnDemand() {
    if (!useShown()) return null;
    return (
      <Suspense fallback={null}>
        <WithMessages>
          <Notice />
        </WithMessages>
      </Suspense>
    );
  };
}

export const PlatformAlertsNotice = onDemand(() => useLive((s) => s.alerts.length > 0), PlatformAlerts);
export const ToastsNotice = onDemand(() => useLive((s) => s.toasts.length > 0), Toasts);
export const HintsNotice = onDemand(() => useLive((s) => s.hints.length > 0), HintsBar);
export const StorageNotice = onDemand(() => useSession((s) => s.moved || (!!s.storage?.error && !!s.run)), () => <StorageBanner />);
