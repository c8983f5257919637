import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startSession, type Session } from './harness';
import type { InboxEvent } from '../../lib/events';

declare const waSim: Record<string, (...args: unknown[]) => unknown>;

let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=3&chats=8');
  await session.configure({ agentId: 'maria', agentName: 'Maria', team: 'Support' });
});
afterAll(async () => { await session?.close(); });

it('shows the agent\'s own numbers, toggles the status and exports the events', async () => {
  const { inbox } = session;
  // A new customer: this reply is the episode's first response.
  const title = 'Nora Keller';
  await inbox.evaluate((t) => waSim.customerSends(t, 'Is my parcel on its way?'), title);
  await session.messagesWhere((m) => m.chat === title && m.dir === 'in' && m.live, 1, 'customer message from the chat list');
  await inbox.evaluate((t) => waSim.openChat(t), title);
  await inbox.waitForTimeout(2000);
  await inbox.locator('#main footer [contenteditable="true"]').click();
  await inbox.keyboard.type('Yes, it ships today.');
  await inbox.keyboard.press('Enter');
  const [reply] = await session.messagesWhere((m) => m.dir === 'out' && m.live && m.attribution === 'local', 1, 'local reply');

  const popup = await session.openPage('popup.html');
  const frtRow = popup.getByRole('row', { name: /First response/ });
  await expect.poll(() => frtRow.getByRole('cell').first().textContent(), { timeout: 15_000 }).toMatch(/\d+(\.\d)?s/);

  const toggle = popup.locator('.status-toggle');
  await expect.poll(() => toggle.getAttribute('data-status')).toBe('online');
  await toggle.click();
  await expect.poll(() => toggle.getAttribute('data-status')).toBe('unavailable');
  await eventually(async () => (await session.storedEvents()).some((e) => e.type === 'status' && e.status === 'unavailable' && e.reason === 'manual' && e.agent === 'maria'), 'manual unavailable status event');

  const [download] = await Promise.all([popup.waitForEvent('download'), popup.locator('[data-export="events.ndjson"]').click()]);
  const lines = (await readFile((await download.path())!, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as InboxEvent);
  expect(download.suggestedFilename()).toMatch(/^inbox-pulse-events-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.ndjson$/);
  expect(lines.map((e) => e.id)).toContain(reply.id);
  expect(lines.some((e) => e.type === 'agent' && e.agent === 'maria' && e.name === 'Maria' && e.team === 'Support')).toBe(true);

  await popup.screenshot({ path: 'test-output/popup-en-light.png' });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.screenshot({ path: 'test-output/popup-en-dark.png' });
});
