import { afterAll, beforeAll, expect, it } from 'vitest';
import { messageEvents, sim, startSession, type Session } from './harness';

// Real WhatsApp replaces a row's preview by "typing…" (no tick, no preview span) while a customer
// types, then brings the old preview and tick back: the row changed, nobody wrote (METRICS.md:
// only messages are events). Neither change may read as an agent reply or a customer message.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=31&chats=14');
  await session.configure({ agentName: 'Maria' });
});
afterAll(async () => { await session?.close(); });

async function typingLeavesNoEvent(group: boolean) {
  const { inbox } = session;
  const wa = sim(inbox);
  const chat = (await wa.chats()).find((c) => c.group === group && !c.open)!;
  if (!chat.lastIsMine || chat.unread > 0) {
    await wa.otherAgentSends(chat.title, 'Noted, thank you');
    await inbox.waitForTimeout(2000);
  }
  const since = new Date().toISOString();
  const before = (await wa.chats()).find((c) => c.jid === chat.jid)!.preview;
  await wa.customerTypes(chat.title, 2500);
  await expect.poll(async () => (await wa.chats()).find((c) => c.jid === chat.jid)?.preview).toMatch(/typing…$/);
  await inbox.waitForTimeout(3500); // typing stops; the old preview and tick are back, and flushed
  expect((await wa.chats()).find((c) => c.jid === chat.jid)?.preview).toBe(before);

  const truth = await wa.truth();
  expect(truth.changes.filter((c) => c.jid === chat.jid).map((c) => c.type)).toEqual(['typing', 'typing-stop']);
  const stored = messageEvents(await session.storedEvents()).filter((m) => m.at >= since && (m.chat === chat.jid || m.chatTitle === chat.title));
  expect(stored, 'events recorded while only the typing indicator came and went').toEqual([]);
}

it('a customer typing in a 1:1 chat that is not open, whose last message is ours, records no reply and no message', async () => {
  await typingLeavesNoEvent(false);
});

it('"Maria is typing…" in a group that is not open records nothing either', async () => {
  await typingLeavesNoEvent(true);
});
