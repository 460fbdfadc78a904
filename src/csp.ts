/**
 * The Content-Security-Policy of the app, in one place: the built page carries it as a meta tag
 * (static hosting), `vite preview` and the dev server send it as headers (vite.config.ts), and the
 * exam server will send the same headers. docs/ui.md "Content-Security-Policy".
 *
 * - Scripts: only the app's own files ('self'): no inline script, no eval. The build emits none
 *   (vite.config.ts turns the module-preload polyfill off; tests/e2e/csp.spec.ts checks the page).
 * - Styles: the app's own stylesheets only ('self'), no <style> elements. React sets `style={…}`
 *   through the CSSOM (element.style), which a policy does not restrict, so no 'unsafe-inline' is
 *   needed for them either; only a literal `style="…"` attribute in markup would be blocked.
 * - Connections: the app itself only (the pre-live network check pings its own page). Speech
 *   dictation is the browser's own service, outside the page's policy.
 * - Camera and microphone streams play from `mediastream:`; downloads and replay video are `blob:`.
 * - Framing: `frame-ancestors 'none'` and `X-Frame-Options: DENY`, which only a header can carry
 *   (a meta tag's frame-ancestors is ignored, with a console error, so the meta leaves it out).
 */

export type CspTarget = 'meta' | 'header' | 'dev';

const BASE: [string, string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['media-src', "'self' blob: mediastream:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self'"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
];

/**
 * The policy text. `meta`: for the built page's meta tag (no frame-ancestors). `header`: the same
 * plus frame-ancestors. `dev`: the dev server's, which must also allow what Vite itself injects
 * while developing — React Fast Refresh's inline preamble script, CSS as <style> elements and the
 * hot-reload WebSocket — and never ships.
 */
export function contentSecurityPolicy(target: CspTarget): string {
  const d = new Map(BASE);
  if (target === 'dev') {
    d.set('script-src', "'self' 'unsafe-inline'");
    d.set('style-src', "'self' 'unsafe-inline'");
    d.set('connect-src', "'self' ws: wss:");
  }
  if (target !== 'meta') d.set('frame-ancestors', "'none'");
  return [...d].map(([k, v]) => `${k} ${v}`).join('; ');
}

/** The security headers every server of the app sends (preview, dev, the exam server). */
export function securityHeaders(target: 'header' | 'dev' = 'header'): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(target),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}
