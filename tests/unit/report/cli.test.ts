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
    expect(stdout).toMatch(/First response\s+6\s+8:31\s+4:45\s+24:21\s+28:48\s+2:00\s+29:55/);
    expect(stdout).toContain('unavailable 2026-11-24 09:30:00 → 2026-11-24 09:45:00');
    expect(stdout).toMatch(/c-gamma\s+2026-11-24 13:10:00\s+50:00/);
  });
});

describe('report command: periods and now', () => {
  it('from defaults to the earliest event, to and now to the current time (or the hidden --now)', async () => {
    const { stdout } = await runMain([fixture('scenario.ndjson'), fixture('scenario-bob.ndjson'), '--settings', fixture('scenario.settings.json'), '--now', '2026-11-24T13:00:00.000Z', '--json']);
    const r = JSON.parse(stdout);
    expect([r.from, r.to, r.tz]).toEqual(['2026-11-24T07:00:00.000Z', '2026-11-24T13:00:00.000Z', 'Europe/Paris']);
    expect(r.team.rt.count).toBe(9);
  });

  it('accepts local dates in --tz and ignores events at or after --to', async () => {
    const { stdout } = await runMain([fixture('scenario.ndjson'), '--from', '2026-11-24', '--to', '2026-11-24T08:05:00.000Z', '--tz', 'Europe/Paris', '--json']);
    const r = JSON.parse(stdout);
    expect(r.from).toBe('2026-11-23T23:00:00.000Z');
    expect(r.team.frt.count).toBe(2);
    expect(r.unanswered).toEqual([]);
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

  it('a bad settings file', async () => {
    const s = join(tmp, 'settings.json');
    writeFileSync(s, JSON.stringify({ targets: { frtS: 'soon' } }));
    const { code, stderr } = await runMain([fixture('scenario.ndjson'), '--settings', s]);
    expect(code).toBe(2);
    expect(stderr).toBe(`report: bad settings ${s}: targets.frtS must be a number of seconds\n`);
  });
});
