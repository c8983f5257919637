import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, isKey, isListSignal, messageEvents, openSettled, SETTLE_MS, sim, startSession, timersFrame, type Session, type SimMessage } from './harness';

// An update (here a reload, which Chromium handles the same way) cuts the tab's content script off
// from the extension mid-burst: what it had not yet handed to the worker, and what it still sees
// until the new script has taken over, must reach the store once, live, with the time it was seen.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=29&chats=12');
  await session.configure({ agentName: 'Maria' });
  await session.inbox.waitForTimeout(SETTLE_MS);
});
afterAll(async () => { await session?.close(); });

it('stores every message of a burst once, live, with its live time, across an extension reload', async () => {
  const { inbox } = session;
  const wa = sim(inbox);
  const [open, ...unopened] = (await wa.chats()).filter((c) => !c.group && c.unread === 0).map((c) => c.title).slice(0, 3);
  await openSettled(inbox, open);
  const history = (await wa.messages(open)).filter((m) => m.rendered).length;
  await session.messagesWhere((m) => m.chatTitle === open, history, 'the open chat\'s history');
  const frameBefore = timersFrame(inbox).url();

  const keys: string[] = [];
  const signalled = new Map(unopened.map((title) => [title, 0]));
  const N = 45;
  for (let i = 0; i < N; i++) {
    if (i === 12) await session.reloadExtension();
    if (i % 3 === 2) {
      const title = unopened[i % 2];
      await wa.customerSends(title, `burst message ${i}`);
      signalled.set(title, signalled.get(title)! + 1);
    } else {
      keys.push((await wa.customerSends(open, `burst message ${i}`)).key);
    }
    await inbox.waitForTimeout(80);
  }
  // The new content script runs the overlay (its timers frame has a new secret), the old one's is gone.
  await eventually(async () => timersFrame(inbox).url() !== frameBefore, 'the new content script');
  expect(await inbox.locator('inbox-pulse-overlay').count()).toBe(1);
  await eventually(() => session.storedEvents().then(() => true, () => false), 'the reloaded extension');

  const sent = new Map((await wa.messages(open)).map((m): [string, SimMessage] => [m.key, m]));
  const burst = async () => messageEvents(await session.storedEvents()).filter((m) => keys.some((k) => isKey(m.msg, k)) || isListSignal(m));
  await eventually(async () => (await burst()).length >= N, `${N} burst messages stored`, 30_000);
  await inbox.waitForTimeout(1500); // a late duplicate or a late history copy would land now
  const stored = await burst();
  for (const key of keys) {
    const copies = stored.filter((m) => isKey(m.msg, key));
    expect(copies, key).toHaveLength(1);
    // Live: the time it was seen; a history copy would carry the minute the inbox shows.
    expect(copies[0].live, key).toBe(true);
    const seenAfterMs = Date.parse(copies[0].at) - sent.get(key)!.at;
    expect(seenAfterMs, key).toBeGreaterThanOrEqual(0);
    expect(seenAfterMs, key).toBeLessThan(5000);
  }
  // The chats not open: one live list signal per message, none missed or doubled at the hand-over.
  for (const [title, count] of signalled) {
    const signals = stored.filter((m) => m.chatTitle === title && isListSignal(m));
    expect(signals.map((m) => [m.dir, m.live]), title).toEqual(Array(count).fill(['in', true]));
  }
  expect(JSON.stringify(stored)).not.toContain('burst message');
});
