import { afterAll, beforeAll, expect, it } from 'vitest';
import { overlayOf, startSession, timersFrame, type Session } from './harness';

declare const waSim: Record<string, (...args: unknown[]) => unknown>;

let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=11&chats=30');
  // Green under 8 s, amber up to 16 s, red beyond: room for a loaded machine to show the timer green.
  await session.configure({ agentId: 'maria', agentName: 'Maria', targets: { frtS: 16, rtS: 16, closeS: 3600 } });
});
afterAll(async () => { await session?.close(); });

it('times a waiting customer on their row: counts up, turns amber then red at the targets, disappears on reply', async () => {
  const { inbox } = session;
  const title = 'Timer Test';
  const sentAt = Date.now();
  await inbox.evaluate((t) => waSim.customerSends(t, 'Hello?'), title);
  const timer = timersFrame(inbox).locator(`.row-timer[data-chat="${title}"]`);

  await expect.poll(() => timer.getAttribute('class'), { timeout: 10_000 }).toMatch(/\bok\b/);
  expect(Date.now() - sentAt).toBeLessThan(8000);
  const first = await timer.textContent();
  await expect.poll(() => timer.getAttribute('class'), { timeout: 15_000 }).toMatch(/\bwarn\b/);
  expect(Date.now() - sentAt).toBeGreaterThanOrEqual(8000);
  expect(await timer.textContent()).not.toBe(first);
  await inbox.screenshot({ path: 'test-output/overlay-amber.png' });
  await expect.poll(() => timer.getAttribute('class'), { timeout: 15_000 }).toMatch(/\blate\b/);
  expect(Date.now() - sentAt).toBeGreaterThan(16000);
  await inbox.screenshot({ path: 'test-output/overlay-red.png' });

  // The timer sits on the row it belongs to.
  const row = inbox.locator('#pane-side [role="row"], #pane-side [role="listitem"]').filter({ has: inbox.locator(`span[title="${title}"]`) });
  const [rowBox, timerBox] = [await row.boundingBox(), await timer.boundingBox()];
  expect(timerBox!.y).toBeGreaterThanOrEqual(rowBox!.y);
  expect(timerBox!.y + timerBox!.height).toBeLessThanOrEqual(rowBox!.y + rowBox!.height);

  // It follows its row as the list scrolls: gone while the row is scrolled away, back with it.
  await inbox.evaluate(() => waSim.scrollChatList(400));
  await expect.poll(() => timer.count(), { timeout: 5000 }).toBe(0);
  await inbox.evaluate(() => waSim.scrollChatList(-400));
  await expect.poll(() => timer.count(), { timeout: 5000 }).toBe(1);

  await inbox.evaluate((t) => waSim.openChat(t), title);
  await inbox.waitForTimeout(1500);
  await inbox.locator('#main footer [contenteditable="true"]').click();
  await inbox.keyboard.type('Sorry for the wait!');
  await inbox.keyboard.press('Enter');
  await expect.poll(() => timer.count(), { timeout: 10_000 }).toBe(0);
  const overlay = overlayOf(inbox);
  await expect.poll(() => overlay.attribute('.conversation-bar .episode-frt', 'data-frt-s'), { timeout: 10_000 }).not.toBeNull();
  expect(Number(await overlay.attribute('.conversation-bar .episode-frt', 'data-frt-s'))).toBeGreaterThan(16);
  // The open episode's running time is drawn by the frame just left of the bar, on its line.
  const episode = timersFrame(inbox).locator('.episode-time');
  await expect.poll(() => episode.count(), { timeout: 10_000 }).toBe(1);
  const [barBox, episodeBox] = [await overlay.box('.conversation-bar'), await episode.boundingBox()];
  expect(episodeBox!.x + episodeBox!.width).toBeLessThanOrEqual(barBox!.x);
  expect(episodeBox!.x + episodeBox!.width).toBeGreaterThan(barBox!.x - 20);
  expect(Math.abs(episodeBox!.y + episodeBox!.height / 2 - (barBox!.y + barBox!.height / 2))).toBeLessThan(2);
});

it('records Close and Return to bot from the conversation header', async () => {
  const { inbox } = session;
  const overlay = overlayOf(inbox);
  expect(await overlay.text('.conversation-bar .action.return')).toBe('Return to bot');
  expect(await overlay.text('.conversation-bar .action.close')).toBe('Close');
  await overlay.click('.conversation-bar .action.return');
  await overlay.click('.conversation-bar .action.close');
  const stored = await session.storedEvents();
  // An opened chat is keyed by its jid.
  const jid = await inbox.evaluate(() => (waSim.chats() as { title: string; jid: string }[]).find((c) => c.title === 'Timer Test')!.jid);
  await expect.poll(async () => (await session.storedEvents()).filter((e) => (e.type === 'close' || e.type === 'return_to_bot') && e.chat === jid).map((e) => `${e.type}:${(e as { agent: string }).agent}`).sort(), { timeout: 10_000 })
    .toEqual(['close:maria', 'return_to_bot:maria']);
  expect(stored.length).toBeGreaterThan(0);
  // A closed episode shows no running time.
  await expect.poll(() => timersFrame(inbox).locator('.episode-time').count(), { timeout: 10_000 }).toBe(0);
});

it('keeps every timer on its own row through a burst that re-sorts the list (boxes read a few times a second, the last moves included)', async () => {
  const { inbox } = session;
  const titles = (await inbox.evaluate(() => (waSim.chats() as { title: string; group: boolean }[]).filter((c) => !c.group).map((c) => c.title)))
    .filter((t) => t !== 'Timer Test').slice(0, 6);
  // 18 messages 30 ms apart: every one lifts its chat to the top and moves the rows in between.
  await inbox.evaluate((ts) => new Promise<void>((done) => {
    let i = 0;
    const timer = setInterval(() => {
      waSim.customerSends(ts[i % ts.length], `burst ${i}`);
      if (++i === 18) { clearInterval(timer); done(); }
    }, 30);
  }), titles);
  const offRow = async () => {
    const off: string[] = [];
    for (const title of titles) {
      const row = inbox.locator('#pane-side [role="row"], #pane-side [role="listitem"]').filter({ has: inbox.locator(`span[title="${title}"]`) });
      const [rowBox, timerBox] = [await row.boundingBox(), await timersFrame(inbox).locator(`.row-timer[data-chat="${title}"]`).boundingBox()];
      if (!rowBox || !timerBox || timerBox.y < rowBox.y || timerBox.y + timerBox.height > rowBox.y + rowBox.height) off.push(title);
    }
    return off;
  };
  await expect.poll(offRow, { timeout: 10_000 }).toEqual([]);
  // Still there once the list is quiet: not a passing moment.
  await inbox.waitForTimeout(600);
  expect(await offRow()).toEqual([]);
});
