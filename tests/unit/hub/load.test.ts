/**
 * The small version of `npm run hub:load`: a few bot students sit a 5-minute drill on a real hub
 * process (HTTP + WebSocket), lose their connections at random, and the hub is killed with
 * SIGKILL halfway and restarted on the same database. Nothing acknowledged may be lost and every
 * grade must equal an offline re-simulation. The 40-student figures are a benchmark (docs/hub.md).
 * In the hub-pg project: two hub processes on one PostgreSQL database, students spread over both,
 * one of them killed.
 */
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../../src/hub/load';
import { TEST_STORE, testPgUrl } from './helpers';

const store = TEST_STORE === 'postgres' ? ({ hubs: 2, database: 'postgres', databaseUrl: testPgUrl() } as const) : {};

describe(`hub load (small class, with a SIGKILL restart${TEST_STORE === 'postgres' ? ', two hubs on PostgreSQL' : ''})`, () => {
  it('loses nothing and grades every attempt as an offline re-simulation does', { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    const r = await runLoad({ students: 4, speed: 30, restart: true, scenario: 'drill-stream-drop-5min', dropRate: 0.03, seed: 3, ...store, log: (l) => lines.push(l) });
    expect(r.restarted, lines.join('\n')).toBe(true);
    expect(lines.some((l) => l.includes('SIGKILL'))).toBe(true);
    expect(r.sent).toBeGreaterThan(50);
    expect(r.lost, lines.join('\n')).toBe(0);
    expect(r.acknowledged).toBe(r.sent);
    expect(r.gradesMatch).toBe(4);
    expect(r.line).toMatch(/^hub load: 4 students, \d+ actions sent, \d+ acknowledged, 0 lost, grades match offline re-simulation: 4\/4, ack p50 [\d.]+ ms p99 [\d.]+ ms$/);
  });
});
