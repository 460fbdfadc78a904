/**
 * A hub process for durability.test.ts: opens the hub's database in the folder it is given,
 * starts one attempt and streams entries into it as fast as it can, printing each acknowledgement
 * (`ack N`) once Hub.receive has answered. The test kills it with SIGKILL mid-stream and checks
 * that every printed acknowledgement survived.
 *
 *   node --import tsx tests/unit/hub/crash-writer.ts <dataDir> <scenariosDir>
 */
import { newId } from '../../../src/hub/auth';
import { openSqlite } from '../../../src/hub/db/db';
import { Hub } from '../../../src/hub/hub';

const [dataDir, scenariosDir] = process.argv.slice(2);
const db = openSqlite(dataDir);
const hub = new Hub(db, { scenariosDir, appVersion: 'crash-writer' });
const teacher = { id: newId(), username: 'crash' };
await db.run('INSERT INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)', [teacher.id, teacher.username, 'test-only', Date.now()]);
const exam = await hub.createExam(teacher, { title: 'crash', scenario: { shipped: 'drill-stream-drop-5min' }, timeLimitMin: 5, passMark: 60, seedPolicy: 'shared', seed: 1, language: 'en' });
const { token, attempt } = await hub.join({ code: exam.join_code, name: 'Crash', studentNo: '1', className: 'c' });
await hub.start(attempt);
process.stdout.write(`${JSON.stringify({ token, attemptId: attempt.id })}\n`);
for (let seq = 1; seq <= 20_000; seq++) {
  const m = await hub.receive(attempt.id, { type: 'entry', seq, simMs: 0, wallMs: Date.now(), entry: { kind: 'action', action: { t: 0, type: 'say', text: `line ${seq}` } } });
  if (m.type !== 'ack') throw new Error(JSON.stringify(m));
  process.stdout.write(`ack ${seq}\n`);
}
