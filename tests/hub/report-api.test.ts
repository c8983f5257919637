import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkId, messageId } from '../../lib/events';
import { settingsFrom } from '../../lib/report/settings-file';
import { BACKENDS } from './backends';
import { type TestHub, startTestHub } from './harness';

const root = resolve(__dirname, '../..');
const fixture = (name: string) => join(root, 'tests/fixtures/report', name);
const settingsFile = fixture('scenario.settings.json');
const period = { from: '2026-11-24T07:00:00.000Z', to: '2026-11-24T13:00:00.000Z', tz: 'Europe/Paris' };
const query = `from=${period.from}&to=${period.to}&tz=${encodeURIComponent(period.tz)}`;

/** `npm run report -- <files> --json` over the same period, spawned as users run it. */
async function reportCommand(files: string[]): Promise<unknown> {
  const args = [join(root, 'bin/report.mjs'), ...files, '--settings', settingsFile, '--from', period.from, '--to', period.to, '--tz', period.tz, '--json'];
  const { stdout } = await promisify(execFile)('node', args, { cwd: root });
  return JSON.parse(stdout);
}

describe.each(BACKENDS)('GET /v1/report on %s', (backend) => {
  let hub: TestHub;
  let boss: string;
  let ana: string;
  beforeAll(async () => {
    hub = await startTestHub(backend, settingsFrom(JSON.parse(readFileSync(settingsFile, 'utf8'))));
    boss = await hub.token('support', 'supervisor', 'sue');
    ana = await hub.token('support', 'agent', 'ana');
    const bob = await hub.token('support', 'agent', 'bob');
    // Each agent sends its own browser's log, as the extension would.
    expect((await hub.post(ana, readFileSync(fixture('scenario.ndjson'), 'utf8'))).status).toBe(200);
    expect((await hub.post(bob, readFileSync(fixture('scenario-bob.ndjson'), 'utf8'))).status).toBe(200);
  });
  afterAll(() => hub.close());

  it('is exactly the report command\'s JSON for the same log', async () => {
    const r = await hub.get(boss, `/v1/report?${query}`);
    expect(r.status).toBe(200);
    const expected = await reportCommand([fixture('scenario.ndjson'), fixture('scenario-bob.ndjson')]);
    expect(r.json()).toEqual(expected);
    expect(r.json()).toEqual(JSON.parse(readFileSync(fixture('scenario.expected.json'), 'utf8')));
  });

  it('leaves out a message superseded by a link', async () => {
    const before = (await hub.get(boss, `/v1/report?${query}`)).json();
    const link = { v: 1, id: linkId('whatsapp', 'c-alpha', 'a01'), type: 'link', at: '2026-11-24T08:00:05.000Z', site: 'whatsapp', chat: 'c-alpha', msg: 'a01' };
    expect((await hub.post(ana, `${JSON.stringify(link)}\n`)).json()).toEqual({ accepted: 1, duplicates: 0 });
    const after = (await hub.get(boss, `/v1/report?${query}`)).json();
    // The same log without that message, through the report command.
    const superseded = messageId('whatsapp', 'c-alpha', 'a01');
    const dir = mkdtempSync(join(tmpdir(), 'hub-report-'));
    const without = join(dir, 'without.ndjson');
    writeFileSync(without, readFileSync(fixture('scenario.ndjson'), 'utf8').split('\n').filter((l) => !l.includes(`"id":"${superseded}"`)).join('\n'));
    expect(after).toEqual(await reportCommand([without, fixture('scenario-bob.ndjson')]));
    rmSync(dir, { recursive: true });
    expect(after).not.toEqual(before);
  });

  it('ends at the team\'s last event by default, and at now with to=now', async () => {
    const last = readFileSync(fixture('scenario.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).at as string)
      .concat(readFileSync(fixture('scenario-bob.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).at as string))
      .concat('2026-11-24T08:00:05.000Z').sort().at(-1);
    expect((await hub.get(boss, '/v1/report')).json().to).toBe(last);
    expect((await hub.get(boss, '/v1/report?to=now')).json().to).toBe('2026-11-25T00:00:00.000Z');
  });

  it('is for supervisors, and says what is wrong with a bad period', async () => {
    expect((await hub.get(ana, `/v1/report?${query}`)).status).toBe(403);
    const bad = await hub.get(boss, '/v1/report?tz=Mars/Olympus');
    expect([bad.status, bad.json()]).toEqual([400, { error: 'unknown time zone: Mars/Olympus' }]);
    expect((await hub.get(boss, `/v1/report?from=${period.to}&to=${period.from}`)).json()).toEqual({ error: '"from" must be before "to"' });
  });
});
