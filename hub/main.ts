/**
 * `npm run hub`: serves the team hub; `npm run hub -- invite …` and `npm run hub -- revoke …`
 * manage its members. The database is DATABASE_URL's PostgreSQL server, else the embedded
 * one in .hub-data/ (HUB_DATA to move it), whose running hub takes the commands itself
 * (admin-socket.ts); pending migrations run first either way.
 * Exit 0 on success, 2 on bad arguments with a one-line reason.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultSettings, type Settings } from '../lib/settings';
import { settingsFrom } from '../lib/report/settings-file';
import { DataDirBusy, askAdmin, holdDataDir } from './admin-socket';
import { type Database, embeddedDataDir, embeddedDatabase, serverDatabase } from './database';
import { ROLES, RevokeError, type Role, checkRevokePrefix, invite, revoke } from './members';
import { migrate } from './migrate';
import { buildHub } from './server';

const USAGE = `usage: npm run hub                                  serve on HOST:PORT (127.0.0.1:8787)
       npm run hub -- invite --team T --role agent|supervisor --name AGENT_ID
       npm run hub -- revoke TOKEN_PREFIX
env: DATABASE_URL (a PostgreSQL server; default: embedded in HUB_DATA, .hub-data), HUB_SETTINGS (report settings file)`;

class UsageError extends Error {}

/** A command checks its arguments first, then returns its work on the database. */
type Command = (args: string[]) => (db: Database) => Promise<string>;

const COMMANDS: Record<string, Command> = {
  invite(args) {
    const { values } = parseArgs({ args, options: { team: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } } });
    const { team, role, name } = values;
    if (!team || !name || !ROLES.includes(role as Role)) throw new UsageError('invite needs --team, --role agent|supervisor and --name');
    return async (db) => {
      const token = await invite(db, { team, role: role as Role, name });
      return `Token for ${role} ${name} of team ${team} (shown once, keep it secret):\n${token}`;
    };
  },
  revoke(args) {
    if (args.length !== 1) throw new UsageError('revoke needs the first characters of one token');
    checkRevokePrefix(args[0]);
    return async (db) => {
      const m = await revoke(db, args[0]);
      return `Revoked the token of ${m.role} ${m.name} of team ${m.team}.`;
    };
  },
};

function settings(path: string | undefined): Settings {
  if (!path) return defaultSettings();
  try {
    return settingsFrom(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new UsageError(`bad HUB_SETTINGS ${path}: ${(err as Error).message}`);
  }
}

/**
 * Opens the database with its migrations applied. The embedded one is first taken for this
 * process (admin-socket.ts), and the commands other processes send are run on it.
 */
async function open(): Promise<{ db: Database; close: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const db = serverDatabase(process.env.DATABASE_URL);
    await migrate(db);
    return { db, close: () => db.close() };
  }
  let opened: (db: Database) => void;
  const ready = new Promise<Database>((resolve) => (opened = resolve));
  const admin = await holdDataDir(embeddedDataDir(process.env), async (argv) => parseCommand(argv)(await ready));
  const db = embeddedDatabase(embeddedDataDir(process.env));
  await migrate(db);
  opened!(db);
  return { db, close: async () => void (admin.close(), await db.close()) };
}

async function serve(): Promise<void> {
  const hubSettings = settings(process.env.HUB_SETTINGS);
  const { db, close } = await open();
  const app = buildHub({ db, settings: hubSettings, logger: { redact: ['req.headers.authorization'] } });
  const stop = async (): Promise<void> => {
    await app.close();
    await close();
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  await app.listen({ port: Number(process.env.PORT ?? 8787), host: process.env.HOST ?? '127.0.0.1' });
}

function parseCommand([command, ...args]: string[]): (db: Database) => Promise<string> {
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command ${command}\n${USAGE}`);
  return COMMANDS[command](args);
}

/** Runs a member command in the hub process holding the embedded database if there is one, else here. */
async function command(argv: string[]): Promise<string> {
  const work = parseCommand(argv);
  if (!process.env.DATABASE_URL) {
    const answer = await askAdmin(embeddedDataDir(process.env), argv);
    if (answer && !answer.ok) throw new UsageError(answer.text);
    if (answer) return answer.text;
  }
  const { db, close } = await open();
  try {
    return await work(db);
  } finally {
    await close();
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--help' || argv[0] === 'help') console.log(USAGE);
  else if (argv.length === 0) await serve();
  else console.log(await command(argv));
}

main(process.argv.slice(2)).catch((err: Error & { code?: string }) => {
  if (!(err instanceof UsageError || err instanceof RevokeError || err instanceof DataDirBusy || err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')) throw err;
  console.error(`hub: ${err.message}`);
  process.exitCode = 2;
});
