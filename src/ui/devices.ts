/**
 * Pre-live device checks. None of them can block going live: without a camera the room
 * shows an avatar, without a microphone the student types, and the network test is advice.
 */
import type { DeviceStatus, NetworkCheck } from './store/session';

function statusOf(err: unknown): DeviceStatus {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  return name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError' ? 'denied' : 'unavailable';
}

export async function requestCamera(): Promise<{ status: DeviceStatus; stream: MediaStream | null }> {
  if (!navigator.mediaDevices?.getUserMedia) return { status: 'unavailable', stream: null };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 720 }, height: { ideal: 1280 }, facingMode: 'user' }, audio: false });
    return { status: 'ok', stream };
  } catch (err) {
    return { status: statusOf(err), stream: null };
  }
}

export async function requestMicrophone(): Promise<{ status: DeviceStatus; stream: MediaStream | null }> {
  if (!navigator.mediaDevices?.getUserMedia) return { status: 'unavailable', stream: null };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    return { status: 'ok', stream };
  } catch (err) {
    return { status: statusOf(err), stream: null };
  }
}

/** Whether the page comes from this very machine (loopback, or a file): then there is no network to test. */
export function isLocalHost(hostname: string, protocol = 'http:'): boolean {
  if (protocol === 'file:') return true;
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * The path to the server the page came from: on this machine there is none to measure (the
 * simulator needs no network; a round trip to a busy development server would only measure the
 * server), so the check says so. From a classroom server: round trips to it, the first (a cold
 * connection) left out, their median and spread.
 */
export async function testNetwork(samples = 6, where: { hostname: string; protocol: string } = location): Promise<NetworkCheck> {
  if (isLocalHost(where.hostname, where.protocol)) return { status: 'local' };
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${location.pathname}?ping=${i}-${Math.round(t0)}`, { method: 'HEAD', cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
    } catch {
      return { status: 'failed' };
    }
    if (i > 0) times.push(performance.now() - t0);
  }
  const sorted = times.slice().sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const jitter = sorted[sorted.length - 1] - sorted[0];
  return { status: median < 150 && jitter < 100 ? 'ok' : 'slow', rttMs: Math.round(median), jitterMs: Math.round(jitter) };
}
