import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../i18n';
import { useLive } from '../store/live';
import { useSession } from '../store/session';
import type { RoomRenderer } from './renderer';
import { params } from '../params';

/** Pixel density for the 360×640 design space at the element's displayed size. */
function resolutionFor(el: HTMLElement): number {
  if (params.resolution !== null) return Math.max(0.5, Math.min(3, params.resolution));
  const w = el.clientWidth || 360;
  return Math.max(1, Math.min(2, (w * (window.devicePixelRatio || 1)) / 360));
}

/**
 * The phone-shaped live room: the student's camera (mirrored) or an avatar, with the room
 * drawn over it by pixi (loaded on demand, in its own chunk). During a stream drop the
 * camera picture freezes, as a viewer would see it.
 */
export function LiveRoom() {
  const { t } = useTranslation();
  const run = useSession((s) => s.run);
  const stream = useSession((s) => s.cameraStream);
  const danmaku = useSession((s) => s.danmaku);
  const status = useLive((s) => s.room?.status ?? 'live');
  const quality = useLive((s) => s.room?.quality ?? 'good');
  const host = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const renderer = useRef<RoomRenderer | null>(null);
  const [failed, setFailed] = useState(false);
  const camera = !!stream;

  useEffect(() => {
    const el = host.current;
    if (!run || !el) return;
    let cancelled = false;
    let unsubscribe: (() => void) | undefined;
    let r: RoomRenderer | undefined;
    let observer: ResizeObserver | undefined;
    void import('./renderer')
      .then(async ({ RoomRenderer }) => {
        if (cancelled) return;
        const { danmaku: dm, cameraStream } = useSession.getState();
        r = new RoomRenderer({ camera: !!cameraStream, danmaku: dm, lang: i18n.language, t: (k, v) => i18n.t(k, v) });
        // Canvas 2D by default: measured faster than WebGL where there is no GPU (the WebGL canvas is
        // read back every frame to be composited) and ~25 KB smaller to load (docs/ui.md).
        await r.init(el, resolutionFor(el), params.renderer ?? 'canvas');
        if (cancelled) {
          r.destroy();
          return;
        }
        renderer.current = r;
        unsubscribe = run.subscribe(r);
        observer = new ResizeObserver(() => r?.setResolution(resolutionFor(el)));
        observer.observe(el);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    const onLang = (lng: string) => renderer.current?.setOptions({ lang: lng });
    i18n.on('languageChanged', onLang);
    return () => {
      cancelled = true;
      i18n.off('languageChanged', onLang);
      observer?.disconnect();
      unsubscribe?.();
      r?.destroy();
      renderer.current = null;
    };
  }, [run]);

  useEffect(() => {
    renderer.current?.setOptions({ danmaku, camera });
  }, [danmaku, camera]);

  useEffect(() => {
    const v = video.current;
    if (!v || !stream) return;
    if (v.srcObject !== stream) v.srcObject = stream;
    // A dropped stream freezes the picture on its last frame.
    if (status === 'interrupted' || status === 'ended') v.pause();
    else void v.play().catch(() => undefined);
  }, [stream, status]);

  return (
    <div className="room" data-testid="live-room" data-camera={camera ? 'on' : 'avatar'} data-status={status} data-quality={quality}>
      <div className="room__phone">
        {camera && <video ref={video} className={quality === 'degraded' ? 'room__video mirror room__video--degraded' : 'room__video mirror'} muted playsInline data-testid="room-video" />}
        <div className="room__canvas" ref={host} />
        {failed && <div className="room__fallback">{t('room.noGraphics')}</div>}
        <span className="visually-hidden" aria-live="assertive">
          {status === 'interrupted' ? t('room.networkError') : ''}
        </span>
      </div>
    </div>
  );
}
