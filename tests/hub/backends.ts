/**
 * The two databases every hub suite runs on: the embedded PGlite (in memory) and a database
 * of its own on the throwaway PostgreSQL server, owned by a login that is not a superuser,
 * as a production hub's would be (a superuser would pass every policy).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, embeddedDatabase, serverDatabase } from '../../hub/database';
import { migrate } from '../../hub/migrate';

export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

const OWNER = 'hub_owner';

/** A new database's URL on the test server, owned by OWNER. */
export async function freshServerDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  try {
    const name = `hub_${randomBytes(6).toString('hex')}`;
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [OWNER]);
    if (exists.rowCount === 0) await admin.query(`CREATE ROLE ${OWNER} LOGIN CREATEROLE`);
    await admin.query(`CREATE DATABASE ${name} OWNER ${OWNER}`);
    const url = new URL(inject('postgresUrl'));
    url.username = OWNER;
    url.pathname = `/${name}`;
    return url.toString();
  } finally {
    await admin.end();
  }
}

/** A migrated, empty hub database. */
export async function openTestDatabase(backend: Backend): Promise<Database> {
  const db = backend === 'pglite' ? embeddedDatabase() : serverDatabase(await freshServerDatabase());
  await migrate(db);
  return db;
}
