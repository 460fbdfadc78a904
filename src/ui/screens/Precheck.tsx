import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestCamera, requestMicrophone, testNetwork } from '../devices';
import { LiveScreen } from './lazy';
import { goto, releaseCamera, setDevice, startLive, useSession, type DeviceStatus } from '../store/session';

const CHECKLIST = ['light', 'background', 'samples', 'power', 'backupNetwork', 'script'] as const;

async function checkCamera(): Promise<void> {
  releaseCamera();
  setDevice({ camera: 'checking' });
  const r = await requestCamera();
  setDevice({ camera: r.status, cameraStream: r.stream });
}

async function checkNetwork(): Promise<void> {
  setDevice({ network: { status: 'testing' } });
  setDevice({ network: await testNetwork() });
}

/** Pre-live check (直播设备调试): camera, microphone, network, and the host's own checklist. Nothing here blocks going live. */
export default function PrecheckScreen() {
  const { t } = useTranslation();
  const camera = useSession((s) => s.camera);
  const mic = useSession((s) => s.mic);
  const network = useSession((s) => s.network);
  const stream = useSession((s) => s.cameraStream);
  const [checked, setChecked] = useState<Record<string, boolean>>({});

  useEffect(() => {
    // Fetch the live screen and the room's renderer now, so going live is instant.
    LiveScreen.preload();
    void import('../room/renderer').catch(() => undefined);
    const s = useSession.getState();
    if (s.camera === 'unknown' || (s.camera === 'ok' && !s.cameraStream)) void checkCamera();
    if (s.network.status === 'unknown') void checkNetwork();
  }, []);

  return (
    <section className="screen precheck" data-testid="precheck">
      <nav className="screen-nav">
        <button type="button" className="btn btn--ghost" onClick={() => goto('briefing')} data-testid="back-to-briefing">
          ← {t('precheck.back')}
        </button>
        <ol className="steps" aria-label={t('steps.label')}>
          <li className="steps__item steps__item--done">{t('steps.briefing')}</li>
          <li className="steps__item steps__item--on">{t('steps.precheck')}</li>
          <li className="steps__item">{t('steps.live')}</li>
          <li className="steps__item">{t('steps.report')}</li>
        </ol>
      </nav>
      <h2>{t('precheck.title')}</h2>
      <p className="muted">{t('precheck.intro')}</p>

      <div className="precheck__grid">
        <section className="panel device" data-testid="check-camera" data-status={camera}>
          <h3>{t('precheck.camera')}</h3>
          <div className="device__preview">
            {stream ? <CameraPreview stream={stream} /> : <div className="avatar-preview" aria-hidden="true">{t('room.avatarLabel')}</div>}
          </div>
          <p className={`status status--${camera}`}>{t(`precheck.cameraStatus.${camera}`)}</p>
          <button type="button" className="btn btn--small" onClick={() => void checkCamera()} disabled={camera === 'checking'}>
            {t('precheck.retest')}
          </button>
        </section>

        <MicCheck status={mic} />

        <section className="panel device" data-testid="check-network" data-status={network.status}>
          <h3>{t('precheck.network')}</h3>
          <p className={`status status--${network.status}`}>
            {t(`precheck.networkStatus.${network.status}`, { rtt: network.rttMs ?? 0, jitter: network.jitterMs ?? 0 })}
          </p>
          {network.status !== 'local' && (
            <>
              <p className="muted">{t('precheck.networkNote')}</p>
              <button type="button" className="btn btn--small" onClick={() => void checkNetwork()} disabled={network.status === 'testing'} data-testid="network-test">
                {t('precheck.retest')}
              </button>
            </>
          )}
        </section>

        <section className="panel" data-testid="checklist">
          <h3>{t('precheck.checklist')}</h3>
          <ul className="checklist">
            {CHECKLIST.map((k) => (
              <li key={k}>
                <label>
                  <input type="checkbox" checked={!!checked[k]} onChange={(e) => setChecked({ ...checked, [k]: e.target.checked })} /> {t(`precheck.item.${k}`)}
                </label>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <div className="screen-actions">
        <button type="button" className="btn btn--primary btn--big" data-testid="go-live" onClick={startLive}>
          {t('precheck.goLive')}
        </button>
      </div>
    </section>
  );
}

function CameraPreview({ stream }: { stream: MediaStream }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (!v) return;
    v.srcObject = stream;
    void v.play().catch(() => undefined);
  }, [stream]);
  return <video ref={ref} className="mirror" muted playsInline data-testid="camera-preview" />;
}

function MicCheck({ status }: { status: DeviceStatus }) {
  const { t } = useTranslation();
  const meter = useRef<HTMLDivElement>(null);
  const [running, setRunning] = useState(1);

  useEffect(() => {
    let stop = false;
    let raf = 0;
    let ctx: AudioContext | null = null;
    let stream: MediaStream | null = null;
    setDevice({ mic: 'checking' });
    void requestMicrophone().then((r) => {
      if (stop) {
        r.stream?.getTracks().forEach((tr) => tr.stop());
        return;
      }
      setDevice({ mic: r.status });
      if (!r.stream) return;
      stream = r.stream;
      try {
        ctx = new AudioContext();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 512;
        ctx.createMediaStreamSource(stream).connect(analyser);
        const buf = new Uint8Array(analyser.fftSize);
        const tick = () => {
          analyser.getByteTimeDomainData(buf);
          let peak = 0;
          for (const v of buf) peak = Math.max(peak, Math.abs(v - 128));
          if (meter.current) meter.current.style.width = `${Math.min(100, (peak / 64) * 100)}%`;
          raf = requestAnimationFrame(tick);
        };
        tick();
      } catch {
        // No Web Audio: the permission result is enough.
      }
    });
    return () => {
      stop = true;
      cancelAnimationFrame(raf);
      void ctx?.close().catch(() => undefined);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [running]);

  return (
    <section className="panel device" data-testid="check-mic" data-status={status}>
      <h3>{t('precheck.mic')}</h3>
      <div className="meter" aria-label={t('precheck.micLevel')}>
        <div className="meter__bar" ref={meter} />
      </div>
      <p className={`status status--${status}`}>{t(`precheck.micStatus.${status}`)}</p>
      <p className="muted">{t('precheck.micNote')}</p>
      <button type="button" className="btn btn--small" onClick={() => setRunning((n) => n + 1)} disabled={status === 'checking'}>
        {t('precheck.retest')}
      </button>
    </section>
  );
}
