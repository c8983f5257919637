import { afterAll, beforeAll, expect, it } from 'vitest';
import { messageEvents, overlayOf, sim, startSession, type Session } from './harness';

// A future WhatsApp build may rename #side, #pane-side and #main and change the list's roles
// (research §d): the extension must say within seconds that it is not recording, never guess.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=33&chats=10');
  await session.configure({ agentName: 'Maria' });
});
afterAll(async () => { await session?.close(); });

it('on an unknown layout the overlay shows the paused banner within 5 s, the popup says paused, and nothing is recorded', async () => {
  const { inbox } = session;
  const started = Date.now();
  await inbox.goto('https://web.whatsapp.com/?seed=33&chats=10&layout=unknown');
  await inbox.waitForFunction(() => (window as unknown as { waSim?: { ready: boolean } }).waSim?.ready);
  const overlay = overlayOf(inbox);
  await expect.poll(() => overlay.text('.paused-banner'), { timeout: Math.max(500, 5000 - (Date.now() - started)) }).toContain('Monitoring paused');
  expect(Date.now() - started, 'ms from loading the page to the banner').toBeLessThanOrEqual(5000);
  expect(await overlay.box('.paused-banner'), 'the banner is visible').not.toBeNull();

  const popup = await session.openPage('popup.html');
  const connection = popup.locator('.connection');
  await expect.poll(() => connection.count()).toBe(1);
  await expect.poll(() => connection.getAttribute('class'), { timeout: 10_000 }).toMatch(/\b(paused|none)\b/);
  expect(await connection.getAttribute('class')).not.toMatch(/\bactive\b/);
  await inbox.bringToFront();

  const wa = sim(inbox);
  const since = new Date().toISOString();
  const [a, b] = (await wa.chats()).filter((c) => !c.group).map((c) => c.title);
  await wa.customerSends(a, 'Hello, anyone?');
  await wa.openChat(b);
  await inbox.waitForTimeout(2000);
  await wa.customerSends(b, 'Are you there?');
  await inbox.waitForTimeout(1500);
  expect(messageEvents(await session.storedEvents()).filter((m) => m.at >= since), 'events guessed from an unknown layout').toEqual([]);
});
