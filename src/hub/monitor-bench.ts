/**
 * The CPU the live class view costs (docs/hub.md "Watching the class live"): 40 attempts of a
 * 20-minute scenario streamed by the expert bot into a hub on an in-memory database with a fake
 * clock; the monitor is asked once per second of hub time, as the teacher's page does, for the
 * whole 20 minutes. Prints the monitor's CPU per update (= per second of a real exam).
 *
 *   npx tsx src/hub/monitor-bench.ts [attempts=40] [scenario=1x-intermediate-beauty-20min]
 */
import path from 'node:path';
import { runWithBot, type ActionInput } from '../engine';
import { openMemory } from './db/db';
import { Hub } from './hub';
import { Monitor } from './monitor';

const N = Number(process.argv[2] ?? 40);
const SCENARIO = process.argv[3] ?? '1x-intermediate-beauty-20min';

async function main(): Promise<void> {
  let t = Date.UTC(2025, 2, 1);
  const hub = new Hub(openMemory(), { scenariosDir: path.resolve('scenarios'), appVersion: 'bench', now: () => t });
  await hub.db.run("INSERT INTO teachers (id, username, password_hash, created_at) VALUES ('t', 'bench', 'x', 0)");
  const teacher = { id: 't', username: 'bench' };
  const exam = await hub.createExam(teacher, { title: 'bench', scenario: { shipped: SCENARIO }, timeLimitMin: 30, passMark: 60, seedPolicy: 'per-student', language: 'zh' });
  const { scenario } = await hub.examScenario(exam);
  const durationMs = scenario.meta.durationSec * 1000;
  const students: { id: string; actions: ActionInput[]; next: number; seq: number }[] = [];
  for (let i = 0; i < N; i++) {
    const { attempt } = await hub.join({ code: exam.join_code, name: `S${i}`, studentNo: `N${i}`, className: 'C' });
    const started = await hub.start(attempt);
    students.push({ id: started.id, actions: runWithBot(scenario, started.seed, 'expert').actions, next: 0, seq: 0 });
  }
  const monitor = new Monitor(hub, { minTickMs: 0 });
  const start = t;
  let cpu = 0;
  let worst = 0;
  let ticks = 0;
  let actions = 0;
  for (let s = 1000; s <= durationMs; s += 1000) {
    t = start + s;
    for (const st of students) {
      while (st.next < st.actions.length && st.actions[st.next].t < s) {
        const a = st.actions[st.next++];
        await hub.receive(st.id, { type: 'entry', seq: ++st.seq, simMs: a.t, wallMs: t, entry: { kind: 'action', action: a } });
        actions++;
      }
      await hub.seen(st.id);
    }
    const c0 = process.cpuUsage();
    const live = await monitor.live(teacher, exam.id);
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    cpu += ms;
    worst = Math.max(worst, ms);
    ticks++;
    if (live.rows.length !== N) throw new Error('rows missing');
  }
  console.log(`${N} live attempts of ${SCENARIO} (${durationMs / 60000} min, ${actions} actions): the monitor's CPU per 1 s update: mean ${(cpu / ticks).toFixed(1)} ms, max ${worst.toFixed(1)} ms (${ticks} updates) = ${((cpu / ticks / 1000) * 100).toFixed(1)}% of one core; engines held: ${monitor.stats().attempts}, rebuilds ${monitor.stats().rebuilds}`);
  monitor.stop();
}

void main();
