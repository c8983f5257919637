import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoText, eventually, isListSignal, messageEvents, openSettled, pairOneForOne, SETTLE_MS, sim, startSession, type Session } from './harness';

// Chats that are not open: their messages are seen in the chat list (unread count, last-message
// preview) and recorded live at once; opening the chat later records each as its real message,
// with the list's time, and a link supersedes the list's copy: every message counts once.
let session: Session;
beforeAll(async () => {
  session = await startSession('?seed=31&chats=12');
  await session.configure({ agentName: 'Maria', botRules: ['^🤖'], handoffRules: ['an agent will'], routes: [{ label: 'Sales', keywords: ['1'] }] });
  await session.inbox.waitForTimeout(SETTLE_MS); // the list's first render is history
});
afterAll(async () => { await session?.close(); });

const ofChat = async (title: string) => messageEvents(await session.storedEvents()).filter((m) => m.chatTitle === title);

/** Opens the chat and checks that what is stored for it is its rendered messages, one for one. */
async function expectOneForOneAfterOpening(title: string) {
  await openSettled(session.inbox, title);
  const expected = (await sim(session.inbox).messages(title)).filter((m) => m.rendered);
  const pairing = await eventually(async () => {
    const p = pairOneForOne(await ofChat(title), expected);
    return p.missing.length === 0 ? p : undefined;
  }, `every rendered message of ${title} stored`);
  expect(pairing.extra, `stored twice or not shown in ${title}`).toEqual([]);
  for (const { sim: m, event } of pairing.pairs) expect(event.dir, m.key).toBe(m.fromMe ? 'out' : 'in');
  return pairing;
}

describe('chat-list signals', () => {
  it('records messages of unopened chats live, once, and does not record them again when the chat is opened', async () => {
    const { inbox } = session;
    const wa = sim(inbox);
    const chats = (await wa.chats()).filter((c) => !c.open);
    const [a, b, c] = chats.filter((x) => !x.group).map((x) => x.title);
    const group = chats.find((x) => x.group)!.title;
    const step = async (send: () => Promise<unknown>, title: string, count: number) => {
      await send();
      await session.messagesWhere((m) => m.chatTitle === title && isListSignal(m) && m.live, count, `${count} list signals in ${title}`);
    };
    await step(() => wa.customerSends(a, 'Hi, is the house still available?'), a, 1);
    await step(() => wa.customerSends(a, 'Hello??'), a, 2);
    await step(() => wa.customerSends(group, 'Hello team', { author: 'Rita Lopes' }), group, 1);
    await step(() => wa.botSends(b, '🤖 Reply 1 for Sales, 2 for Support'), b, 1);
    await step(() => wa.customerSends(b, '1'), b, 2);
    await step(() => wa.otherAgentSends(c, 'On my way to the store'), c, 1);

    // The live ones: the list's first render gave the backlog (customers waiting at load, history).
    const signals = messageEvents(await session.storedEvents()).filter((m) => isListSignal(m) && m.live);
    expect(signals).toHaveLength(6);
    for (const s of signals) expect(s.live).toBe(true);
    const of = (t: string) => signals.filter((s) => s.chatTitle === t);
    expect(of(a).map((s) => [s.dir, s.by])).toEqual([['in', 'customer'], ['in', 'customer']]);
    expect(of(group)[0]).toMatchObject({ dir: 'in', by: 'customer' });
    expect(of(b)[0]).toMatchObject({ dir: 'out', by: 'bot' });
    expect(of(b)[1]).toMatchObject({ dir: 'in', by: 'customer', route: 'Sales' });
    expect(of(c)[0]).toMatchObject({ dir: 'out', by: 'agent', agent: 'unknown', attribution: 'none' });

    for (const title of [a, group, b]) {
      const { pairs } = await expectOneForOneAfterOpening(title);
      // Superseded by the real messages, at the times the list saw them.
      expect(pairs.filter((p) => isListSignal(p.event))).toEqual([]);
      const live = pairs.filter((p) => p.event.live);
      expect(live).toHaveLength(2 - Number(title === group));
      const listTimes = of(title).map((s) => s.at).sort();
      expect(live.map((p) => p.event.at).sort()).toEqual(listTimes);
    }
    const links = (await session.storedEvents()).filter((e) => e.type === 'link');
    expect(links.filter((l) => signals.some((s) => s.msg === l.msg && l.toMsg))).toHaveLength(5);
    assertNoText(await session.storedEvents(), ['house still available', 'Hello team', 'Reply 1 for Sales', 'On my way']);
  });

  it('records each message once when a chat is opened while its messages arrive', async () => {
    const { inbox } = session;
    const wa = sim(inbox);
    const touched = new Set(messageEvents(await session.storedEvents()).map((m) => m.chatTitle));
    const title = (await wa.chats()).find((x) => !x.group && x.unread === 0 && !touched.has(x.title))!.title;
    const before = (await wa.messages(title)).length;
    const texts = Array.from({ length: 12 }, (_, i) => `question number ${i + 1}`);
    const sending = (async () => {
      for (const t of texts) {
        await wa.customerSends(title, t);
        await inbox.waitForTimeout(250);
      }
    })();
    await inbox.waitForTimeout(600);
    await wa.openChat(title);
    await sending;
    await inbox.waitForTimeout(SETTLE_MS);
    const { key } = await wa.customerSends(title, 'and one more, live');
    const pairing = await expectOneForOneAfterOpening(title);
    expect((await wa.messages(title)).length).toBe(before + texts.length + 1);
    const last = pairing.pairs.find((p) => p.sim.key === key)!.event;
    expect(last).toMatchObject({ dir: 'in', by: 'customer', live: true, msg: key });
    // Those seen in the list before the chat was open were recorded again as their real messages, live.
    const linked = new Set((await session.storedEvents()).flatMap((e) => (e.type === 'link' && e.toMsg ? [e.toMsg] : [])));
    const fromList = pairing.pairs.filter((p) => linked.has(p.event.msg));
    expect(fromList.length).toBeGreaterThan(0);
    expect(fromList.every((p) => p.event.live)).toBe(true);
    expect(pairing.pairs.filter((p) => isListSignal(p.event))).toEqual([]);
  });
});
