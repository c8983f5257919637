/**
 * Versioned migrations: hub/migrations/NNNN_name.sql, applied in order, each recorded in
 * schema_migrations with the transaction that applied it, so a hub starting on an existing
 * database applies only the new ones and two hubs starting at once do not race.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from './database';

const DIR = new URL('./migrations/', import.meta.url);
const FILE = /^(\d{4})_[\w-]+\.sql$/;
// Any constant: the hubs sharing one database queue on it while they migrate.
const MIGRATION_LOCK = 0x1ab5;

export interface Migration { version: number; name: string; sql: string }

export function migrations(): Migration[] {
  return readdirSync(DIR)
    .filter((name) => FILE.test(name))
    .sort()
    .map((name) => ({ version: Number(FILE.exec(name)![1]), name, sql: readFileSync(new URL(name, DIR), 'utf8') }));
}

/** Applies the pending migrations; returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  return db.transaction(async ({ query, exec }) => {
    await query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await exec('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const pending = migrations().filter((m) => !done.has(m.version));
    for (const m of pending) {
      await exec(m.sql);
      await query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    return pending.map((m) => m.name);
  });
}
