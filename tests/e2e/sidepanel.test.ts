import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { statusId } from '../../lib/events';
import { formatDuration } from '../../lib/format-duration';
import type { ReportJson } from '../../lib/report/build';
import { settingsFrom } from '../../lib/report/settings-file';
import { sim, startSession, type Session } from './harness';

const FIXTURES = 'tests/fixtures/report';
const files = [`${FIXTURES}/scenario.ndjson`, `${FIXTURES}/scenario-bob.ndjson`];
const settingsFile = `${FIXTURES}/scenario.settings.json`;
const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').length;

let session: Session;
let panel: Page;
beforeAll(async () => {
  session = await startSession();
  await session.configure(settingsFrom(JSON.parse(readFileSync(settingsFile, 'utf8'))));
  panel = await session.openPage('sidepanel.html');
});
afterAll(async () => { await session?.close(); });

const importFile = async (file: string) => {
  await panel.locator('#import-file').setInputFiles(file);
  const status = panel.locator('.import-status');
  await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/Events added|was not imported/);
  return (await status.textContent())!;
};

it('imports agents\' files with a clear result, idempotently, and rejects a bad file whole with its line number', async () => {
  const first = await importFile(files[0]);
  expect(first).toContain(`Events added: ${lines(files[0])}`);
  expect(first).toContain('Duplicates skipped: 0');
  expect(await importFile(files[1])).toMatch(/Events added: \d+/);
  const stored = (await session.storedEvents()).length;

  const again = await importFile(files[0]);
  expect(again).toContain('Events added: 0');
  expect(again).toContain(`Duplicates skipped: ${lines(files[0])}`);

  const bad = join(tmpdir(), 'bad-events.ndjson');
  const text = readFileSync(files[0], 'utf8').split('\n');
  text[2] = '{"v":1,"id":"x","type":"message","at":"yesterday"}';
  writeFileSync(bad, [...text.slice(0, 3), '{"v":1,"id":"new-one","type":"status","at":"2026-11-24T10:00:00.000Z","agent":"z","status":"online","reason":"manual"}'].join('\n'));
  const rejected = await importFile(bad);
  expect(rejected).toContain('bad-events.ndjson was not imported');
  expect(rejected).toContain('Line 3:');
  expect(rejected).toContain('Nothing was written');
  expect((await session.storedEvents()).length).toBe(stored);
});

it('shows the same first response time as the report command for the same events', async () => {
  const report = JSON.parse(execFileSync(process.execPath, ['bin/report.mjs', ...files, '--settings', settingsFile,
    '--from', '2026-11-24', '--to', '2026-11-25', '--tz', 'Europe/Paris', '--json'], { encoding: 'utf8' })) as ReportJson;
  expect(report.team.frt.count).toBeGreaterThan(0);

  await panel.locator('#period').selectOption('custom');
  await panel.locator('#period-from').fill('2026-11-24');
  await panel.locator('#period-to').fill('2026-11-24');
  const frt = panel.locator('[data-kpi="kpi-frt"]');
  const show = (s: number | null) => formatDuration(s, 'en-US');
  await expect.poll(() => frt.locator('.kpi-count').textContent(), { timeout: 15_000 }).toContain(String(report.team.frt.count));
  expect(await frt.locator('.kpi-value').textContent()).toContain(show(report.team.frt.mean));
  const stats = await frt.locator('.kpi-stats dd').allTextContents();
  expect(stats).toEqual([show(report.team.frt.p50), show(report.team.frt.p95), show(report.team.frt.p99)]);
  await panel.screenshot({ path: 'test-output/sidepanel-report-match.png', fullPage: true });
});

it('lists a customer who just wrote among the unanswered within about a second of the stored event', async () => {
  const title = (await sim(session.inbox).chats()).find((c) => !c.group && !c.open && c.lastIsMine)?.title;
  expect(title, 'an answered one-to-one chat in the imitation').toBeTruthy();
  const waiting = panel.locator('.live li[data-chat]', { hasText: title! });
  expect(await waiting.count()).toBe(0);
  await sim(session.inbox).customerSends(title!, 'Hello, anyone there?');
  await session.messagesWhere((m) => m.chatTitle === title && m.by === 'customer', 1, `the customer message in ${title}`);
  const stored = Date.now();
  await expect.poll(() => waiting.count(), { timeout: 5000, interval: 50 }).toBe(1);
  // The worker broadcasts after the commit; the panel re-reads the recent events at most every 400 ms.
  expect(Date.now() - stored).toBeLessThan(1500);
  await expect.poll(() => waiting.locator('.wait').textContent()).toMatch(/^0:0\d$/);
});

it('imports a big file in one write, saying what it saves, and stores every event', async () => {
  const start = Date.parse('2026-10-01T08:00:00.000Z');
  const lines = Array.from({ length: 12_000 }, (_, i) => {
    const at = new Date(start + i * 60_000).toISOString();
    return JSON.stringify({ v: 1, id: statusId('bulk', at, 'online'), at, type: 'status', agent: 'bulk', status: 'online', reason: 'manual' });
  });
  const file = join(tmpdir(), 'bulk-events.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const before = (await session.storedEvents()).length;
  // Every text the import status shows on the way, however briefly.
  await panel.evaluate(() => {
    const seen: string[] = ((window as unknown as { importTexts: string[] }).importTexts = []);
    const status = document.querySelector('.import-status')!;
    new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, { childList: true, subtree: true, characterData: true });
  });
  expect(await importFile(file)).toContain('Events added: 12,000');
  const seen = await panel.evaluate(() => (window as unknown as { importTexts: string[] }).importTexts);
  expect(seen.some((text) => text.includes('Saving 12,000 events'))).toBe(true);
  expect((await session.storedEvents()).length).toBe(before + 12_000);
});
