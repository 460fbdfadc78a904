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

/** Round trips to the page's own server: latency and jitter, as a stand-in for a push-stream speed test. */
export async function testNetwork(samples = 5): Promise<NetworkCheck> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${location.pathname}?ping=${i}-${Math.round(t0)}`, { method: 'HEAD', cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
    } catch {
      return { status: 'failed' };
    }
    times.push(performance.now() - t0);
  }
  const avg = times.reduce((a, b) => a + b, 0) / times.length;
  const jitter = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / times.length);
  return { status: avg < 150 && jitter < 50 ? 'ok' : 'slow', rttMs: Math.round(avg), jitterMs: Math.round(jitter) };
}
