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
