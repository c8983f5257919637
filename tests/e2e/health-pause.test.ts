import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvents, openSettled, overlayOf, SETTLE_MS, sim, startSession, typeReply, type Session } from './harness';

// When the page no longer looks like what the adapter knows (docs/architecture.md#reading-whatsapp-web health), monitoring pauses
// and says why, in the popup and in the inbox, and nothing is guessed: no event of the broken kind.
const CASES = [
  { broken: 'direction', field: 'messages.direction', listWorks: true },
  { broken: 'dataid', field: 'messages.key', listWorks: true },
  { broken: 'rowtitle', field: 'rows.title', listWorks: false },
] as const;

describe.each(CASES)('broken=$broken', ({ broken, field, listWorks }) => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession(`?broken=${broken}&seed=71&chats=12`);
    await session.configure({ agentName: 'Maria' });
    await session.inbox.waitForTimeout(SETTLE_MS);
  });
  afterAll(async () => { await session?.close(); });

  it(`pauses on ${field}, shows why in the popup and the overlay, and records nothing it would have to guess`, async () => {
    const { inbox } = session;
    const wa = sim(inbox);
    const [open, other] = (await wa.chats()).filter((c) => !c.group && c.unread === 0).map((c) => c.title);
    await openSettled(inbox, open);

    const overlay = overlayOf(inbox);
    await expect.poll(() => overlay.text('.paused-banner'), { timeout: 15_000 }).toContain('Monitoring paused');
    expect(await overlay.text('.paused-banner')).toContain(field);
    expect(await overlay.box('.paused-banner')).not.toBeNull();
    const popup = await session.openPage('popup.html');
    const paused = popup.locator('.connection .paused');
    await expect.poll(() => paused.textContent(), { timeout: 15_000 }).toContain('Monitoring paused');
    expect(await paused.textContent()).toContain(field);
    await inbox.bringToFront();

    // Live traffic in the open chat and in another chat.
    await wa.customerSends(open, 'Hello, are you there?');
    await typeReply(inbox, open, 'Yes, how can I help?');
    await wa.otherAgentSends(open, '*Ana:* hello');
    await wa.customerSends(other, 'Anyone?');
    if (listWorks) {
      // The list is healthy: its signal arrives, and with it everything sent before it.
      await session.messagesWhere((m) => m.chatTitle === other && m.live, 1, 'the list signal of the healthy list');
    }
    await inbox.waitForTimeout(1500); // what was observed has been flushed (every 200 ms)

    // Leaving out the backlog: customers the healthy list showed waiting when it first rendered.
    const stored = messageEvents(await session.storedEvents()).filter((m) => !m.msg.startsWith('row-h'));
    expect(stored.filter((m) => m.chatTitle === open), 'events from the paused conversation').toEqual([]);
    if (listWorks) expect(stored.map((m) => [m.chatTitle, m.dir, m.by])).toEqual([[other, 'in', 'customer']]);
    else expect(stored, 'events from the paused chat list').toEqual([]);
    // Still paused, still saying so.
    expect(await overlay.text('.paused-banner')).toContain(field);
  });
});
