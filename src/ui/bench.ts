/**
 * The UI benchmark's page side (`?bench=1`, driven by `npm run bench:ui`): go straight to a
 * live room, inject display-only comments at a steady rate into the console and the room
 * (never into the engine, whose audience stays as the scenario makes it), and measure
 * frame times, the loop's own cost and how far sim time trails the wall clock.
 */
import { requestCamera } from './devices';
import { shippedScenarioIds } from './scenario-loader';
import type { UiParams } from './params';
import { prepareScenario, setDanmaku, setDevice, startLive, useSession } from './store/session';
import type { CommentItem } from './store/types';
import { viewerName } from '../engine';

export interface BenchResult {
  scenario: string;
  rate: number;
  seconds: number;
  frames: number;
  frameMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  droppedFrames: number;
  longTasks: number;
  /** Main-thread work per frame: the loop (engine, console feed, room drawing) plus the React updates it triggers, ms. */
  workMs: { p50: number; p95: number; max: number };
  /** The loop alone (engine + feed + pixi), ms. */
  loopMs: { p50: number; p95: number; max: number };
  engineMs: { p50: number; p95: number; max: number; total: number };
  lagMsMax: number;
  /** Sim time minus wall time × speed since the first measured frame, at the end (ms). */
  driftMs: number;
  injected: number;
  camera: string;
  renderer: string;
  jsHeapMB: number | null;
}

const TEXTS = ['这个多少钱？', '主播好美', '已拍', '能便宜点吗', '来了来了', '好甜啊', '发什么快递', '有没有优惠券', '666', '支持主播', '上链接', '还有货吗', '质量怎么样', '我也想要', '哈哈哈哈'];

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export async function runBench(p: NonNullable<UiParams['bench']>): Promise<void> {
  const w = window as unknown as { __livesimBench?: BenchResult | { error: string } };
  try {
    const ids = shippedScenarioIds();
    const id = ids.find((x) => x === p.scenario) ?? ids[0];
    if (!id) throw new Error('no valid scenario');
    const cam = await requestCamera();
    setDevice({ camera: cam.status, cameraStream: cam.stream });
    setDanmaku(true);
    // Straight to the live room (no briefing or pre-live screen is rendered or loaded).
    await prepareScenario(id);
    startLive();
    const run = useSession.getState().run!;
    // Let the room load (pixi) and settle before measuring.
    await new Promise((r) => setTimeout(r, 2000));

    let injected = 0;
    let seq = 0;
    const perTick = p.rate / 20;
    let carry = 0;
    const inject = window.setInterval(() => {
      carry += perTick;
      const n = Math.floor(carry);
      carry -= n;
      const items: CommentItem[] = [];
      for (let i = 0; i < n; i++) {
        seq++;
        items.push({ id: -seq, t: run.sim.now, viewer: 0, user: viewerName(100000 + seq, 'zh'), text: TEXTS[seq % TEXTS.length], kind: seq % 9 === 0 ? 'question' : 'chat', scripted: false, synthetic: true });
      }
      injected += n;
      run.injectSynthetic(items);
    }, 50);

    // Our work per frame: wrap the listeners' frame calls by timing the run's frame().
    const work: number[] = [];
    const origFrame = run.frame.bind(run);
    run.frame = () => {
      const t0 = performance.now();
      origFrame();
      work.push(performance.now() - t0);
    };
    let longTasks = 0;
    let observer: PerformanceObserver | null = null;
    try {
      observer = new PerformanceObserver((list) => {
        longTasks += list.getEntries().length;
      });
      observer.observe({ type: 'longtask', buffered: false });
    } catch {
      observer = null;
    }

    const engineStart = run.stats.engineSamples.length;
    const lagBefore = run.stats.lagMsMax;
    run.stats.lagMsMax = 0;
    const deltas: number[] = [];
    const frameWork: number[] = [];
    const wall0 = performance.now();
    const sim0 = run.sim.now;
    const channel = new MessageChannel();
    let probe: { start: number; loop: number } | null = null;
    channel.port1.onmessage = () => {
      // Runs after the tasks queued during this frame (React's render of what the loop published).
      if (probe) frameWork.push(probe.loop + performance.now() - probe.start);
      probe = null;
    };
    await new Promise<void>((resolve) => {
      let last = performance.now();
      const tick = (now: number) => {
        deltas.push(now - last);
        last = now;
        // This callback runs right after the loop's own in the same frame.
        probe = { start: performance.now(), loop: work[work.length - 1] ?? 0 };
        channel.port2.postMessage(0);
        if (now - wall0 < p.seconds * 1000 && !run.sim.finished) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame((now) => {
        last = now;
        requestAnimationFrame(tick);
      });
    });
    const wallElapsed = performance.now() - wall0;
    const drift = run.sim.finished ? 0 : run.sim.now - sim0 - wallElapsed * run.speed;
    window.clearInterval(inject);
    observer?.disconnect();
    void lagBefore;

    const sorted = [...deltas].sort((a, b) => a - b);
    const interval = 1000 / 60;
    const dropped = deltas.reduce((sum, d) => sum + Math.max(0, Math.round(d / interval) - 1), 0);
    const ws = [...frameWork].sort((a, b) => a - b);
    const ls = [...work].sort((a, b) => a - b);
    const es = run.stats.engineSamples.slice(engineStart).sort((a, b) => a - b);
    const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    const canvas = document.querySelector('[data-testid="live-room"] canvas') as HTMLCanvasElement | null;
    const gl = canvas ? (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) : null;
    w.__livesimBench = {
      scenario: run.scenario.meta.id,
      rate: p.rate,
      seconds: round(wallElapsed / 1000),
      frames: deltas.length,
      frameMs: {
        p50: round(quantile(sorted, 0.5)),
        p95: round(quantile(sorted, 0.95)),
        p99: round(quantile(sorted, 0.99)),
        max: round(sorted[sorted.length - 1] ?? 0),
        mean: round(deltas.reduce((a, b) => a + b, 0) / Math.max(1, deltas.length)),
      },
      droppedFrames: dropped,
      longTasks,
      workMs: { p50: round(quantile(ws, 0.5)), p95: round(quantile(ws, 0.95)), max: round(ws[ws.length - 1] ?? 0) },
      loopMs: { p50: round(quantile(ls, 0.5)), p95: round(quantile(ls, 0.95)), max: round(ls[ls.length - 1] ?? 0) },
      engineMs: { p50: round(quantile(es, 0.5)), p95: round(quantile(es, 0.95)), max: round(es[es.length - 1] ?? 0), total: round(es.reduce((a, b) => a + b, 0)) },
      lagMsMax: round(run.stats.lagMsMax),
      driftMs: round(drift),
      injected,
      camera: cam.status,
      renderer: gl ? 'webgl' : canvas ? 'canvas' : 'none',
      jsHeapMB: mem ? round(mem.usedJSHeapSize / 1048576) : null,
    };
  } catch (e) {
    w.__livesimBench = { error: e instanceof Error ? e.message : String(e) };
  }
}
