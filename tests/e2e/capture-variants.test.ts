import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertNoText, historyAuthor, isKey, isListSignal, messageEvents, openSettled, pairOneForOne, SETTLE_MS, sim, startSession, typeReply,
  type Session,
} from './harness';

// Every DOM variant of the imitation (demo/README.md): the same scenario must record each message
// exactly once, with the right direction, author kind and attribution. Variants that touch different
// readers share a browser (rows/ids, test ids/language); bare ids (direction from classes and tails
// only) run alone; the last one is all of them at once, like a 2026 build.
const VARIANTS = [
  '?rows=listitem&ids=lid',
  '?testid=0&lang=fr',
  '?prefix=0',
  '?rows=listitem&testid=0&prefix=0&ids=lid&lang=fr',
];

describe.each(VARIANTS)('variant %s', (query) => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession(`${query}&seed=41&chats=12`);
    await session.configure({ agentName: 'Maria', botRules: ['^🤖'] });
  });
  afterAll(async () => { await session?.close(); });

  const once = async (key: string, what: string) => {
    const [e] = await session.messagesWhere((m) => isKey(m.msg, key), 1, what);
    expect(messageEvents(await session.storedEvents()).filter((m) => isKey(m.msg, key)), `${what} stored once`).toHaveLength(1);
    return e;
  };
  const expectHistory = async (title: string) => {
    const rendered = (await sim(session.inbox).messages(title)).filter((m) => m.rendered);
    const stored = await session.messagesWhere((m) => m.chatTitle === title, rendered.length, `history of ${title}`);
    const { pairs, missing, extra } = pairOneForOne(stored, rendered);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    for (const { sim: m, event } of pairs) expect(event, `${m.key} ${m.text}`).toMatchObject({ ...historyAuthor(m), live: false });
  };

  it('1:1 chat: history, customer text and picture, local, signed and unsigned replies', async () => {
    const { inbox } = session;
    const wa = sim(inbox);
    const title = (await wa.chats()).find((c) => !c.group && c.unread === 0)!.title;
    await openSettled(inbox, title);
    await expectHistory(title);

    const customer = await wa.customerSends(title, 'Do you have it in green?');
    expect(await once(customer.key, 'customer text')).toMatchObject({ dir: 'in', by: 'customer', live: true });
    const picture = await wa.customerSends(title, '', { media: true }); // no caption: no data-pre-plain-text
    expect(await once(picture.key, 'customer picture')).toMatchObject({ dir: 'in', by: 'customer', live: true });
    const reply = await typeReply(inbox, title, 'Yes, we do');
    expect(await once(reply, 'typed reply')).toMatchObject({ dir: 'out', by: 'agent', agent: 'Maria', attribution: 'local', live: true });
    const signed = await wa.otherAgentSends(title, '*Ana:* hello');
    expect(await once(signed.key, 'signed reply')).toMatchObject({ dir: 'out', by: 'agent', agent: 'Ana', attribution: 'signature', live: true });
    const unsigned = await wa.otherAgentSends(title, 'sent from my phone');
    expect(await once(unsigned.key, 'unsigned reply')).toMatchObject({ dir: 'out', by: 'agent', agent: 'unknown', attribution: 'none', live: true });
    const bot = await wa.botSends(title, '🤖 Our opening hours are 9 to 6');
    expect(await once(bot.key, 'bot message')).toMatchObject({ dir: 'out', by: 'bot', live: true });
  });

  it('group chat: history, participants\' messages and a reply', async () => {
    const { inbox } = session;
    const wa = sim(inbox);
    const title = (await wa.chats()).find((c) => c.group)!.title;
    await openSettled(inbox, title);
    await expectHistory(title);
    const rita = await wa.customerSends(title, 'Hello team', { author: 'Rita Lopes' });
    expect(await once(rita.key, 'group member text')).toMatchObject({ dir: 'in', by: 'customer', live: true });
    const photo = await wa.customerSends(title, '', { media: true, author: 'Rita Lopes' });
    expect(await once(photo.key, 'group member picture')).toMatchObject({ dir: 'in', by: 'customer', live: true });
    const reply = await typeReply(inbox, title, 'Hi Rita');
    expect(await once(reply, 'typed reply in a group')).toMatchObject({ dir: 'out', by: 'agent', attribution: 'local', live: true });
  });

  it('unopened chat: a customer message from the chat list, not recorded again on opening', async () => {
    const { inbox } = session;
    const wa = sim(inbox);
    const touched = new Set(messageEvents(await session.storedEvents()).map((m) => m.chatTitle));
    const title = (await wa.chats()).find((c) => !c.group && !touched.has(c.title))!.title;
    await wa.customerSends(title, 'Can I pay by card?');
    const [signal] = await session.messagesWhere((m) => m.chatTitle === title && isListSignal(m), 1, 'list signal');
    expect(signal).toMatchObject({ dir: 'in', by: 'customer', live: true });
    await openSettled(inbox, title);
    await inbox.waitForTimeout(SETTLE_MS / 4);
    const rendered = (await wa.messages(title)).filter((m) => m.rendered);
    const { missing, extra } = pairOneForOne(messageEvents(await session.storedEvents()).filter((m) => m.chatTitle === title), rendered);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    assertNoText(await session.storedEvents(), ['Do you have it in green', 'Hello team', 'Yes, we do', 'Can I pay by card', 'sent from my phone']);
  });
});
