/**
 * Global setup of the `hub-pg` vitest project (vite.config.ts): the hub's tests again, on
 * PostgreSQL. It makes one database for the run on the server of LIVESIM_TEST_DATABASE_URL (each
 * test then takes a fresh schema in it: helpers.ts testDb) and drops it afterwards.
 *
 * The project runs when LIVESIM_TEST_DATABASE_URL is set, and always with CI=true: there a missing
 * or unreachable server fails the run (as a missing Chromium does in tests/run-all.mjs) instead of
 * skipping. `.ci/run` starts a throwaway server and sets the variable.
 */
import type { TestProject } from 'vitest/node';
import { createTempDatabase, redactUrl } from '../../../src/hub/db/pg';

declare module 'vitest' {
  export interface ProvidedContext {
    hubPgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = process.env.LIVESIM_TEST_DATABASE_URL;
  if (!server) throw new Error('the hub-pg tests need PostgreSQL: set LIVESIM_TEST_DATABASE_URL=postgres://user:password@host:port/database (a user that may CREATE DATABASE); with CI=true they must run');
  let made;
  try {
    made = await createTempDatabase(server, 'livesim_test');
  } catch (e) {
    throw new Error(`the hub-pg tests could not create a database on ${redactUrl(server)}: ${(e as Error).message}`, { cause: e });
  }
  project.provide('hubPgUrl', made.url);
  return made.drop;
}
