/**
 * The script-check page's address: `#scriptcheck` (or `?page=scriptcheck` on load). A hash
 * route, so opening it never reloads the app and works offline; kept out of the session store
 * (the run's screens) because it is a tool beside the runs, not a step of one.
 */
import { useSyncExternalStore } from 'react';

const HASH = '#scriptcheck';

function isOpen(): boolean {
  if (typeof location === 'undefined') return false;
  return location.hash === HASH || (location.hash === '' && new URLSearchParams(location.search).get('page') === 'scriptcheck');
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
  };
}

/** True while the script-check page is the address. */
export function useScriptCheckRoute(): boolean {
  return useSyncExternalStore(subscribe, isOpen, () => false);
}

/** Leave the page (back to the scenario list), dropping `?page=scriptcheck` too. */
export function closeScriptCheck(): void {
  const q = new URLSearchParams(location.search);
  q.delete('page');
  const search = q.toString();
  history.pushState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
