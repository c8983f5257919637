import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../lib/report/cli';
import { parseCsv } from '../../../lib/formats/csv';
import type { InboxEvent } from '../../../lib/events';
import { agentMsg, customer, t } from '../metrics/events-builder';

// Hundreds of thousands of events on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const tmp = mkdtempSync(join(tmpdir(), 'inbox-pulse-large-'));
const N = 140_000;

function writeEvents(name: string, events: Iterable<InboxEvent>): string {
  const path = join(tmp, name);
  const lines: string[] = [];
  for (const e of events) lines.push(JSON.stringify(e));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function runMain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), clock: () => t(60) });
  return { code, stdout, stderr };
}

describe('report: a long holiday list', () => {
  it('costs a lookup per day of business-hours time, not a scan of the list', async () => {
    // 190 waits of 30 days each since 2010: 5 700 days, each looked up among 70 000 holidays (a settings file under 1 MiB).
    function* events() {
      for (let i = 0; i < 190; i++) {
        yield customer('slow', -(i + 1) * 60 * 24 * 31, { msg: `q${i}` });
        yield agentMsg('slow', -(i + 1) * 60 * 24 * 31 + 60 * 24 * 30, 'ana', { msg: `a${i}` });
      }
    }
    const file = writeEvents('slow.ndjson', events());
    const day = (n: number) => new Date(Date.UTC(1970, 0, 1 + n)).toISOString().slice(0, 10);
    const run = async (holidays: string[]) => {
      const settings = join(tmp, `bh-${holidays.length}.json`);
      const week = Array.from({ length: 7 }, () => [{ from: '09:00', to: '17:00' }]);
      writeFileSync(settings, JSON.stringify({ autoCloseAfterS: 0, timeZone: 'UTC', businessHours: { enabled: true, timeZone: 'UTC', week, holidays } }));
      const t0 = performance.now();
      const { code, stdout, stderr } = await runMain([file, '--settings', settings, '--json']);
      expect([code, stderr]).toEqual([0, '']);
      return { ms: performance.now() - t0, rt: JSON.parse(stdout).team.rt.count };
    };
    const few = await run([day(0)]);
    const many = await run(Array.from({ length: 70_000 }, (_, i) => day(i * 2 + 1)));
    expect([few.rt, many.rt]).toEqual([190, 190]);
    // Loose on purpose: scanning the list per day is half a billion string comparisons here.
    expect(many.ms).toBeLessThan(2 * few.ms + 500);
  });
});

describe('report: arrays too large to spread into one call', () => {
  it(`${N} episodes in one chat`, async () => {
    // One customer message every 2 minutes, each auto-closed a minute later: one episode each.
    function* events() {
      for (let i = 0; i < N; i++) yield customer('busy', -2 * i, { msg: `q${i}` });
    }
    const settings = join(tmp, 'settings.json');
    writeFileSync(settings, JSON.stringify({ autoCloseAfterS: 60, timeZone: 'UTC' }));
    const { code, stdout, stderr } = await runMain([writeEvents('episodes.ndjson', events()), '--settings', settings, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).routes).toEqual([{ route: 'unrouted', episodes: N }]);
  });

  it(`${N} waits in one episode, with --episodes-csv`, async () => {
    function* events() {
      for (let i = 0; i < N; i++) {
        yield customer('chatty', -N + i, { msg: `q${i}` });
        yield agentMsg('chatty', -N + i + (i === 7 ? 0.75 : 0.5), 'ana', { msg: `a${i}` });
      }
    }
    const csv = join(tmp, 'episodes.csv');
    const { code, stderr } = await runMain([writeEvents('waits.ndjson', events()), '--episodes-csv', csv, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [header, row] = parseCsv(readFileSync(csv, 'utf8'));
    const cell = (name: string) => row![header!.indexOf(name)];
    expect([cell('responses'), cell('response_max_s')]).toEqual([String(N), '45']);
  });
});
