import { afterAll, beforeAll, expect, it } from 'vitest';
import { fidelity, pairWithTruth } from '../../demo/truth.mjs';
import { openSettled, sim, startSession, typeReply, type Session } from './harness';

// METRICS.md "Chat identity": a chat is its jid once the page shows one; a renamed contact stays
// one chat, two chats with the same title stay two.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=35&chats=10&ids=cus');
  await session.configure({ agentName: 'Maria' });
});
afterAll(async () => { await session?.close(); });

it('a contact saved under a name mid-episode stays one chat, and its FRT runs across the rename', async () => {
  const { inbox } = session;
  const wa = sim(inbox);
  const since = await wa.now();
  const first = await wa.customerSends('+33 6 12 34 56 78', 'Bonjour, je voudrais un devis');
  await inbox.waitForTimeout(1500);
  await wa.renameChat('+33 6 12 34 56 78', 'Jean Dupont');
  await inbox.waitForTimeout(1000);
  await wa.customerSends('Jean Dupont', 'Pour 40 chaises');
  await inbox.waitForTimeout(1000);
  await openSettled(inbox, 'Jean Dupont');
  await typeReply(inbox, 'Jean Dupont', 'Bonjour Jean, je vous le prépare');
  await inbox.waitForTimeout(2000);

  const f = fidelity(await session.storedEvents(), await wa.truth(), since);
  const mine = f.rows.filter((r) => r.truth.jid === first.jid);
  expect(mine.map((r) => r.events.length), 'each message once').toEqual([1, 1, 1]);
  expect(new Set(mine.map((r) => r.events[0].chat)).size, `chat keys ${mine.map((r) => r.events[0].chat)}`).toBe(1);
  expect(f.frtMax, 'FRT error (s) across the rename').toBeLessThanOrEqual(1);
});

it('two different chats both titled "Maria" stay two chats, and each one\'s wait is seen', async () => {
  const { inbox } = session;
  const wa = sim(inbox);
  const one = await wa.addChat('Maria', { duplicate: true });
  const two = await wa.addChat('Maria', { duplicate: true });
  expect(one.jid).not.toBe(two.jid);
  const a = await wa.customerSends(one.jid, 'Hi, this is Maria from the bakery');
  await inbox.waitForTimeout(1500);
  const b = await wa.customerSends(two.jid, 'Hello, Maria here, about my order');
  await inbox.waitForTimeout(2500);

  const { rows } = pairWithTruth(await session.storedEvents(), await wa.truth());
  const [ea, eb] = [a, b].map((ref) => rows.find((r) => r.truth.key === ref.key)!.events);
  expect(ea, 'the first Maria\'s message, once').toHaveLength(1);
  expect(eb, 'the second Maria\'s message, once').toHaveLength(1);
  expect(ea[0].chat, 'two chats, two keys').not.toBe(eb[0].chat);

  const panel = await session.openPage('sidepanel.html');
  const waiting = panel.locator('.live li[data-chat]', { hasText: 'Maria' });
  await expect.poll(() => waiting.count(), { timeout: 15_000 }).toBe(2);
});
