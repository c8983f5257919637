import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatKeyOf } from '../../lib/observe/normalize';
import { assertNoText, eventually, isKey, messageEvents, openSettled, sim, startSession, timersFrame, type Session, type SimMessage } from './harness';

// History is not live (docs/metrics.md "Times"): what the inbox shows on opening a chat or scrolling up
// is stored once as `live: false` at its own time, and never starts a live timer.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=21&chats=12&history=80');
  await session.configure({ agentName: 'Maria', botRules: ['^🤖'], handoffRules: ['an agent will be with you'] });
});
afterAll(async () => { await session?.close(); });

/** Chat keys of the overlay's row timers. */
const timers = (page: Page) => timersFrame(page).locator('.row-timer').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.chat));

/** The stored events of a chat's messages, checked one for one against the rendered history. */
async function expectHistoryStored(title: string, rendered: SimMessage[]) {
  const stored = await session.messagesWhere((m) => m.chatTitle === title, rendered.length, `history of ${title}`);
  for (const m of rendered) {
    const found = stored.filter((e) => isKey(e.msg, m.key));
    expect(found, `message ${m.key} (${m.fromMe ? 'out' : 'in'})`).toHaveLength(1);
    expect(found[0]).toMatchObject({ dir: m.fromMe ? 'out' : 'in', live: false });
    if (m.text) expect(Date.parse(found[0].at), 'history keeps its own time (minute precision)').toBe(Math.floor(m.at / 60_000) * 60_000);
  }
  expect(stored).toHaveLength(rendered.length);
}

describe('backfill', () => {
  it('stores the history shown on opening a chat as live: false, and starts no timer', async () => {
    const { inbox } = session;
    const wa = sim(inbox);
    const chats = await wa.chats();
    // A chat whose last message is the customer's: as history it must not make the chat "waiting" live.
    let title = '';
    for (const c of chats.filter((x) => !x.group && x.unread === 0)) {
      if (!(await wa.messages(c.title)).at(-1)!.fromMe) { title = c.title; break; }
    }
    expect(title).not.toBe('');
    await openSettled(inbox, title);
    const rendered = (await wa.messages(title)).filter((m) => m.rendered);
    expect(rendered.length).toBeGreaterThanOrEqual(40);
    await expectHistoryStored(title, rendered);

    // A live message elsewhere gets a timer; the backfilled chat still has none.
    const other = chats.find((c) => c.title !== title && !c.group)!.title;
    await wa.customerSends(other, 'Are you open today?');
    await eventually(async () => (await timers(inbox)).includes(chatKeyOf(other)), `a row timer for ${other}`);
    expect(await timers(inbox)).not.toContain(chatKeyOf(title));
    const live = messageEvents(await session.storedEvents()).filter((m) => m.live);
    expect(live.map((m) => m.chatTitle)).toEqual([other]);
    assertNoText(await session.storedEvents(), rendered.map((m) => m.text).filter((t) => t.length > 3));
  });

  it('stores older messages loaded by scrolling up once each, as live: false', async () => {
    const { inbox } = session;
    const wa = sim(inbox);
    const title = (await wa.chats()).find((c) => c.open)!.title;
    const first = await wa.loadOlder();
    expect(first.loaded).toBe(20);
    await expectHistoryStored(title, (await wa.messages(title)).filter((m) => m.rendered));
    const second = await wa.loadOlder();
    expect(second.loaded).toBe(20);
    const rendered = (await wa.messages(title)).filter((m) => m.rendered);
    expect(rendered.length).toBeGreaterThanOrEqual(80);
    await expectHistoryStored(title, rendered);
    // Loading older messages above does not re-open the settle window: a message arriving right
    // after them is live, and the history is untouched.
    const { key } = await wa.customerSends(title, 'One more question');
    const [live] = await session.messagesWhere((m) => isKey(m.msg, key), 1, 'the live message after backfill');
    expect(live).toMatchObject({ dir: 'in', by: 'customer', live: true });
    expect(messageEvents(await session.storedEvents()).filter((m) => m.chatTitle === title)).toHaveLength(rendered.length + 1);
  });
});
