import { describe, expect, it } from 'vitest';
import { replay } from '../../engine';
import { TICK_MS } from '../../engine';
import { LiveRun } from './run';
import { Feed, useLive } from './live';
import { DRILL, FakeClock, scenarioFile } from '../testing/fixtures';

const EXAM = scenarioFile('scenarios/imkt-l5-kidswear-20min.yaml');

describe('the live loop', () => {
  it('keeps sim time within one tick of the wall clock over a 20-minute run at 1×', () => {
    const clock = new FakeClock(1000 / 60);
    const run = new LiveRun(EXAM, 3, clock);
    run.start();
    clock.run(20); // the first frame anchors sim time to the wall clock
    const wall0 = clock.t;
    let worst = 0;
    clock.run(19 * 60_000, 1000 / 60, () => {
      if (run.sim.finished) return;
      const expected = clock.t - wall0;
      worst = Math.max(worst, Math.abs(expected - run.sim.now));
    });
    expect(worst).toBeLessThan(TICK_MS);
    expect(run.stats.lagMsMax).toBeLessThan(TICK_MS);
    expect(run.sim.now).toBeGreaterThan(19 * 60_000 - TICK_MS);
  });

  it('follows the wall clock at the chosen speed, and pausing stops sim time', () => {
    const clock = new FakeClock(1000 / 60);
    const run = new LiveRun(DRILL, 1, clock);
    run.start();
    clock.run(1000);
    const a = run.sim.now;
    run.setSpeed(4);
    clock.run(2000);
    expect(run.sim.now - a).toBeGreaterThan(8000 - 2 * TICK_MS - 100);
    expect(run.sim.now - a).toBeLessThanOrEqual(8000);
    run.pause();
    const paused = run.sim.now;
    clock.run(5000);
    expect(run.sim.now).toBe(paused);
    run.resume();
    clock.run(1000);
    expect(run.sim.now - paused).toBeGreaterThan(4000 - 2 * TICK_MS - 100);
  });

  it('records every action with the sim time at dispatch, and the record replays to the same digest', () => {
    const clock = new FakeClock(1000 / 60);
    const run = new LiveRun(DRILL, 9, clock);
    run.start();
    clock.run(500);
    run.dispatch({ type: 'show_card', product: 'oranges' });
    clock.run(1000);
    run.dispatch({ type: 'say', text: '欢迎家人们，云南高山冰糖橙，海拔1500米，化渣汁多，坏果包赔，拍1号链接！', source: 'typed' });
    run.pause();
    const at = run.sim.now;
    run.dispatch({ type: 'issue_coupon', coupon: 'live3' });
    run.dispatch({ type: 'start_explaining', product: 'oranges' });
    // Paused, each action still applies: the room moves one tick per action.
    expect(run.sim.now).toBe(at + 2 * TICK_MS);
    expect(run.sim.view().explaining).toBe(0);
    run.resume();
    clock.run(30_000, 1000 / 60);
    run.dispatch({ type: 'end_stream' });
    clock.run(100);
    expect(run.sim.finished).toBe(true);
    expect(run.actions.map((a) => a.t)).toEqual([...run.actions.map((a) => a.t)].sort((x, y) => x - y));
    expect(run.actions[2]).toEqual({ t: at, type: 'issue_coupon', coupon: 'live3' });
    const log = run.actionLog();
    expect(log.format).toBe('livesim/actions@1');
    expect(replay(DRILL, 9, log.actions).digest()).toBe(run.sim.digest());
  });

  it('refuses actions after the end and tells its listeners once', () => {
    const clock = new FakeClock(1000 / 60);
    const run = new LiveRun(DRILL, 2, clock);
    let ended = 0;
    run.onFinish(() => ended++);
    run.start();
    clock.run(100);
    run.setSpeed(64);
    clock.run(6000);
    expect(run.sim.finished).toBe(true);
    expect(ended).toBe(1);
    expect(run.dispatch({ type: 'say', text: '还在吗', source: 'typed' })).toBeNull();
    expect(run.isRunning).toBe(false);
  });
});

describe('the console feed', () => {
  it('shows comments, answered questions and the stream drop as the engine logs them', () => {
    const clock = new FakeClock(1000 / 60);
    const run = new LiveRun(DRILL, 5, clock);
    const feed = new Feed(true);
    run.subscribe(feed);
    run.setSpeed(16);
    run.start();
    clock.run(4000); // 64 s of sim time: the scripted question at 0:55 is in
    const q = useLive.getState().comments.find((c) => c.text === '橙子是哪里产的？');
    expect(q?.kind).toBe('question');
    expect(useLive.getState().openQuestions).toContain(q!.id);
    run.dispatch({ type: 'reply_comment', comment: q!.id, text: '云南玉溪新平县的高山果园，产地直发' });
    feed.poke();
    clock.run(200);
    expect(useLive.getState().comments.find((c) => c.id === q!.id)?.answered).toBe('correct');
    clock.run(4000); // past 2:00: the stream drop
    const drop = useLive.getState().incidents.find((i) => i.id === 'drop');
    expect(drop?.status).toBe('open');
    expect(useLive.getState().room?.status).toBe('interrupted');
    run.dispatch({ type: 'reconnect_stream', via: 'backup' });
    feed.poke();
    clock.run(200);
    expect(useLive.getState().incidents.find((i) => i.id === 'drop')?.status).toBe('handled');
    expect(useLive.getState().series.length).toBeGreaterThan(10);
  });
});
