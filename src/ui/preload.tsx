import { lazy, type ComponentType } from 'react';

/**
 * A lazily loaded screen that can be fetched ahead of time (e.g. the live screen while the
 * student does the pre-live check): once loaded it renders at once, without a loading state.
 */
export function preloadable<P extends object>(factory: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<{ default: ComponentType<P> }> | null = null;
  const load = () =>
    (pending ??= factory().then((m) => {
      loaded = m.default;
      return m;
    }));
  const Lazy = lazy(load);
  const Screen = (props: P) => {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  };
  return Object.assign(Screen, { preload: () => void load().catch(() => undefined) });
}
