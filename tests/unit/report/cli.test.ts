import { describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../../lib/report/cli';
import { buildReport } from '../../../lib/report/build';
import { parseEventsNdjson } from '../../../lib/formats/import';
import { mergeEvents } from '../../../lib/formats/merge';
import { toEventsNdjson } from '../../../lib/formats/ndjson';
import { settingsFrom } from '../../../lib/report/settings-file';

// Spawning node is slow on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const root = resolve(__dirname, '../../..');
const fixture = (name: string) => join(root, 'tests/fixtures/report', name);
const tmp = mkdtempSync(join(tmpdir(), 'inbox-pulse-report-'));
const scenarioArgs = [
  fixture('scenario.ndjson'), fixture('scenario-bob.ndjson'),
  '--settings', fixture('scenario.settings.json'),
  '--from', '2026-11-24T07:00:00.000Z', '--to', '2026-11-24T13:00:00.000Z', '--tz', 'Europe/Paris',
];

async function runBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [join(root, 'bin/report.mjs'), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function runMain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), clock: () => Date.parse('2026-11-24T13:00:00.000Z') });
  return { code, stdout, stderr };
}

describe('report command: the hand-computed scenario', () => {
  it('prints exactly the expected JSON (real CLI, spawned) and writes the expected CSVs', async () => {
    const episodes = join(tmp, 'episodes.csv');
    const agents = join(tmp, 'agents.csv');
    const { code, stdout, stderr } = await runBin([...scenarioArgs, '--json', '--episodes-csv', episodes, '--agents-csv', agents]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(fixture('scenario.expected.json'), 'utf8')));
    expect(readFileSync(episodes, 'utf8')).toBe(readFileSync(fixture('scenario.episodes.expected.csv'), 'utf8'));
    expect(readFileSync(agents, 'utf8')).toBe(readFileSync(fixture('scenario.agents.expected.csv'), 'utf8'));
  });

  it('gives the same report from its own events.ndjson export, re-imported', async () => {
    const files = await Promise.all(['scenario.ndjson', 'scenario-bob.ndjson'].map((f) => parseEventsNdjson(readFileSync(fixture(f), 'utf8'))));
    const exported = join(tmp, 'events.ndjson');
    writeFileSync(exported, toEventsNdjson(mergeEvents(...files)));
    const again = await runMain([exported, ...scenarioArgs.slice(2), '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(readFileSync(fixture('scenario.expected.json'), 'utf8')));
    // Importing the export again on top of the originals changes nothing either.
    const twice = await runMain([fixture('scenario.ndjson'), exported, fixture('scenario-bob.ndjson'), exported, ...scenarioArgs.slice(2), '--json']);
    expect(JSON.parse(twice.stdout)).toEqual(JSON.parse(again.stdout));
  });

  it('file order does not matter', async () => {
    const settings = settingsFrom(JSON.parse(readFileSync(fixture('scenario.settings.json'), 'utf8')));
    const a = await parseEventsNdjson(readFileSync(fixture('scenario.ndjson'), 'utf8'));
    const b = await parseEventsNdjson(readFileSync(fixture('scenario-bob.ndjson'), 'utf8'));
    const opts = { settings, from: Date.parse('2026-11-24T07:00:00.000Z'), to: Date.parse('2026-11-24T13:00:00.000Z'), tz: 'Europe/Paris' };
    expect(buildReport([...b, ...a], opts)).toEqual(buildReport([...a, ...b], opts));
  });

  it('prints readable aligned tables without --json', async () => {
    const { code, stdout } = await runMain(scenarioArgs);
    expect(code).toBe(0);
    expect(stdout).toContain('Inbox Pulse report  2026-11-24 08:00:00 → 2026-11-24 14:00:00  (Europe/Paris)');
    // Durations as the side panel writes them; a running wait as its clock.
    expect(stdout).toMatch(/First response\s+6\s+8m 31s\s+4m 45s\s+24m 21s\s+28m 48s\s+2m\s+29m 55s\n/);
    expect(stdout).toContain('chats closed 3   auto-closed 2   online 1h 43m');
    expect(stdout).toContain('unavailable 2026-11-24 09:30:00 → 2026-11-24 09:45:00');
    expect(stdout).toMatch(/c-gamma\s+2026-11-24 13:10:00\s+50:00/);
  });
});

describe('report command: periods and now', () => {
  it('from defaults to the earliest event, to to just after the last event (an old file reads as of its end)', async () => {
    const { stdout } = await runMain([fixture('scenario.ndjson'), fixture('scenario-bob.ndjson'), '--settings', fixture('scenario.settings.json'), '--json']);
    const r = JSON.parse(stdout);
    expect([r.from, r.to, r.tz]).toEqual(['2026-11-24T07:00:00.000Z', '2026-11-24T12:45:00.001Z', 'Europe/Paris']);
    expect(r.team.rt.count).toBe(9);
    // The last event (c-echo's customer at 12:45) is in: its wait runs.
    expect(r.unanswered.map((u: { chat: string }) => u.chat)).toContain('c-echo');
  });

  it('--to now asks for the current time', async () => {
    const { stdout } = await runMain([fixture('scenario.ndjson'), '--to', 'now', '--tz', 'UTC', '--json']);
    expect(JSON.parse(stdout).to).toBe('2026-11-24T13:00:00.000Z');
  });

  it('files without events read as of now', async () => {
    const empty = join(tmp, 'empty.ndjson');
    writeFileSync(empty, '');
    const { code, stdout } = await runMain([empty, '--tz', 'UTC', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).to).toBe('2026-11-24T13:00:00.000Z');
  });

  it('accepts local dates in --tz and ignores events at or after --to', async () => {
    const { stdout } = await runMain([fixture('scenario.ndjson'), '--from', '2026-11-24', '--to', '2026-11-24T08:05:00.000Z', '--tz', 'Europe/Paris', '--json']);
    const r = JSON.parse(stdout);
    expect(r.from).toBe('2026-11-23T23:00:00.000Z');
    expect(r.team.frt.count).toBe(2);
    expect(r.unanswered).toEqual([]);
  });
});

describe('report command: --help', () => {
  it('prints the usage on stdout and exits 0, whatever else is given', async () => {
    for (const args of [['--help'], ['x.ndjson', '--verbose', '--help']]) {
      const { code, stdout, stderr } = await runMain(args);
      expect([code, stderr]).toEqual([0, '']);
      expect(stdout).toMatch(/^usage: report <events\.ndjson \.\.\.>/);
      for (const flag of ['--from', '--to', '--tz', '--settings', '--json', '--episodes-csv', '--agents-csv']) expect(stdout).toContain(flag);
    }
  });
});

describe('report command: every message counts once, and a conflicting copy is refused', () => {
  const event = (o: Record<string, unknown>) => JSON.stringify({ v: 1, at: '2026-11-24T10:00:00.000Z', site: 'whatsapp', chat: 'c1', ...o });
  const message = (msg: string, o: Record<string, unknown> = {}) =>
    event({ id: `m:whatsapp:c1:${msg}`, type: 'message', chatTitle: 'Carla', msg, dir: 'in', by: 'customer', attribution: 'none', live: true, ...o });
  const reply = message('a1', { at: '2026-11-24T10:03:00.000Z', dir: 'out', by: 'agent', agent: 'ana', attribution: 'local' });
  const file = (name: string, ...lines: string[]) => {
    const path = join(tmp, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  const report = async (...files: string[]) => {
    const r = await runMain([...files, '--to', '2026-11-24T11:00:00.000Z', '--tz', 'UTC', '--json']);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  };

  it('a row message, its real message and their link report as the real message alone, in one file or several', async () => {
    // The list saw the message a minute before the chat was opened.
    const row = message('row-1', { at: '2026-11-24T09:59:00.000Z' });
    const link = event({ id: 'l:whatsapp:c1:row-1', type: 'link', at: '2026-11-24T10:01:00.000Z', msg: 'row-1', toChat: 'c1', toMsg: 'k1' });
    const alone = await report(file('alone.ndjson', message('k1'), reply));
    expect(alone.team.frt.count).toBe(1);
    expect(await report(file('linked.ndjson', row, message('k1'), link, reply))).toEqual(alone);
    expect(await report(file('link-first.ndjson', link, reply), file('row.ndjson', message('k1'), row))).toEqual(alone);
  });

  it('tables show control characters of chat keys, routes and agents as U+FFFD, never raw', async () => {
    const evil = '\u001b]0;owned\u0007\u001b[2J';
    const lines = [
      event({ id: 'm:1', type: 'message', chat: evil, chatTitle: 't', msg: 'k1', dir: 'in', by: 'customer', attribution: 'none', live: true, route: `r${evil}` }),
      event({ id: 'm:2', type: 'message', at: '2026-11-24T10:01:00.000Z', chat: evil, chatTitle: 't', msg: 'k2', dir: 'out', by: 'agent', agent: `ana\n${evil}`, attribution: 'local', live: true }),
      event({ id: 'm:3', type: 'message', at: '2026-11-24T10:02:00.000Z', chat: evil, chatTitle: 't', msg: 'k3', dir: 'in', by: 'customer', attribution: 'none', live: true }),
    ];
    const { code, stdout } = await runMain([file('evil.ndjson', ...lines), '--tz', 'UTC']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const shown = '\ufffd]0;owned\ufffd\ufffd[2J';
    expect(stdout).toContain(`AGENT ana\ufffd${shown}\n`);
    expect(stdout).toContain(`r${shown}`);
    expect(stdout.split('\n').filter((l) => l.startsWith(shown))).toEqual([expect.stringContaining('2026-11-24 10:02:00')]);
  });

  it('the same close by two agents in two files: exit 2 naming both places', async () => {
    const close = (agent: string) => event({ id: 'c:whatsapp:c1:2026-11-24T10:05:00.000Z', type: 'close', at: '2026-11-24T10:05:00.000Z', agent });
    const a = file('a.ndjson', message('k1'), close('ana'));
    const b = file('b.ndjson', close('bob'));
    const { code, stderr } = await runMain([a, b, '--json']);
    expect(code).toBe(2);
    expect(stderr).toBe(`report: ${b}:1: same id as ${a}:2 but another "agent": "c:whatsapp:c1:2026-11-24T10:05:00.000Z"\n`);
  });
});

describe('report command: bad input exits 2 with a one-line reason', () => {
  const bad = join(tmp, 'bad.ndjson');
  writeFileSync(bad, `${readFileSync(fixture('scenario.ndjson'), 'utf8').split('\n').slice(0, 3).join('\n')}\n{"v":1,"id":"x","type":"typing","at":"2026-11-24T08:00:00.000Z"}\n`);

  it('a bad line: file and line number (real CLI)', async () => {
    const { code, stdout, stderr } = await runBin([fixture('scenario.ndjson'), bad, '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`report: ${bad}:4: unknown "type": "typing"\n`);
  });

  it.each([
    [['missing.ndjson'], /^report: cannot read missing\.ndjson: ENOENT\n$/],
    [[], /^report: no input files/],
    [['x.ndjson', '--tz', 'Mars/Olympus'], /^report: unknown time zone: Mars\/Olympus\n$/],
    [['x.ndjson', '--from', 'yesterday'], /^report: bad --from: yesterday/],
    [['x.ndjson', '--to', '2026-11-24T25:00:00Z'], /^report: bad --to/],
    [['x.ndjson', '--from', '2026-11-25', '--to', '2026-11-24'], /^report: --from must be before --to\n$/],
    [['x.ndjson', '--verbose'], /^report: unknown option --verbose\n$/],
    [['x.ndjson', '--settings', 'nope.json'], /^report: cannot read settings nope\.json: ENOENT\n$/],
  ])('%j', async (args, message) => {
    const { code, stderr } = await runMain(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('an unexpected failure too, on one line', async () => {
    let stderr = '';
    const failing = { stdout: () => { throw new Error('stdout\nclosed'); }, stderr: (s: string) => (stderr += s) };
    expect(await main([fixture('scenario.ndjson')], failing)).toBe(2);
    expect(stderr).toBe('report: unexpected error: stdout closed\n');
  });

  it('an endless input (/dev/zero) is refused at the line limit', async () => {
    const { code, stderr } = await runMain(['/dev/zero']);
    expect(code).toBe(2);
    expect(stderr).toBe('report: /dev/zero:1: longer than 1048576 bytes (1 MiB), the longest line accepted\n');
  });

  it('an endless settings file (/dev/zero) is refused past 1 MiB', async () => {
    const { code, stderr } = await runMain([fixture('scenario.ndjson'), '--settings', '/dev/zero']);
    expect([code, stderr]).toEqual([2, 'report: bad settings /dev/zero: larger than 1 MiB\n']);
  });

  it('a bad settings file', async () => {
    const s = join(tmp, 'settings.json');
    writeFileSync(s, JSON.stringify({ targets: { frtS: 'soon' } }));
    const { code, stderr } = await runMain([fixture('scenario.ndjson'), '--settings', s]);
    expect(code).toBe(2);
    expect(stderr).toBe(`report: bad settings ${s}: targets.frtS must be a number of seconds\n`);
  });
});
