/**
 * The embedded database belongs to one process: PGlite keeps it in that process's memory, so
 * a second process opening .hub-data/ would not see the first one's writes (and could corrupt
 * them). The process that opens it first binds a Unix socket in the data directory and takes
 * `invite` and `revoke` from the others over it; the socket, reachable only by who may read
 * the data itself, is that directory's lock.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { type Server, connect, createServer } from 'node:net';
import { join } from 'node:path';

export type AdminCommand = (argv: string[]) => Promise<string>;
export interface AdminAnswer { ok: boolean; text: string }

export class DataDirBusy extends Error {}

const socketPath = (dataDir: string): string => join(dataDir, 'admin.sock');

/** Asks the process holding `dataDir` to run `argv`; null when no process holds it. */
export function askAdmin(dataDir: string, argv: string[]): Promise<AdminAnswer | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath(dataDir));
    let reply = '';
    socket.on('connect', () => socket.end(JSON.stringify(argv)));
    socket.on('data', (chunk) => (reply += chunk));
    socket.on('end', () => resolve(JSON.parse(reply) as AdminAnswer));
    // No socket, or one left by a process that died: nobody holds the directory.
    socket.on('error', (err: NodeJS.ErrnoException) => (['ENOENT', 'ECONNREFUSED'].includes(err.code ?? '') ? resolve(null) : reject(err)));
  });
}

function listen(path: string, run: AdminCommand): Promise<Server> {
  // Half-open: the client ends its side after the request and still reads the answer.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    let request = '';
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => (request += chunk));
    socket.on('end', () => {
      const argv = JSON.parse(request) as string[];
      (argv[0] === 'ping' ? Promise.resolve('pong') : run(argv)).then(
        (text) => socket.end(JSON.stringify({ ok: true, text })),
        (err: Error) => socket.end(JSON.stringify({ ok: false, text: err.message })),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

/** Takes `dataDir` for this process, serving `run` to the others; throws DataDirBusy when another process holds it. */
export async function holdDataDir(dataDir: string, run: AdminCommand): Promise<Server> {
  mkdirSync(dataDir, { recursive: true });
  const path = socketPath(dataDir);
  try {
    return await listen(path, run);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    if (await askAdmin(dataDir, ['ping'])) throw new DataDirBusy(`another hub process is using ${dataDir}`);
    rmSync(path, { force: true });
    return listen(path, run);
  }
}
