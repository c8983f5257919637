/** `npm run hub` as users run it: the server process and the invite/revoke commands beside it. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { BACKENDS, type Backend, freshServerDatabase } from './backends';
import { lines, status } from './harness';

// Each test starts several hub processes, and a fresh embedded database takes a PGlite initdb.
vi.setConfig({ testTimeout: 240_000 });

const root = resolve(__dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');

const freePort = (): Promise<number> =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

function hubCommand(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(tsx, ['hub/main.ts', ...args], { cwd: root, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }));
  });
}

const servers: ChildProcess[] = [];
const dataDirs: string[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.kill()));
afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Starts the hub; resolves with its base URL once it listens. */
function serve(env: NodeJS.ProcessEnv): Promise<string> {
  const server = spawn(tsx, ['hub/main.ts'], { cwd: root, env: { ...process.env, ...env } });
  servers.push(server);
  return new Promise((done, fail) => {
    let log = '';
    server.stdout.on('data', (chunk) => {
      log += chunk;
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (listening) done(listening[1]);
    });
    server.on('exit', (code) => fail(new Error(`hub exited with ${code}: ${log}`)));
  });
}

const post = (base: string, token: string, body: string) =>
  fetch(`${base}/v1/events`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' } });

async function environment(backend: Backend): Promise<NodeJS.ProcessEnv> {
  const port = String(await freePort());
  if (backend === 'postgres') return { DATABASE_URL: await freshServerDatabase(), PORT: port };
  const dir = mkdtempSync(join(tmpdir(), 'hub-data-'));
  dataDirs.push(dir);
  return { HUB_DATA: join(dir, '.hub-data'), PORT: port };
}

describe.each(BACKENDS)('npm run hub on %s', (backend) => {
  it('invites and revokes members beside the running hub, which sees both at once and keeps them', async () => {
    const env = await environment(backend);
    const base = await serve(env);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });

    const invited = await hubCommand(env, ['invite', '--team', 'north', '--role', 'agent', '--name', 'alice']);
    expect(invited.code).toBe(0);
    const token = invited.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^hub_[\w-]{43}$/);
    expect((await post(base, token, lines([status('alice', '2026-11-24T09:00:00.000Z')]))).status).toBe(200);

    const revoked = await hubCommand(env, ['revoke', token.slice(0, 12)]);
    expect([revoked.code, revoked.stdout.trim()]).toEqual([0, 'Revoked the token of agent alice of team north.']);
    expect((await post(base, token, lines([status('alice', '2026-11-24T09:01:00.000Z')]))).status).toBe(401);

    // Stopped, the hub's data stays; a command then opens the database itself.
    servers.pop()!.kill();
    await new Promise((done) => setTimeout(done, 1000));
    const second = await hubCommand(env, ['invite', '--team', 'north', '--role', 'agent', '--name', 'bob']);
    const bob = second.stdout.trim().split('\n').at(-1)!;
    const again = await serve(env);
    expect((await post(again, bob, lines([status('bob', '2026-11-24T09:00:00.000Z')]))).status).toBe(200);
    expect((await post(again, token, lines([status('alice', '2026-11-24T09:02:00.000Z')]))).status).toBe(401);
  });

  it('says what is wrong with a command in one line, with exit status 2', async () => {
    const env = await environment(backend);
    const bad = await hubCommand(env, ['invite', '--team', 'north', '--role', 'boss', '--name', 'x']);
    expect([bad.code, bad.stderr]).toEqual([2, 'hub: invite needs --team, --role agent|supervisor and --name\n']);
    const short = await hubCommand(env, ['revoke', 'hub_']);
    expect([short.code, short.stderr]).toEqual([2, 'hub: give at least 10 characters of the token\n']);
  });
});

describe('the embedded database', () => {
  it('is held by one hub: a second one on the same directory is refused', async () => {
    const env = await environment('pglite');
    await serve(env);
    const second = await hubCommand({ ...env, PORT: String(await freePort()) }, []);
    expect([second.code, second.stderr]).toEqual([2, `hub: another hub process is using ${env.HUB_DATA}\n`]);
  });
});
