/**
 * The hub's PostgreSQL: a server (DATABASE_URL, through `pg`) or the embedded PGlite (a
 * directory, or memory for tests). Both run the same SQL; the rest of the hub sees only
 * transactions of parameterised queries.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;
export type Query = <R extends object = Row>(sql: string, params?: unknown[]) => Promise<R[]>;

export interface Tx {
  query: Query;
  /** Several statements, no parameters (a migration file). */
  exec(sql: string): Promise<void>;
}

export interface Database {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function serverDatabase(url: string): Database {
  const pool = new pg.Pool({ connectionString: url });
  // An idle connection lost (a server restart): the pool opens a new one when next needed.
  pool.on('error', () => undefined);
  return {
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async (sql, params) => (await client.query(sql, params)).rows,
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** `dataDir` undefined: in memory. PGlite is one connection; its transactions queue. */
export function embeddedDatabase(dataDir?: string): Database {
  const db = new PGlite(dataDir);
  return {
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <R extends object>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows,
          exec: async (sql) => void (await tx.exec(sql)),
        }),
      ),
    close: () => db.close(),
  };
}

export const embeddedDataDir = (env: NodeJS.ProcessEnv): string => env.HUB_DATA ?? '.hub-data';

